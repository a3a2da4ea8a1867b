using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.State;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Stages;

public sealed class ResolveRustStageTests() : ScratchFolderTests("ünï-resolve")
{
    private readonly RecordingEngine _engine = new();

    private ResolveRustStage Task(string? rid, params ITaskItem[] crates) => StageTask("build", rid, crates);

    private ResolveRustStage StageTask(string stage, string? rid, params ITaskItem[] crates) => new()
    {
        BuildEngine = _engine,
        Crates = crates,
        Stage = stage,
        IntermediateDirectory = Path.Combine(Folder, "obj", "rust", "Debug"),
        DefaultCargoProfile = "dev",
        RuntimeIdentifier = rid,
        HostRuntimeIdentifier = "linux-x64",
        PlainTargetDirectory = Path.Combine(Folder, "obj", "rust", "Debug", "target"),
    };

    private ITaskItem Resolve(ITaskItem crate, string stage = "build", string? rid = null)
    {
        var task = StageTask(stage, rid, crate);
        Assert.True(task.Execute(), _engine.Text);
        return Assert.Single(task.StageCrates);
    }

    /// <summary>The Inputs list as MSBuild's Inputs attribute splits it: the escaped value at each `;`.</summary>
    private static string[] Inputs(ITaskItem stageCrate) =>
        ((ITaskItem2)stageCrate).GetMetadataValueEscaped("Inputs").Split(';').Select(p => new TaskItem(p).ItemSpec).ToArray();

