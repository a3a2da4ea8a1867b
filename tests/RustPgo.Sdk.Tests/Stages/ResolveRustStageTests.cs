using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Stages;
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
        StateKey = rid ?? "host",
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

    private static string Sep => Path.DirectorySeparatorChar.ToString();

    [Fact]
    public void The_plain_host_build_names_no_target_and_writes_nothing()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var crate = Resolve(new TaskItem(manifest));
        Assert.Equal(manifest, crate.ItemSpec);
        Assert.Equal("", crate.GetMetadata("TargetTriple"));
        Assert.Equal("x86_64-unknown-linux-gnu", crate.GetMetadata("Triple"));
        Assert.Equal("dev", crate.GetMetadata("CargoProfile"));
        Assert.Equal("linux-x64", crate.GetMetadata("NativeRuntimeIdentifier"));
        Assert.Contains(Sep + "host" + Sep, crate.GetMetadata("StateDirectory"));
        Assert.EndsWith(Path.Combine("build", "build.txt"), crate.GetMetadata("BuildRecord"));
        Assert.EndsWith(Sep + "ship" + Sep, crate.GetMetadata("ShipDirectory"));
        Assert.Equal("libcalc.so", crate.GetMetadata("LibraryFileName"));
        Assert.Equal("false", crate.GetMetadata("BuildsBeforeCompile"));
        Assert.False(Directory.Exists(Path.Combine(Folder, "obj")), "resolving wrote state");
    }

    [Fact]
    public void The_library_file_is_named_after_the_lib_target_or_the_package_with_underscores()
    {
        var dashed = Projects.Crate(Path.Combine(Folder, "fast-math"), "fast-math");
        Assert.Equal("libfast_math.so", Resolve(new TaskItem(dashed)).GetMetadata("LibraryFileName"));
        var renamed = Projects.Crate(Path.Combine(Folder, "renamed"), "renamed", extraToml: "name = \"engine\"\n");
        Assert.Equal("libengine.so", Resolve(new TaskItem(renamed)).GetMetadata("LibraryFileName"));
        Assert.Equal("engine.dll", Resolve(new TaskItem(renamed), rid: "win-x64").GetMetadata("LibraryFileName"));
        Assert.Equal("libengine.dylib", Resolve(new TaskItem(renamed), rid: "osx-arm64").GetMetadata("LibraryFileName"));
    }

    /// <summary>A Windows build's .pdb comes and goes with the profile's debug settings: it is known only once cargo ran.</summary>
    [Fact]
    public void A_windows_build_runs_before_the_compile()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        Assert.Equal("true", Resolve(new TaskItem(manifest), rid: "win-x64").GetMetadata("BuildsBeforeCompile"));
    }

    [Fact]
    public void The_pgo_stages_name_the_host_triple_and_their_own_target_folders_per_rid()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var instrument = Resolve(new TaskItem(manifest), "pgo-instrument");
        Assert.Equal("x86_64-unknown-linux-gnu", instrument.GetMetadata("TargetTriple"));
        Assert.EndsWith(Path.Combine("host", "pgo-instrument", "target") + Sep, instrument.GetMetadata("TargetDirectory"));
        Assert.EndsWith(Path.Combine("pgo-instrument", "raw") + Sep, instrument.GetMetadata("ProfileGenerateDirectory"));
        Assert.Equal(Resolve(new TaskItem(manifest)).GetMetadata("CrateKey"), instrument.GetMetadata("CrateKey"));
        Assert.Equal(Resolve(new TaskItem(manifest)).GetMetadata("ShipDirectory"), instrument.GetMetadata("ShipDirectory"));

        var withRid = Resolve(new TaskItem(manifest), "pgo-instrument", rid: "linux-x64");
        Assert.EndsWith(Path.Combine("linux-x64", "pgo-instrument", "target") + Sep, withRid.GetMetadata("TargetDirectory"));
        Assert.NotEqual(instrument.GetMetadata("StateDirectory"), withRid.GetMetadata("StateDirectory"));
        Assert.NotEqual(instrument.GetMetadata("ShipDirectory"), withRid.GetMetadata("ShipDirectory"));
    }

    /// <summary>
    /// The instrumented library that ships is built as the training's (same codegen), writes under the temporary
    /// folder of the machine it runs on (nothing of this machine's paths), and may target a machine this one is not.
    /// </summary>
    [Fact]
    public void The_shipped_instrumented_stage_writes_under_the_temporary_folder_and_builds_for_any_rid()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var field = Resolve(new TaskItem(manifest), "pgo-field");
        var instrument = Resolve(new TaskItem(manifest), "pgo-instrument");
        Assert.Equal("/tmp/rustpgo-profiles/calc/%h-%p", field.GetMetadata("ProfileGenerateDirectory"));
        Assert.EndsWith(Path.Combine("host", "pgo-field", "target") + Sep, field.GetMetadata("TargetDirectory"));
        Assert.Equal(instrument.GetMetadata("PgoCodegenConfig"), field.GetMetadata("PgoCodegenConfig"));
        Assert.Equal(instrument.GetMetadata("TargetTriple"), field.GetMetadata("TargetTriple"));
        Assert.Equal(instrument.GetMetadata("ShipDirectory"), field.GetMetadata("ShipDirectory"));

        Assert.Equal("aarch64-unknown-linux-gnu", Resolve(new TaskItem(manifest), "pgo-field", rid: "linux-arm64").GetMetadata("TargetTriple"));
        Assert.Equal("C:/ProgramData/rustpgo-profiles/calc/%h-%p", Resolve(new TaskItem(manifest), "pgo-field", rid: "win-x64").GetMetadata("ProfileGenerateDirectory"));
    }

    [Fact]
    public void The_optimized_stage_carries_the_profile_to_read()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var task = StageTask("pgo-optimize", null, new TaskItem(manifest));
        task.Profdata = Path.Combine(Folder, "pgo", "x.profdata");
        task.ProfdataIsCheckedIn = true;
        Assert.True(task.Execute(), _engine.Text);
        Assert.Equal(task.Profdata, task.StageCrates[0].GetMetadata("Profdata"));
        Assert.Equal("true", task.StageCrates[0].GetMetadata("ProfdataIsCheckedIn"));
    }

    /// <summary>One rule for every stage: the RID's triple, else the cargo config's build.target, else the host's.</summary>
    [Fact]
    public void A_cargo_config_build_target_is_the_triple_of_every_stage_unless_a_rid_names_one()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        Projects.Write(Path.Combine(Folder, "calc", ".cargo", "config.toml"), "[build]\ntarget = \"aarch64-unknown-linux-gnu\"\n");
        var plain = Resolve(new TaskItem(manifest));
        Assert.Equal("", plain.GetMetadata("TargetTriple"));
        Assert.Equal("aarch64-unknown-linux-gnu", plain.GetMetadata("Triple"));
        var optimize = StageTask("pgo-optimize", null, new TaskItem(manifest));
        Assert.True(optimize.Execute(), _engine.Text);
        Assert.Equal("aarch64-unknown-linux-gnu", optimize.StageCrates[0].GetMetadata("TargetTriple"));
        Assert.Equal("x86_64-unknown-linux-gnu", Resolve(new TaskItem(manifest), rid: "linux-x64").GetMetadata("TargetTriple"));

        var cargoArgument = new TaskItem(manifest);
        cargoArgument.SetMetadata("CargoArguments", "--config build.target='\"riscv64gc-unknown-linux-gnu\"'");
        Assert.Equal("riscv64gc-unknown-linux-gnu", Resolve(cargoArgument).GetMetadata("Triple"));
    }

    [Fact]
    public void A_target_this_machine_cannot_run_is_RUSTPGO117_for_the_training()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        Assert.False(StageTask("pgo-instrument", "linux-arm64", new TaskItem(manifest)).Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("RUSTPGO117", error.Code);
        Assert.Contains("aarch64-unknown-linux-gnu", error.Message);
        Assert.Contains("RustPgoProfdata", error.Message);
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
    public void A_path_with_MSBuild_special_characters_survives()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "100% (a;b) $x @y"));
        var crate = Resolve(new TaskItem(StageItem.Escape(manifest)));
        Assert.Equal(manifest, crate.ItemSpec);
        Assert.StartsWith(Path.Combine(Folder, "obj"), crate.GetMetadata("BuildRecord"));
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

    /// <summary>An IDE's design-time build never fails on a crate: the real build reports it.</summary>
    [Fact]
    public void A_design_time_build_leaves_out_what_it_cannot_resolve_without_an_error()
    {
        var manifest = Projects.Crate(Path.Combine(Folder, "calc"));
        var task = StageTask("build", null, new TaskItem(Path.Combine(Folder, "missing", "Cargo.toml")), new TaskItem(manifest));
        task.DesignTime = true;
        Assert.True(task.Execute());
        Assert.Empty(_engine.Errors);
        Assert.Equal(manifest, Assert.Single(task.StageCrates).ItemSpec);
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
}
