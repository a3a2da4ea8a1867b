using System.Diagnostics;

namespace RustPgo.Sdk.Tasks.Processes;

internal static class ProcessTree
{
    public static void Kill(Process process)
    {
#if NET
        process.Kill(entireProcessTree: true);
#else
        // netstandard2.0 runs only in .NET Framework MSBuild, that is on Windows: taskkill ends the tree.
        using var taskkill = Process.Start(new ProcessStartInfo("taskkill", $"/T /F /PID {process.Id}")
        {
            UseShellExecute = false,
            CreateNoWindow = true,
        });
        taskkill?.WaitForExit();
#endif
    }
}
