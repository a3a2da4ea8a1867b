using System.Diagnostics;
using RustPgo.Sdk.Tasks.Processes;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Processes;

public class ProcessTreeTests
{
    /// <summary>Visual Studio's .NET Framework MSBuild (the netstandard2.0 flavour) ends a tree with taskkill.</summary>
    [Fact]
    public void Windows_ends_the_tree_with_taskkill() =>
        Assert.Equal(("taskkill", "/T /F /PID 4242"), ProcessTree.WindowsKillCommand(4242));

    /// <summary>On .NET the whole tree goes: a child of a child is gone with the parent.</summary>
    [SkippableFact]
    public void A_grandchild_ends_with_its_grandparent()
    {
        Skip.If(HostPlatform.IsWindows, "the tree is built with /bin/sh");
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", "-c \"sleep 60 & wait\"") { UseShellExecute = false })!;
        var deadline = System.DateTime.UtcNow.AddSeconds(10);
        int? sleeper = null;
        while (sleeper == null && System.DateTime.UtcNow < deadline)
        {
            foreach (var candidate in Process.GetProcessesByName("sleep"))
            {
                if (System.IO.File.ReadAllText($"/proc/{candidate.Id}/stat").Split(' ')[3] == shell.Id.ToString())
                    sleeper = candidate.Id;
            }
            System.Threading.Thread.Sleep(50);
        }
        Assert.NotNull(sleeper);
        ProcessTree.Kill(shell);
        shell.WaitForExit(5000);
        // SIGKILL is delivered at once, but the kernel takes its time to end a process: wait for that, not a fixed span.
        var gone = System.DateTime.UtcNow.AddSeconds(10);
        while (HostPlatform.IsAlive(sleeper.Value) && System.DateTime.UtcNow < gone)
            System.Threading.Thread.Sleep(20);
        Assert.False(HostPlatform.IsAlive(sleeper.Value), "the grandchild outlived the tree kill");
    }
}
