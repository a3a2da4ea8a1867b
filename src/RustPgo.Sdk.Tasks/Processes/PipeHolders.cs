using System.Diagnostics;
using System.IO.Pipes;

namespace RustPgo.Sdk.Tasks.Processes;

/// <summary>
/// The processes that hold the pipes a child's output comes through: what it left running in the
/// background (`sh -c 'server &amp;'`), which no longer descends from it once it exited, so no tree kill
/// reaches it. On Linux /proc tells who holds a pipe; elsewhere none are found, and the runner's grace
/// after the exit is what keeps a build from waiting on them.
/// </summary>
internal static class PipeHolders
{
    /// <summary>The pipe a stream of this process reads, as /proc names it (`pipe:[inode]`); null where that cannot be known.</summary>
    public static string? PipeOf(Stream stream)
    {
#if NET
        if (!OperatingSystem.IsLinux() || stream is not PipeStream pipe)
            return null;
        try
        {
            return new FileInfo("/proc/self/fd/" + pipe.SafePipeHandle.DangerousGetHandle()).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
#else
        return null;
#endif
    }

    /// <summary>Ends every other process that holds one of <paramref name="pipes"/>, with the processes it started.</summary>
    public static void Kill(IReadOnlyCollection<string> pipes)
    {
#if NET
        if (pipes.Count == 0 || !OperatingSystem.IsLinux())
            return;
        var self = Environment.ProcessId.ToString();
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(process);
            if (pid == self || !pid.All(char.IsDigit) || !Holds(process, pipes))
                continue;
            try
            {
                using var holder = Process.GetProcessById(int.Parse(pid));
                ProcessTree.Kill(holder);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It ended meanwhile, or is not ours to end.
            }
        }
#endif
    }

#if NET
    private static bool Holds(string process, IReadOnlyCollection<string> pipes)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd"))
                .Any(fd => new FileInfo(fd).LinkTarget is { } target && pipes.Contains(target));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
#endif
}
