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
[Collection(SdkCollection.Name)]
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
        var transcript = Path.Combine(ws, "transcript.txt");
        var command = $"dotnet build {project} -c Debug -p:RustPgo=true -tl:on";
        var environment = _sdk.Environment();
        environment["MSBUILDTERMINALLOGGER"] = null;
        environment["TERM"] = "xterm-256color";
        var run = ChildProcess.Run("script", new[] { "-qec", command, transcript }, appDir, environment, System.TimeSpan.FromMinutes(8));
        Assert.True(run.ExitCode == 0, run.ToString());

        // What the terminal showed, without its escape sequences.
        var shown = Regex.Replace(File.ReadAllText(transcript), @"\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)", "");
        // (The merge may be too quick for the status to be drawn while it runs.)
        foreach (var stage in new[] { "RustPgoInstrument", "RustPgoTrain", "RustPgoOptimize" })
            Assert.Contains(stage, shown);
        Assert.Contains("warning RUSTPGO119", shown);
    }
}
