using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Integration;

[Collection(SdkCollection2.Name)]
public class CancelTests
{
    private readonly SdkFixture _sdk;

    public CancelTests(SdkFixture sdk) => _sdk = sdk;

    /// <summary>Processes (other than <paramref name="except"/>) whose command line mentions <paramref name="marker"/>.</summary>
    private static List<(int Pid, string CommandLine)> ProcessesMentioning(string marker, int except)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == except || pid == Environment.ProcessId)
                continue;
            try
            {
                var cmdline = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ');
                var state = File.ReadAllText(Path.Combine(dir, "stat"));
                var afterName = state.Substring(state.LastIndexOf(')') + 2);
                if (afterName.StartsWith("Z", StringComparison.Ordinal))
                    continue;
                if (cmdline.Contains(marker, StringComparison.Ordinal))
                    found.Add((pid, cmdline));
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    /// <summary>
    /// A build whose build script sleeps 60 s is stopped once cargo runs it; within 20 s no process of
    /// the test's folder may be left. The signal goes to dotnet alone, never to its process group (which
    /// would stop cargo by itself and prove nothing): SIGINT is an IDE's or CI's cancel (MSBuild cancels
    /// the task, which must end cargo's tree); SIGTERM is a CI timeout, `timeout`, `docker stop` or systemd.
    /// </summary>
    [SkippableTheory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void Stopping_dotnet_build_ends_cargo_and_its_build_script(string signal)
    {
        Skip.IfNot(HostPlatform.IsLinux, "the test finds processes in /proc and signals them with kill(2): Linux only (Windows cancel is covered by the unit test of the process-tree kill)");
        var ws = _sdk.NewWorkspace("cancel-" + signal);
        var crateDir = Path.Combine(ws, "native", "slowcalc");
        Projects.Crate(crateDir, "slowcalc", extraToml: "build = \"build.rs\"\n");
        Projects.Write(Path.Combine(crateDir, "build.rs"), """
            fn main() {
                std::thread::sleep(std::time::Duration::from_secs(60));
            }
            """);
        var project = Projects.App(ws, "app", "native/slowcalc/Cargo.toml", libName: "slowcalc");
        Assert.Equal(0, _sdk.Dotnet(ws, "restore", project).ExitCode);

        // setsid makes dotnet the leader of a process group of its own (same pid: setsid execs in place).
        var startInfo = ChildProcess.StartInfo("setsid", new[] { "dotnet", "build", project, "--no-restore" }, ws, _sdk.Environment());
        var output = new StringBuilder();
        using var dotnet = new Process { StartInfo = startInfo };
        dotnet.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        dotnet.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        dotnet.Start();
        dotnet.StandardInput.Close();
        dotnet.BeginOutputReadLine();
        dotnet.BeginErrorReadLine();
        try
        {
            // Wait until the build script runs: cargo, its build script and maybe rustc are alive.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!ProcessesMentioning(ws, dotnet.Id).Any(p => p.CommandLine.Contains("build-script-build", StringComparison.Ordinal)))
            {
                Assert.False(dotnet.HasExited, "dotnet build ended before the build script started:\n" + output);
                Assert.True(DateTime.UtcNow < deadline, "the build script never started:\n" + output);
                Thread.Sleep(200);
            }
            Assert.Contains(ProcessesMentioning(ws, dotnet.Id), p => p.CommandLine.Contains("cargo", StringComparison.Ordinal));

            var signalNumber = signal == "INT" ? 2 : 15;
            Assert.Equal(0, HostPlatform.Signal(dotnet.Id, signalNumber));

            var stopped = DateTime.UtcNow.AddSeconds(20);
            List<(int Pid, string CommandLine)> left;
            while ((left = ProcessesMentioning(ws, dotnet.Id)).Count > 0 && DateTime.UtcNow < stopped)
                Thread.Sleep(250);
            Assert.True(left.Count == 0, $"still running 20 s after SIG{signal} to dotnet:\n" + string.Join("\n", left.Select(p => $"{p.Pid}: {p.CommandLine}")) + "\nbuild output:\n" + output);
            Assert.True(dotnet.WaitForExit(20_000), $"dotnet build did not end after SIG{signal}:\n" + output);
        }
        finally
        {
            if (!dotnet.HasExited)
                dotnet.Kill(entireProcessTree: true);
            foreach (var (pid, _) in ProcessesMentioning(ws, -1))
            {
                try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
            }
        }
    }
}
