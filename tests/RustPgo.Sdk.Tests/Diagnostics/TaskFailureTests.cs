using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Diagnostics;

/// <summary>
/// What no build can be made to do on purpose: a task meeting a defect of the SDK ends in a one-line RUSTPGO900 naming the
/// exception, with its stack as a detail and a request to report it, a file-system failure in RUSTPGO012, never MSBuild's MSB4018 stack trace.
/// </summary>
public sealed class TaskFailureTests() : ScratchFolderTests("task-failure")
{
    private readonly RecordingEngine _engine = new();

    /// <summary>
    /// A PGO stage item without a target triple breaks an invariant ResolveRustStage keeps (builds with added rustflags pass
    /// --target, so that build scripts stay uninstrumented): CargoBuild meets it as an InvalidOperationException.
    /// </summary>
    [Fact]
    public void A_defect_met_by_a_task_is_RUSTPGO900_with_the_exception_and_a_request_to_report_it()
    {
        var cargo = Projects.Write(Path.Combine(Folder, "toolchain", "cargo"), "never run");
        var crate = new TaskItem(Projects.Crate(Path.Combine(Folder, "native", "calc")));
        crate.SetMetadata(StageItem.Stage, "pgo-instrument");
        crate.SetMetadata(StageItem.CrateDirectory, Path.Combine(Folder, "native", "calc"));
        crate.SetMetadata(StageItem.CargoPath, cargo);
        crate.SetMetadata(StageItem.CargoProfile, "release");
        crate.SetMetadata(StageItem.TargetDirectory, Path.Combine(Folder, "target"));
        crate.SetMetadata(StageItem.ProfileGenerateDirectory, Path.Combine(Folder, "raw"));

        Assert.False(new CargoBuild { BuildEngine = _engine, Crates = new ITaskItem[] { crate } }.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("RUSTPGO900", error.Code);
        Assert.StartsWith("CargoBuild failed unexpectedly (InvalidOperationException: Builds the SDK adds rustflags to pass --target explicitly", error.Message);
        Assert.EndsWith("please report this with the build log.", error.Message);
        // The stack stays out of the one-line error and follows it as a detail message.
        Assert.DoesNotContain(" at RustPgo.Sdk.Tasks.", error.Message);
        Assert.Contains(_engine.Lines, line => line.StartsWith("System.InvalidOperationException: Builds the SDK adds rustflags to pass --target explicitly") && line.Contains(" at RustPgo.Sdk.Tasks."));
    }

    private sealed class Failing(Exception exception) : RustPgoTask
    {
        protected override bool ExecuteCore() => throw exception;
    }

    [Fact]
    public void Any_exception_no_cause_explains_is_RUSTPGO900()
    {
        Assert.False(new Failing(new NullReferenceException("a defect")) { BuildEngine = _engine }.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("RUSTPGO900", error.Code);
        Assert.Equal("Failing failed unexpectedly (NullReferenceException: a defect); please report this with the build log.", error.Message);
    }

    /// <summary>A full disk: the message the OS gives (ENOSPC) reaches the user under RUSTPGO012, with the task's name.</summary>
    [Fact]
    public void A_file_system_exception_is_RUSTPGO012_with_the_OS_message()
    {
        Assert.False(new Failing(new IOException("No space left on device : '/obj/rust/Release/host/pgo/merged.profdata'")) { BuildEngine = _engine }.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("RUSTPGO012", error.Code);
        Assert.Equal("Failing: No space left on device : '/obj/rust/Release/host/pgo/merged.profdata' Check the folder's permissions and free space.", error.Message);
    }

    [Fact]
    public void A_coded_exception_keeps_its_code_and_file()
    {
        Assert.False(new Failing(new RustPgoException("RUSTPGO011", "bad TOML", "/ws/.cargo/config.toml")) { BuildEngine = _engine }.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal(("RUSTPGO011", "bad TOML", "/ws/.cargo/config.toml"), (error.Code, error.Message, error.File));
    }
}