    [Fact]
    public void The_plain_host_build_names_no_triple_and_reruns_on_its_manifest_and_settings()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var crate = Resolve(new TaskItem(manifest));
        Assert.Equal(manifest, crate.ItemSpec);
        Assert.Equal("", crate.GetMetadata("TargetTriple"));
        Assert.Equal("dev", crate.GetMetadata("CargoProfile"));
        Assert.Equal("linux-x64", crate.GetMetadata("NativeRuntimeIdentifier"));
        Assert.Contains(Path.DirectorySeparatorChar + "host" + Path.DirectorySeparatorChar, crate.GetMetadata("StateDirectory"));
        Assert.EndsWith(Path.Combine("build", "build.txt"), crate.GetMetadata("BuildRecord"));
        var settings = Path.Combine(crate.GetMetadata("StateDirectory"), "settings.cache");
        Assert.Equal(new[] { manifest, settings }, Inputs(crate));
        Assert.True(File.Exists(settings));
    }

    [Fact]
    public void The_pgo_stages_name_the_host_triple_and_their_own_target_folders()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var instrument = Resolve(new TaskItem(manifest), "pgo-instrument");
        Assert.Equal("x86_64-unknown-linux-gnu", instrument.GetMetadata("TargetTriple"));
        Assert.EndsWith(Path.Combine("pgo-instrument", "target") + Path.DirectorySeparatorChar, instrument.GetMetadata("TargetDirectory"));
        Assert.EndsWith(Path.Combine("pgo-instrument", "raw") + Path.DirectorySeparatorChar, instrument.GetMetadata("ProfileGenerateDirectory"));
        Assert.Equal("", instrument.GetMetadata("ProfileUse"));
        Assert.Equal(Resolve(new TaskItem(manifest)).GetMetadata("CrateKey"), instrument.GetMetadata("CrateKey"));
    }

    /// <summary>The profile rustc reads is named by its content, so rewriting it in place rebuilds.</summary>
    [Fact]
    public void The_optimized_stage_reads_a_content_addressed_copy_of_the_profile()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var profdata = Projects.Write(Path.Combine(Folder, "merged.profdata"), "first");
        var task = StageTask("pgo-optimize", null, new TaskItem(manifest));
        task.Profdata = profdata;
        Assert.True(task.Execute(), _engine.Text);
        var first = task.StageCrates[0].GetMetadata("ProfileUse");
        Assert.Equal("first", File.ReadAllText(first));

        File.WriteAllText(profdata, "second");
        Assert.True(task.Execute(), _engine.Text);
        var second = task.StageCrates[0].GetMetadata("ProfileUse");
        Assert.NotEqual(first, second);
        Assert.Equal("second", File.ReadAllText(second));
    }

    [Fact]
    public void A_missing_profile_is_RUSTPGO109_when_checked_in_and_RUSTPGO010_when_merged()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var checkedIn = StageTask("pgo-optimize", null, new TaskItem(manifest));
        checkedIn.Profdata = Path.Combine(Folder, "nowhere.profdata");
        checkedIn.ProfdataIsCheckedIn = true;
        Assert.False(checkedIn.Execute());
        var merged = StageTask("pgo-optimize", null, new TaskItem(manifest));
        merged.Profdata = Path.Combine(Folder, "obj", "merged.profdata");
        Assert.False(merged.Execute());
        Assert.Equal(new[] { "RUSTPGO109", "RUSTPGO010" }, _engine.Errors.Select(e => e.Code));
    }

    [Fact]
    public void A_finished_build_stands_until_a_library_vanishes_a_config_file_appears_or_a_watched_variable_changes()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var recordPath = Resolve(new TaskItem(manifest)).GetMetadata("BuildRecord");
        var library = Projects.Write(Path.Combine(Folder, "target", "debug", "libcalc.so"), "elf");
        var config = Path.Combine(Folder, "calc", ".cargo", "config.toml");
        var variable = "RUSTPGO_TEST_" + Guid.NewGuid().ToString("N");
        void Record() => new CargoBuildRecord
        {
            Package = "calc",
            DynamicLibrary = library,
            Inputs = new[] { Path.Combine(Folder, "calc", "src", "lib.rs") },
            AbsentInputs = new[] { config },
            EnvironmentInputs = new[] { variable },
        }.Write(recordPath);

        Record();
        var crate = Resolve(new TaskItem(manifest));
        Assert.True(File.Exists(recordPath), "a standing build was forgotten");
        Assert.Contains(Path.Combine(Folder, "calc", "src", "lib.rs"), Inputs(crate));

        File.Delete(library);
        Resolve(new TaskItem(manifest));
        Assert.False(File.Exists(recordPath), "the record still claims a library that is gone");

        File.WriteAllText(library, "elf");
        Record();
        Projects.Write(config, "[build]\n");
        Resolve(new TaskItem(manifest));
        Assert.False(File.Exists(recordPath), "a new .cargo/config.toml did not rebuild");

        File.Delete(config);
        Record();
        Environment.SetEnvironmentVariable(variable, "on");
        try
        {
            Resolve(new TaskItem(manifest));
            Assert.False(File.Exists(recordPath), "a changed rerun-if-env-changed variable did not rebuild");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Read_only_resolution_writes_and_forgets_nothing()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var task = Task(null, new TaskItem(manifest));
        task.ReadOnly = true;
        Assert.True(task.Execute(), _engine.Text);
        Assert.False(Directory.Exists(Path.Combine(Folder, "obj")));
    }

    [Fact]
    public void Changed_features_rewrite_the_settings_file_and_unchanged_ones_leave_it_alone()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var settings = Path.Combine(Resolve(new TaskItem(manifest)).GetMetadata("StateDirectory"), "settings.cache");
        var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(settings, stamp);

        Resolve(new TaskItem(manifest));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(settings));

        var withFeatures = new TaskItem(manifest);
        withFeatures.SetMetadata("Features", "fast");
        Resolve(withFeatures);
        Assert.NotEqual(stamp, File.GetLastWriteTimeUtc(settings));
        Assert.Contains("Features=fast", File.ReadAllText(settings));
    }

    [Fact]
    public void A_crate_folder_resolves_to_its_Cargo_toml()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var crate = Resolve(new TaskItem(Path.GetDirectoryName(manifest)!), rid: "linux-arm64");
        Assert.Equal(manifest, crate.ItemSpec);
        Assert.Equal("aarch64-unknown-linux-gnu", crate.GetMetadata("TargetTriple"));
    }

    [Fact]
    public void A_path_with_MSBuild_special_characters_survives_the_inputs_list()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "100% (a;b) $x @y"));
        var crate = Resolve(new TaskItem(StageItem.Escape(manifest)));
        Assert.Equal(manifest, crate.ItemSpec);
        Assert.Equal(2, Inputs(crate).Length);
        Assert.Equal(manifest, Inputs(crate)[0]);
    }

    [Fact]
    public void Unknown_runtime_identifier_is_RUSTPGO005_with_the_reason()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        Assert.False(Task("browser-wasm", new TaskItem(manifest)).Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("RUSTPGO005", error.Code);
        Assert.Contains("browser-wasm", error.Message);
        Assert.Contains("RustTargetTriple", error.Message);
    }

    /// <summary>RUSTPGO005 says to set RustTargetTriple on the RustCrate item; doing so builds for that triple.</summary>
    [Fact]
    public void RustTargetTriple_on_the_crate_overrides_the_runtime_identifier()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var crate = new TaskItem(manifest);
        crate.SetMetadata("RustTargetTriple", "sparc64-unknown-linux-gnu");
        Assert.Equal("sparc64-unknown-linux-gnu", Resolve(crate, rid: "linux-sparc").GetMetadata("TargetTriple"));
    }

    [Theory]
    [InlineData("RUSTFLAGS", true)]
    [InlineData("CARGO_ENCODED_RUSTFLAGS", true)]
    [InlineData("CARGO_BUILD_RUSTFLAGS", true)]
    [InlineData("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS", true)]
    [InlineData("CARGO_PROFILE_RELEASE_LTO", true)]
    [InlineData("RUSTUP_TOOLCHAIN", true)]
    [InlineData("RUSTC_WRAPPER", false)]
    [InlineData("CARGO_TERM_COLOR", false)]
    [InlineData("PATH", false)]
    public void The_environment_that_changes_what_cargo_builds_is_part_of_the_settings(string variable, bool relevant) =>
        Assert.Equal(relevant, CargoEnvironment.IsRelevant(variable));
}
