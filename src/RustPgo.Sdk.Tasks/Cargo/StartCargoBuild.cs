using Microsoft.Build.Framework;
using RustPgo.Sdk.Tasks.Diagnostics;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// Starts the cargo builds of a stage's crates in the background, one after another, so that they run
/// beside the C# compile; the CargoBuild task after the compile takes each over (its diagnostics, its
/// record). Where MSBuild keeps no objects between tasks (a unit test's engine), it starts nothing and
/// CargoBuild runs cargo itself.
/// </summary>
public sealed class StartCargoBuild : RustPgoTask
{
    /// <summary>Stage items of ResolveRustStage.</summary>
    [Required] public ITaskItem[] Crates { get; set; } = Array.Empty<ITaskItem>();

    protected override bool ExecuteCore()
    {
        if (BuildEngine is not IBuildEngine4 engine)
            return true;
        CargoRun? previous = null;
        foreach (var crate in Crates)
        {
            var run = CargoRun.Start(CargoInvocation.For(crate), previous);
            CargoRuns.Register(engine, crate, run);
            previous = run;
        }
        return true;
    }
}
