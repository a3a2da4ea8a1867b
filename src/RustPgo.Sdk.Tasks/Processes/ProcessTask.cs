using Microsoft.Build.Framework;
using RustPgo.Sdk.Tasks.Diagnostics;

namespace RustPgo.Sdk.Tasks.Processes;

/// <summary>A task that runs processes: cancelling the build (Ctrl+C) ends the running one's whole tree.</summary>
public abstract class ProcessTask : RustPgoTask, ICancelableTask
{
    internal ProcessRunner Runner { get; } = new();

    public void Cancel() => Runner.Cancel();
}
