using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RustPgo.Sdk.Tasks.Processes;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Processes;

/// <summary>
/// What a process leaves running with its output never holds a build: the runner stops waiting for the
/// output a short grace after the exit and ends whoever still holds it; a timeout ends the whole tree.
/// </summary>
public sealed class ProcessRunnerTests() : ScratchFolderTests("runner")
{
    /// <summary>`sh -c 'server &amp;'`: the shell exits at once, its background child keeps stdout open for a minute.</summary>
    [SkippableFact]
    public void A_background_child_holding_the_output_is_ended_after_the_grace()
    {
        Skip.IfNot(HostPlatform.IsLinux, "who holds a pipe is read from /proc");
        var pidFile = Path.Combine(Folder, "server.pid");
        Directory.CreateDirectory(Folder);
        var lines = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        var exitCode = new ProcessRunner().Run(new ProcessSpec("/bin/sh", new[] { "-c", $"echo started; sleep 60 & echo $! > '{pidFile}'" }, Folder), lines.Add, lines.Add);
        Assert.Equal(0, exitCode);
        Assert.Contains("started", lines);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"the runner waited {stopwatch.Elapsed} for the background child");
        var server = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.False(HostPlatform.IsAlive(server), "the background child that held the output outlived the run");
    }

    [SkippableFact]
    public void A_run_past_its_timeout_is_ended_with_its_children()
    {
        Skip.If(HostPlatform.IsWindows, "the tree is built with /bin/sh");
        var pidFile = Path.Combine(Folder, "child.pid");
        Directory.CreateDirectory(Folder);
        var runner = new ProcessRunner();
        var stopwatch = Stopwatch.StartNew();
        runner.Run(new ProcessSpec("/bin/sh", new[] { "-c", $"sleep 60 & echo $! > '{pidFile}'; wait" }, Folder), _ => { }, _ => { }, TimeSpan.FromSeconds(1));
        Assert.True(runner.TimedOut);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"the run took {stopwatch.Elapsed}");
        Assert.False(HostPlatform.IsAlive(int.Parse(File.ReadAllText(pidFile).Trim())), "a child outlived the timeout");
    }

    [SkippableFact]
    public void Cancelling_while_a_background_child_holds_the_output_ends_it()
    {
        Skip.IfNot(HostPlatform.IsLinux, "who holds a pipe is read from /proc");
        var pidFile = Path.Combine(Folder, "server.pid");
        Directory.CreateDirectory(Folder);
        var runner = new ProcessRunner();
        var run = Task.Run(() => runner.Run(new ProcessSpec("/bin/sh", new[] { "-c", $"sleep 60 & echo $! > '{pidFile}'; sleep 60" }, Folder), _ => { }, _ => { }));
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Length == 0)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "the shell never started its child");
            System.Threading.Thread.Sleep(20);
        }
        runner.Cancel();
        Assert.True(run.Wait(TimeSpan.FromSeconds(30)), "the cancelled run did not end");
        Assert.True(runner.WasCancelled);
        Assert.False(HostPlatform.IsAlive(int.Parse(File.ReadAllText(pidFile).Trim())), "the background child outlived the cancel");
    }
}
