using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// Visual Studio's fast up-to-date check and `dotnet watch` call MSBuild only for a change in a file they
/// know: both must know the crates' files, or an edit of a .rs file alone runs the old library.
/// </summary>
[Collection(SdkCollection2.Name)]
public class IdeTests
{
    private readonly SdkFixture _sdk;

    public IdeTests(SdkFixture sdk) => _sdk = sdk;

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    private static string AppWithPathDependency(string ws)
    {
        Projects.Crate(Path.Combine(ws, "native", "helper"), "helper", cdylib: false, libRs: "pub fn bonus() -> i32 { 0 }\n");
        Projects.Crate(Path.Combine(ws, "native", "calc"), "calc", extraToml: "\n[dependencies]\nhelper = { path = \"../helper\" }\n",
            libRs: "#[no_mangle]\npub extern \"C\" fn add(a: i32, b: i32) -> i32 { a + b + helper::bonus() }\n");
        return Projects.App(Path.Combine(ws, "app"), "app", "../native/calc/Cargo.toml");
    }

    /// <summary>
    /// The items Visual Studio's design-time targets collect (stand-ins of dotnet/project-system's
    /// CollectUpToDateCheckInputDesignTime and CollectUpToDateCheckOutputDesignTime, which call the
    /// targets their DependsOn properties name): the crate's files, its path dependency's (from the last
    /// build), in a set of their own against a marker every build touches.
    /// </summary>
    [Fact]
    public void Visual_Studios_up_to_date_check_sees_the_crates_files_against_a_marker_each_build_touches()
    {
        var ws = _sdk.NewWorkspace("futdc");
        var project = AppWithPathDependency(ws);
        var appDir = Path.GetDirectoryName(project)!;
        Projects.Write(Path.Combine(ws, "Directory.Build.targets"), """
            <Project>
              <Target Name="CollectUpToDateCheckInputDesignTime" DependsOnTargets="$(CollectUpToDateCheckInputDesignTimeDependsOn)" Returns="@(UpToDateCheckInput)" />
              <Target Name="CollectUpToDateCheckOutputDesignTime" DependsOnTargets="$(CollectUpToDateCheckOutputDesignTimeDependsOn)" Returns="@(UpToDateCheckOutput)" />
            </Project>
            """);
        Succeeded(_sdk.Dotnet(appDir, "build", project));
        var libRs = Path.Combine(ws, "native", "calc", "src", "lib.rs");
        Projects.Write(Path.Combine(ws, "native", "calc", "target", "stale.rs"), "// cargo's own folder: not an input");

        var items = DesignTimeItems(appDir, project);
        var inputs = items["UpToDateCheckInput"];
        Assert.All(inputs, i => Assert.Equal("RustCrates", i.Set));
        var inputPaths = inputs.Select(i => i.FullPath).ToList();
        Assert.Contains(libRs, inputPaths);
        Assert.Contains(Path.Combine(ws, "native", "calc", "Cargo.toml"), inputPaths);
        Assert.Contains(Path.Combine(ws, "native", "helper", "src", "lib.rs"), inputPaths);
        Assert.DoesNotContain(inputPaths, p => p.Contains(Path.DirectorySeparatorChar + "target" + Path.DirectorySeparatorChar));
        var marker = Assert.Single(items["UpToDateCheckOutput"]);
        Assert.Equal("RustCrates", marker.Set);

        // What the check compares: the newest input against the marker.
        Assert.True(inputPaths.Max(File.GetLastWriteTimeUtc) <= File.GetLastWriteTimeUtc(marker.FullPath), "up to date after a build");
        File.SetLastWriteTimeUtc(libRs, DateTime.UtcNow);
        Assert.True(File.GetLastWriteTimeUtc(libRs) > File.GetLastWriteTimeUtc(marker.FullPath), "an edit of lib.rs is seen");
        Succeeded(_sdk.Dotnet(appDir, "build", project));
        Assert.True(inputPaths.Max(File.GetLastWriteTimeUtc) <= File.GetLastWriteTimeUtc(marker.FullPath), "up to date after the next build");
    }

    private sealed record Item(string FullPath, string Set);

    private Dictionary<string, List<Item>> DesignTimeItems(string appDir, string project)
    {
        var result = _sdk.Dotnet(appDir, "msbuild", project, "-t:CollectUpToDateCheckInputDesignTime;CollectUpToDateCheckOutputDesignTime",
            "-p:DesignTimeBuild=true", "-getItem:UpToDateCheckInput", "-getItem:UpToDateCheckOutput");
        Succeeded(result);
        using var json = JsonDocument.Parse(result.Output.Substring(result.Output.IndexOf('{')));
        return json.RootElement.GetProperty("Items").EnumerateObject().ToDictionary(
            type => type.Name,
            type => type.Value.EnumerateArray().Select(i => new Item(i.GetProperty("FullPath").GetString()!, i.TryGetProperty("Set", out var set) ? set.GetString()! : "")).ToList());
    }

    /// <summary>`dotnet watch build` rebuilds when a .rs file of the crate changes, and the new library ships.</summary>
    [Fact]
    public void Dotnet_watch_rebuilds_when_a_crate_file_changes()
    {
        var ws = _sdk.NewWorkspace("watch");
        var project = AppWithPathDependency(ws);
        var appDir = Path.GetDirectoryName(project)!;
        Succeeded(_sdk.Dotnet(appDir, "build", project));

        var startInfo = ChildProcess.StartInfo("dotnet", new[] { "watch", "--non-interactive", "build", "--project", project }, appDir, _sdk.Environment());
        var output = new StringBuilder();
        using var watch = new Process { StartInfo = startInfo };
        watch.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        watch.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        watch.Start();
        watch.BeginOutputReadLine();
        watch.BeginErrorReadLine();
        try
        {
            WaitFor(() => Count(output, "Waiting for a file to change") >= 1, output, "the first build");
            File.WriteAllText(Path.Combine(ws, "native", "helper", "src", "lib.rs"), "pub fn bonus() -> i32 { 100 }\n");
            WaitFor(() => Count(output, "Waiting for a file to change") >= 2, output, "a build after the edit of the path dependency");
            lock (output)
                Assert.Equal(1, Logs.CargoBuildLines(output.ToString(), "calc"));
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            watch.WaitForExit();
        }
        var run = _sdk.Dotnet(appDir, "run", "--no-build", "--project", project);
        Succeeded(run);
        Assert.Equal("add(2,40)=142", run.Output.Trim());
    }

    private static int Count(StringBuilder output, string text)
    {
        lock (output)
            return output.ToString().Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));
    }

    private static void WaitFor(Func<bool> condition, StringBuilder output, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
                lock (output)
                    Assert.Fail($"dotnet watch did not get to {what}:\n{output}");
            Thread.Sleep(100);
        }
    }
}
