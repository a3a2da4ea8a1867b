using System.IO;
using System.Linq;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Cargo;

public sealed class CargoInvocationTests() : ScratchFolderTests("invocation")
{
    private TaskItem Optimized(string profdata, bool checkedIn = false) => Stage("pgo-optimize", profdata, checkedIn);

    private TaskItem Stage(string stage, string? profdata = null, bool checkedIn = false)
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var task = new ResolveRustStage
        {
            BuildEngine = new RecordingEngine(),
            Crates = new[] { new TaskItem(manifest) },
            Stage = stage,
            IntermediateDirectory = Path.Combine(Folder, "obj"),
            StateKey = "host",
            DefaultCargoProfile = "release",
            HostRuntimeIdentifier = "linux-x64",
            PlainTargetDirectory = Path.Combine(Folder, "obj", "target"),
            Profdata = profdata,
            ProfdataIsCheckedIn = checkedIn,
            CargoPath = SdkFixture.CargoBin,
        };
        Assert.True(task.Execute());
        return (TaskItem)task.StageCrates.Single();
    }

    /// <summary>The profile rustc reads is named by its content, so rewriting it in place rebuilds.</summary>
    [Fact]
    public void The_optimized_build_reads_a_content_addressed_copy_of_the_profile()
    {
        var profdata = Projects.Write(Path.Combine(Folder, "merged.profdata"), "first");
        var crate = Optimized(profdata);
        var first = CargoInvocation.For(crate).ProfileUse!;
        Assert.Equal("first", File.ReadAllText(first));
        Assert.Contains("-Cprofile-use=" + first, CargoInvocation.For(crate).Spec.Environment["CARGO_ENCODED_RUSTFLAGS"]);

        File.WriteAllText(profdata, "second");
        var second = CargoInvocation.For(crate).ProfileUse!;
        Assert.NotEqual(first, second);
        Assert.Equal("second", File.ReadAllText(second));
        Assert.False(File.Exists(first), "the copy of the old profile stayed");
    }

    [Fact]
    public void A_missing_profile_is_RUSTPGO109_when_checked_in_and_RUSTPGO010_when_merged()
    {
        var missing = Path.Combine(Folder, "nowhere.profdata");
        Assert.Equal(Codes.CheckedInProfdataNotFound, Assert.Throws<RustPgoException>(() => CargoInvocation.For(Optimized(missing, checkedIn: true))).Code);
        Assert.Equal(Codes.StateUnreadable, Assert.Throws<RustPgoException>(() => CargoInvocation.For(Optimized(missing))).Code);
    }

    /// <summary>
    /// The shipped instrumented build has the training's rustflags but for where it writes, plus the profile
    /// exports, compiled once by the toolchain's rustc and exported by a version script.
    /// </summary>
    [SkippableFact]
    public void The_shipped_instrumented_build_links_and_exports_the_profile_functions()
    {
        Skip.IfNot(HostPlatform.IsLinux, "the exports are compiled for x86_64-unknown-linux-gnu, whose standard library a Linux host has");
        var field = CargoInvocation.For(Stage("pgo-field"));
        var instrument = CargoInvocation.For(Stage("pgo-instrument"));
        Assert.Contains("-Cprofile-generate=/tmp/rustpgo-profiles/calc/%h-%p", field.RustFlags);
        var extra = field.RustFlags.Except(instrument.RustFlags).ToList();
        Assert.Equal(3, extra.Count);
        var obj = extra.Single(f => f.StartsWith("-Clink-arg=/", System.StringComparison.Ordinal) && f.EndsWith(".o", System.StringComparison.Ordinal)).Substring("-Clink-arg=".Length);
        Assert.True(File.Exists(obj));
        Assert.Equal(new[] { "rustpgo_profile_reset", "rustpgo_profile_write" }, ElfSymbols(obj));
        var script = extra.Single(f => f.StartsWith("-Clink-arg=-Wl,--version-script=", System.StringComparison.Ordinal)).Substring("-Clink-arg=-Wl,--version-script=".Length);
        Assert.Contains("rustpgo_profile_write;", File.ReadAllText(script));
        Assert.Contains("rustpgo_profile_reset;", File.ReadAllText(script));
        Assert.Single(instrument.RustFlags, f => f.StartsWith("-Cprofile-generate=", System.StringComparison.Ordinal));

        var written = File.GetLastWriteTimeUtc(obj);
        Assert.Equal(field.RustFlags, CargoInvocation.For(Stage("pgo-field")).RustFlags);
        Assert.Equal(written, File.GetLastWriteTimeUtc(obj));
    }

    /// <summary>The global function symbols an object defines (nm), sorted.</summary>
    private static string[] ElfSymbols(string obj)
    {
        var nm = ChildProcess.Run("nm", new[] { "--defined-only", "-g", obj }, Path.GetDirectoryName(obj)!);
        return nm.Output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ').Last().Trim()).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void The_plain_build_sets_no_rustflags()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var task = new ResolveRustStage
        {
            BuildEngine = new RecordingEngine(),
            Crates = new[] { new TaskItem(manifest) },
            Stage = "build",
            IntermediateDirectory = Path.Combine(Folder, "obj"),
            StateKey = "host",
            DefaultCargoProfile = "dev",
            HostRuntimeIdentifier = "linux-x64",
            PlainTargetDirectory = Path.Combine(Folder, "obj", "target"),
            CargoPath = SdkFixture.CargoBin,
        };
        Assert.True(task.Execute());
        var invocation = CargoInvocation.For(task.StageCrates.Single());
        Assert.Empty(invocation.RustFlags);
        Assert.False(invocation.Spec.Environment.ContainsKey("CARGO_ENCODED_RUSTFLAGS"));
        Assert.DoesNotContain("--target", invocation.Spec.Arguments);
    }
}
