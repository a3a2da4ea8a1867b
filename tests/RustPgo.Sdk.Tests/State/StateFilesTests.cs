using System;
using System.IO;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Merge;
using RustPgo.Sdk.Tasks.State;
using RustPgo.Sdk.Tasks.Train;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.State;

/// <summary>Each state file has one typed reader and writer; what one writes, the other reads back.</summary>
public sealed class StateFilesTests() : ScratchFolderTests("state")
{

    [Fact]
    public void A_build_record_round_trips()
    {
        var record = new CargoBuildRecord
        {
            Package = "cratea",
            LibraryName = "cratea",
            CrateTypes = new[] { "cdylib", "staticlib" },
            DynamicLibrary = "/t/lib cratea.so",
            DebugSymbols = new[] { "/t/cratea.pdb" },
            StaticLibrary = "/t/libcratea.a",
            NativeStaticLibs = new[] { "-lgcc_s", "-lc" },
            RustFlags = new[] { "-Cprofile-use=/use/1.profdata", "--cfg=a|b" },
            LocalPackageDirectories = new[] { "/w/cratea", "/w/helper" },
            ProfileWarnings = new[] { "no profile data available for function f Hash = 1" },
        };
        var path = Path.Combine(Folder, "build.txt");
        Assert.True(record.WriteWhenChanged(path));
        var read = CargoBuildRecord.TryRead(path)!;
        Assert.Equal(record.Package, read.Package);
        Assert.Equal(record.CrateTypes, read.CrateTypes);
        Assert.Equal(record.DynamicLibrary, read.DynamicLibrary);
        Assert.Equal(record.StaticLibrary, read.StaticLibrary);
        Assert.Equal(record.NativeStaticLibs, read.NativeStaticLibs);
        Assert.Equal(record.RustFlags, read.RustFlags);
        Assert.Equal(record.LocalPackageDirectories, read.LocalPackageDirectories);
        Assert.Equal(record.ProfileWarnings, read.ProfileWarnings);
        Assert.Equal("/use/1.profdata", read.ProfileUse);
        Assert.Equal(new[] { "/t/lib cratea.so", "/t/cratea.pdb" }, read.ShippedFiles);
    }

    /// <summary>The record's timestamp is what reruns the trainings: it moves exactly when cargo wrote a library anew.</summary>
    [Fact]
    public void A_build_record_is_rewritten_only_when_a_library_it_names_changed()
    {
        var library = Projects.Write(Path.Combine(Folder, "target", "libcalc.so"), "elf");
        var record = new CargoBuildRecord { Package = "calc", LibraryName = "calc", DynamicLibrary = library };
        var path = Path.Combine(Folder, "build.txt");
        Assert.True(record.WriteWhenChanged(path));
        Assert.False(record.WriteWhenChanged(path));

        File.SetLastWriteTimeUtc(library, File.GetLastWriteTimeUtc(library).AddSeconds(1));
        Assert.True(record.WriteWhenChanged(path));
        Assert.False(record.WriteWhenChanged(path));
    }

    [Fact]
    public void A_value_holding_line_breaks_or_percent_signs_round_trips()
    {
        var profiles = new[] { new TrainedRawProfile("/raw/100%\n/a\nb\r.profraw", 1, "multi\nline", 1, "a-1", "a") };
        var path = Path.Combine(Folder, "raw-profiles.txt");
        TrainingResult.Write(path, profiles);
        Assert.Equal(2, File.ReadAllLines(path).Length);
        Assert.Equal(profiles[0], Assert.Single(TrainingResult.Read(path)));
    }

    [Fact]
    public void A_missing_or_foreign_state_file_reads_as_absent_and_is_RUSTPGO010_where_a_stage_needs_it()
    {
        var path = Path.Combine(Folder, "build.txt");
        Assert.Null(CargoBuildRecord.TryRead(path));
        Directory.CreateDirectory(Folder);
        File.WriteAllText(path, "/old/format/libcalc.so\n");
        Assert.Null(CargoBuildRecord.TryRead(path));
        var error = Assert.Throws<RustPgoException>(() => TrainingResult.Read(path));
        Assert.Equal(Codes.StateUnreadable, error.Code);
        Assert.Contains("RustPgoTrain", error.Message);
    }

    [Fact]
    public void Training_results_and_merge_records_round_trip()
    {
        var profiles = new[]
        {
            new TrainedRawProfile("/raw/1/a/x|y.profraw", 1, "app|x", 3, "a-1234", "cratea"),
            new TrainedRawProfile("/raw/2/b/z.profraw", 2, "tests", 1, "b-5678", "crateb"),
        };
        var result = Path.Combine(Folder, "raw-profiles.txt");
        TrainingResult.Write(result, profiles);
        var read = TrainingResult.Read(result);
        Assert.Equal("/raw/1/a/x|y.profraw", read[0].Path);
        Assert.Equal("app/x", read[0].TrainingName);
        Assert.Equal(profiles[1], read[1]);

        var merge = Path.Combine(Folder, "merge.txt");
        new MergeRecord { Merger = "built-in", Merged = profiles, Crates = new[] { new CrateProfileCounts("a-1234", "cratea", 7, 5, 1) } }.Write(merge);
        var record = MergeRecord.Read(merge);
        Assert.Equal("built-in", record.Merger);
        Assert.Equal(2, record.Trainings);
        Assert.Equal(new CrateProfileCounts("a-1234", "cratea", 7, 5, 1), Assert.Single(record.Crates));
    }
}
