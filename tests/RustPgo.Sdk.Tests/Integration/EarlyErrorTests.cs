using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;
using static RustPgo.Sdk.Tests.Infrastructure.PgoApps;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// A bad value or a missing prerequisite is one coded error, at the user's own project or crate, before any
/// cargo build or training starts — never MSBuild's generic MSB4030 after minutes of PGO work.
/// </summary>
[Collection(SdkCollection2.Name)]
public class EarlyErrorTests
{
    private readonly SdkFixture _sdk;

    public EarlyErrorTests(SdkFixture sdk) => _sdk = sdk;

    /// <summary>The build failed with exactly one error line of <paramref name="code"/>, located at <paramref name="file"/> (the console logger may repeat it in its summary).</summary>
    private static void FailsOnceAt(ProcessResult result, string code, string file)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        var lines = result.Output.Split('\n').Where(l => Regex.IsMatch(l, $@"error {code}\b")).ToList();
        Assert.True(lines.Count > 0 && lines.Select(l => l.Trim()).Distinct().Count() == 1, $"expected one error {code} (repeated at most in the summary):\n{result}");
        Assert.All(lines, l => Assert.StartsWith(file, l.Trim()));
        Assert.DoesNotContain(".targets", lines[0]);
        Assert.DoesNotContain("MSB4030", result.Output);
        Assert.DoesNotContain("MSB4018", result.Output);
        Assert.DoesNotContain("MSB4181", result.Output);
    }

    public static IEnumerable<object[]> BadValues => new[]
    {
        new object[] { "-p:RustPgoStrict=maybe", "RUSTPGO014", "RustPgoStrict is 'maybe'; use true or false" },
        new object[] { "-p:RustPgoReportTopFunctions=abc", "RUSTPGO014", "RustPgoReportTopFunctions is 'abc'" },
        new object[] { "-p:RustPgoTrainingTimeout=-5", "RUSTPGO014", "RustPgoTrainingTimeout is '-5'" },
        new object[] { "-p:RustPgoLto=thin", "RUSTPGO014", "RustPgoLto is 'thin'" },
        new object[] { "-p:RustPgoProfileMerger=fast", "RUSTPGO113", "RustPgoProfileMerger is 'fast'" },
        new object[] { "-p:RustPgoInstrumented=maybe", "RUSTPGO014", "RustPgoInstrumented is 'maybe'; use true or false" },
        new object[] { "-p:RustPgoInstrumented=true", "RUSTPGO014", "RustPgoInstrumented is true together with RustPgo=true" },
    };

    /// <summary>One PGO app, built once (so its merge is up to date), then each bad value: refused before cargo runs.</summary>
    [Fact]
    public void Every_bad_property_value_is_a_coded_error_at_the_project_before_any_work()
    {
        var ws = _sdk.NewWorkspace("bad-values");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var spy = CargoSpy.Create(Path.Combine(ws, "spy"));
        Assert.Equal(0, _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=True", "-p:RustCargoPath=" + spy.Folder).ExitCode);
        foreach (var value in BadValues)
        {
            spy.Reset();
            var result = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustCargoPath=" + spy.Folder, (string)value[0]);
            FailsOnceAt(result, (string)value[1], project);
            Assert.Contains((string)value[2], result.Output);
            Assert.Equal(0, spy.Invocations);
        }

        File.WriteAllText(project, File.ReadAllText(project).Replace("<RustCrate Include=\"../native/vm/Cargo.toml\"", "<RustCrate Include=\"../native/vm/Cargo.toml\" NoDefaultFeatures=\"maybe\""));
        spy.Reset();
        var metadata = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustCargoPath=" + spy.Folder);
        FailsOnceAt(metadata, "RUSTPGO014", project);
        Assert.Contains("NoDefaultFeatures='maybe'", metadata.Output);
        Assert.Equal(0, spy.Invocations);
    }

    /// <summary>
    /// A training that hangs is ended at RustPgoTrainingTimeout with every process it started, and nothing of it is
    /// merged (Timeout metadata overriding the property: PlanPgoTrainingsTests).
    /// </summary>
    [SkippableFact]
    public void A_training_that_hangs_is_ended_at_its_timeout()
    {
        Skip.If(HostPlatform.IsWindows, "the workload is a /bin/sh command line");
        var ws = _sdk.NewWorkspace("timeout");
        var pidFile = Path.Combine(ws, "sleeper.pid");
        var project = App(ws, extraItems: $"""<RustPgoTraining Include="hangs" CommandLine="sleep 120 &amp; echo $! &gt; '{pidFile}'; wait" />""");
        var appDir = Path.GetDirectoryName(project)!;
        var stopwatch = Stopwatch.StartNew();
        var result = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoTrainingTimeout=3");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(110), $"the build took {stopwatch.Elapsed}");
        FailsOnceAt(result, "RUSTPGO118", project);
        Assert.Contains("'hangs' ran longer than its limit of 3 s", result.Output);
        Assert.False(File.Exists(MergedProfdata(appDir)), "a timed-out training was merged");
        var sleeper = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.False(HostPlatform.IsAlive(sleeper), "the workload's child outlived the timeout");
    }

    /// <summary>-c Debug builds the dev profile at opt-level 0: a coded warning, and a summary that says nothing was optimized.</summary>
    [Fact]
    public void Pgo_of_an_unoptimized_profile_is_a_warning_and_never_a_bare_pgo_optimized()
    {
        var ws = _sdk.NewWorkspace("debug-pgo");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var result = _sdk.Dotnet(appDir, "build", project, "-c", "Debug", "-p:RustPgo=true");
        Assert.True(result.ExitCode == 0, result.ToString());
        var warning = result.Output.Split('\n').First(l => l.Contains("warning RUSTPGO119"));
        Assert.StartsWith(Path.Combine(ws, "native", "vm", "Cargo.toml"), warning.Trim());
        Assert.Contains("-c Release", warning);
        Assert.Contains("RustPgo: vm: built with a profile but NOT optimized (opt-level 0, RUSTPGO119)", result.Output);
        Assert.DoesNotContain("PGO-optimized", result.Output);
    }

    /// <summary>A Native AOT publish of a crate without a staticlib stops before any cargo build or training.</summary>
    [Fact]
    public void A_native_aot_publish_without_a_staticlib_stops_before_any_work()
    {
        var ws = _sdk.NewWorkspace("aot-no-staticlib", withoutSpaces: true);
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var spy = CargoSpy.Create(Path.Combine(ws, "spy"));
        var result = _sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _sdk.PlainNuGetPackages },
            "publish", project, "-c", "Release", "-r", HostPlatform.Rid, "-p:PublishAot=true", "-p:RustPgo=true", "-p:RustCargoPath=" + spy.Folder);
        FailsOnceAt(result, "RUSTPGO201", Path.Combine(ws, "native", "vm", "Cargo.toml"));
        Assert.Contains("crate-type = [\"cdylib\", \"staticlib\"]", result.Output);
        Assert.Equal(0, spy.Builds);
    }

    /// <summary>An instrumented Native AOT publish is refused before any work, with the way that works.</summary>
    [Fact]
    public void An_instrumented_native_aot_publish_is_RUSTPGO121_before_any_work()
    {
        var ws = _sdk.NewWorkspace("aot-instrumented", withoutSpaces: true);
        var project = App(ws, crateTypes: "\"cdylib\", \"staticlib\"");
        var appDir = Path.GetDirectoryName(project)!;
        var spy = CargoSpy.Create(Path.Combine(ws, "spy"));
        var result = _sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _sdk.PlainNuGetPackages },
            "publish", project, "-c", "Release", "-r", HostPlatform.Rid, "-p:PublishAot=true", "-p:RustPgoInstrumented=true", "-p:RustCargoPath=" + spy.Folder);
        FailsOnceAt(result, "RUSTPGO121", project);
        Assert.Contains("-p:PublishAot=false", result.Output);
        Assert.Equal(0, spy.Invocations);
    }

    /// <summary>A musl RID whose standard library is not installed: RUSTPGO006, not cargo's complaint about crate types.</summary>
    [SkippableFact]
    public void A_musl_rid_without_its_standard_library_is_RUSTPGO006()
    {
        var std = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".rustup", "toolchains", "stable-x86_64-unknown-linux-gnu", "lib", "rustlib", "x86_64-unknown-linux-musl");
        Skip.If(Directory.Exists(std), "the musl standard library is installed here: the case is the missing one");
        Skip.IfNot(HostPlatform.Rid == "linux-x64", "the musl RID of this test is linux-musl-x64");
        var ws = _sdk.NewWorkspace("musl");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        var result = _sdk.Dotnet(ws, "build", project, "-r", "linux-musl-x64");
        FailsOnceAt(result, "RUSTPGO006", Path.Combine(ws, "native", "calc", "Cargo.toml"));
        Assert.Contains("rustup target add x86_64-unknown-linux-musl", result.Output);
        Assert.DoesNotContain("RUSTPGO007", result.Output);
    }
}
