using System.Diagnostics;

namespace RustPgo.Sdk.Tasks.Processes;

/// <summary>Ends a process and every process it started (cargo's rustc and build scripts, a training's children).</summary>
internal static class ProcessTree
{
    public static void Kill(Process process)
    {
#if NET
        process.Kill(entireProcessTree: true);
#else
        // netstandard2.0 runs only in .NET Framework MSBuild, that is on Windows: taskkill ends the tree.
        var (fileName, arguments) = WindowsKillCommand(process.Id);
        using var taskkill = Process.Start(new ProcessStartInfo(fileName, arguments)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
        });
        taskkill?.WaitForExit();
#endif
    }

    /// <summary>The command that ends a process tree on Windows without .NET's Kill(entireProcessTree).</summary>
    public static (string FileName, string Arguments) WindowsKillCommand(int processId) => ("taskkill", $"/T /F /PID {processId}");
}
