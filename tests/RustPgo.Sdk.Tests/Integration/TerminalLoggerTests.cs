using System.IO;
using System.Text.RegularExpressions;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;
using static RustPgo.Sdk.Tests.Infrastructure.PgoApps;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// A build in a real terminal runs under MSBuild's terminal logger, which at its default verbosity shows
/// only the live status (the target that runs), warnings, errors and output paths. The stages a PGO build
/// goes through must read well there, and what the SDK warns about must show.
/// </summary>
[Collection(SdkCollection2.Name)]
public class TerminalLoggerTests
{
    private readonly SdkFixture _sdk;

    public TerminalLoggerTests(SdkFixture sdk) => _sdk = sdk;

    [SkippableFact]
    public void In_a_terminal_the_live_status_names_the_pgo_stages_and_the_warnings_show()
    {
        Skip.IfNot(HostPlatform.IsLinux, "the pseudo-terminal comes from util-linux's script");
        Skip.If(HostPlatform.FindOnPath("script") == null, "script (util-linux) is not installed");
        var ws = _sdk.NewWorkspace("terminal", withoutSpaces: true);
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        // The status is drawn a few times a second, so each stage must last: the crate's build script waits
        // until the C# compile is done (the instrumented cargo build starts before it and RustPgoInstrument
        // takes it over after it), then two seconds more, in the instrumented and the optimized build alike.
        var compiled = Path.Combine(appDir, "obj", "Debug", "net10.0", "app.dll");
        File.WriteAllText(Path.Combine(ws, "native", "vm", "build.rs"), $$$"""
            use std::{path::Path, thread::sleep, time::{Duration, Instant}};

            fn main() {
                let start = Instant::now();
                while !Path::new(r"{{{compiled}}}").exists() && start.elapsed() < Duration::from_secs(120) {
                    sleep(Duration::from_millis(100));
                }
                sleep(Duration::from_secs(2));
            }
            """);
        var transcript = Path.Combine(ws, "transcript.txt");
        var command = $"dotnet build {project} -c Debug -p:RustPgo=true -tl:on";
        var environment = _sdk.Environment();
        environment["MSBUILDTERMINALLOGGER"] = null;
        environment["TERM"] = "xterm-256color";
        var run = ChildProcess.Run("script", new[] { "-qec", command, transcript }, appDir, environment, System.TimeSpan.FromMinutes(8));
        Assert.True(run.ExitCode == 0, run.ToString());

        // What the terminal showed, without its escape sequences.
        var shown = Regex.Replace(File.ReadAllText(transcript), @"\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)", "");
        // (The merge may be too quick for the status to be drawn while it runs; training builds and runs an app.)
        foreach (var stage in new[] { "RustPgoInstrument", "RustPgoTrain", "RustPgoOptimize" })
            Assert.Contains(stage, shown);
        Assert.Contains("warning RUSTPGO119", shown);
    }
}
