using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;
using static RustPgo.Sdk.Tests.Infrastructure.PgoApps;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// Real PGO builds that fail in training or merging, each with its code, a message that says what is wrong and
/// how to fix it, and no MSB4018/MSB4181. They share one app, trained once (see <see cref="TrainedApp"/>): each
/// test writes the project it needs (its trainings, its crates) over it and builds again, so only what it
/// changed runs (the instrumented vm is built once).
/// </summary>
[Collection(SdkCollection2.Name)]
public class PgoErrorTests
{
    private static readonly object Gate = new();
    private static TrainedApp? _shared;
    private readonly SdkFixture _sdk;

    public PgoErrorTests(SdkFixture sdk) => _sdk = sdk;

    private TrainedApp App()
    {
        lock (Gate)
            return _shared ??= TrainedApp.Train(_sdk);
    }

    internal static void FailedWith(ProcessResult result, string code)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.True(Regex.IsMatch(result.Output, $@"error {code}\b"), $"expected error {code}: {result}");
        Assert.DoesNotContain("MSB4181", result.Output);
        Assert.DoesNotContain("MSB4018", result.Output);
    }

    /// <summary>The text of the first error or warning <paramref name="code"/> in a build's output (MSBuild repeats it in its summary).</summary>
    internal static string Message(ProcessResult result, string kind, string code)
    {
        var match = Regex.Match(result.Output, $@"{kind} {code}: (.*?)(\s+\[[^\[\]]+\.csproj\])?\r?$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no {kind} {code}: {result}");
        return match.Groups[1].Value;
    }

    /// <summary>
    /// The app of PgoApps (its crate vm, a training that calls step 1234 times), PGO-built once; beside it a second
    /// crate, other, that the app never loads. Its tests change only the project file.
    /// </summary>
    public sealed class TrainedApp
    {
        private readonly SdkFixture _sdk;
        private readonly string _baseProject;

        private TrainedApp(SdkFixture sdk, string workspace, string project)
        {
            _sdk = sdk;
            Workspace = workspace;
            Project = project;
            _baseProject = File.ReadAllText(project);
        }

        public string Workspace { get; }
        public string Project { get; }
        public string AppDir => Path.GetDirectoryName(Project)!;

        /// <summary>The folder vm's instrumented library writes its raw profiles into (its -Cprofile-generate).</summary>
        public string RawFolder { get; private set; } = "";

        /// <summary>A raw profile the training wrote, kept (a training run moves its own away).</summary>
        public string RealRawProfile { get; private set; } = "";

        public ulong StepHash { get; private set; }

        public static TrainedApp Train(SdkFixture sdk)
        {
            var ws = sdk.NewWorkspace("pgo-errors");
            var app = new TrainedApp(sdk, ws, PgoApps.App(ws));
            Projects.Crate(Path.Combine(ws, "native", "other"), "other", libRs: "#[no_mangle]\npub extern \"C\" fn other_twice(x: u64) -> u64 { x * 2 }\n");
            var build = sdk.Dotnet(app.AppDir, "build", app.Project, "-c", "Release", "-p:RustPgo=true");
            Assert.True(build.ExitCode == 0, build.ToString());
            app.RawFolder = Directory.GetDirectories(RustState(app.AppDir), "raw", SearchOption.AllDirectories).Single(d => d.Contains("pgo-instrument"));
            app.RealRawProfile = Path.Combine(ws, "real.profraw");
            File.Copy(RawProfiles(app.AppDir, "vm").Single(), app.RealRawProfile);
            app.StepHash = MergedProfile(app.AppDir).Records.Single(r => r.Name == "step").Hash;
            return app;
        }

        /// <summary>Builds the app (Release, RustPgo) with <paramref name="items"/> added to its items and the given extra arguments.</summary>
        public ProcessResult Build(string items, params string[] arguments) => BuildWith(null, items, arguments);

        public ProcessResult BuildWith(IDictionary<string, string?>? environment, string items, params string[] arguments)
        {
            var itemGroup = _baseProject.IndexOf("</ItemGroup>", StringComparison.Ordinal);
            var project = _baseProject.Substring(0, itemGroup) + items + "\n  " + _baseProject.Substring(itemGroup);
            if (File.ReadAllText(Project) != project)
                File.WriteAllText(Project, project);
            return _sdk.DotnetWith(AppDir, environment, new[] { "build", Project, "-c", "Release", "-p:RustPgo=true" }.Concat(arguments).ToArray());
        }

        /// <summary>A training that copies <paramref name="file"/> into vm's raw profile folder, as if vm had written it.</summary>
        public string CopyIntoRawFolder(string name, string file) =>
            $"<RustPgoTraining Include=\"{name}\" CommandLine=\"cp '{file}' '{Path.Combine(RawFolder, name + ".profraw")}'\" />";

        public const string SelfTraining = "<RustPgoTraining Include=\"$(MSBuildProjectFullPath)\" Arguments=\"train\" />";
    }

    /// <summary>A RustPgoTraining whose WorkingDirectory does not exist: its process cannot start.</summary>
    [Fact]
    public void A_training_whose_process_cannot_start_is_RUSTPGO115()
    {
        var app = App();
        var build = app.Build("<RustPgoTraining Include=\"misplaced\" CommandLine=\"echo hello\" WorkingDirectory=\"no such folder\" />");

        FailedWith(build, "RUSTPGO115");
        var message = Message(build, "error", "RUSTPGO115");
        Assert.StartsWith("The training 'misplaced' could not start: ", message);
        Assert.Contains(Path.Combine(app.AppDir, "no such folder"), message);
        Assert.Contains("echo hello", message);
        Assert.DoesNotContain("RUSTPGO103", build.Output);
    }

    /// <summary>The second form of RUSTPGO104: every training ran and wrote raw profiles, but none loaded the crate other.</summary>
    [Fact]
    public void A_crate_no_training_loads_is_RUSTPGO104_naming_the_crate()
    {
        var app = App();
        var build = app.Build("<RustCrate Include=\"../native/other/Cargo.toml\" />");

        FailedWith(build, "RUSTPGO104");
        var message = Message(build, "error", "RUSTPGO104");
        Assert.StartsWith("No training wrote a raw profile for the crate other (", message);
        Assert.Contains("none of the 1 workload(s) loaded its instrumented library", message);
        Assert.Contains(HostPlatform.Cdylib("other"), message);
        Assert.Contains("Add a workload that calls into it, or move the crate to a project of its own.", message);
        Assert.Contains("RustPgo: training 1 of 1: app done", build.Output);
        Assert.DoesNotContain("RustPgo: vm: PGO-optimized", build.Output);
    }

    /// <summary>Raw profiles of another version than the built-in reader's 10 (here 9, as LLVM 17-18 write) stop a built-in merge.</summary>
    [SkippableFact]
    public void Raw_profiles_the_builtin_merger_cannot_read_are_RUSTPGO114()
    {
        Skip.If(HostPlatform.IsWindows, "the training copies a file with /bin/sh's cp");
        var app = App();
        var old = Path.Combine(app.Workspace, "version-9.profraw");
        File.WriteAllBytes(old, CraftedRawProfiles.WithVersion(app.RealRawProfile, 9));

        var build = app.Build(TrainedApp.SelfTraining + app.CopyIntoRawFolder("old", old), "-p:RustPgoProfileMerger=builtin");

        FailedWith(build, "RUSTPGO114");
        var message = Message(build, "error", "RUSTPGO114");
        Assert.Contains("The built-in merger reads raw profiles of version 10", message);
        Assert.Matches(@"but .*[/\\]raw[/\\]2[/\\]vm-[^/\\]+[/\\]old\.profraw is raw profile version 9\.", message);
        Assert.Contains("Install the llvm-profdata of rustc's LLVM", message);
        Assert.Contains("rustup component add llvm-tools", message);
    }

    /// <summary>
    /// A raw profile whose step has the real CFG hash but two counters (a profile of another build of the crate): the
    /// built-in merge drops its counts of step with warning RUSTPGO116 and goes on with the training's.
    /// </summary>
    [SkippableFact]
    public void A_function_whose_counters_differ_between_raw_profiles_is_warning_RUSTPGO116()
    {
        Skip.If(HostPlatform.IsWindows, "the training copies a file with /bin/sh's cp");
        var app = App();
        var other = Path.Combine(app.Workspace, "other-build.profraw");
        File.WriteAllBytes(other, CraftedRawProfiles.OneFunction(CraftedRawProfiles.VersionWord(app.RealRawProfile), "step", app.StepHash, 5, 6));

        var build = app.Build(TrainedApp.SelfTraining + app.CopyIntoRawFolder("stale", other), "-p:RustPgoProfileMerger=builtin");

        Assert.True(build.ExitCode == 0, build.ToString());
        var message = Message(build, "warning", "RUSTPGO116");
        Assert.StartsWith("step: ", message);
        Assert.Matches(@"; the merge dropped that function's counts from .*[/\\]raw[/\\]2[/\\]vm-[^/\\]+[/\\]stale\.profraw\. ", message);
        Assert.Contains("The raw profiles come from different builds of the crate: rebuild with -t:Rebuild.", message);
        Assert.Equal(1234UL, MergedProfile(app.AppDir).Records.Single(r => r.Name == "step").EntryCount);
        Assert.DoesNotContain("MSB4018", build.Output);
    }

    /// <summary>Every raw profile unreadable (the one training crashed while writing): nothing to merge.</summary>
    [SkippableFact]
    public void No_readable_raw_profile_is_RUSTPGO106()
    {
        Skip.If(HostPlatform.IsWindows, "the crashed training is a /bin/sh command line");
        var app = App();
        var build = app.Build($"<RustPgoTraining Include=\"crashed\" CommandLine=\"printf truncated &gt; '{Path.Combine(app.RawFolder, "crashed.profraw")}'\" />");

        FailedWith(build, "RUSTPGO106");
        Assert.Contains("warning RUSTPGO105", build.Output);
        var message = Message(build, "error", "RUSTPGO106");
        Assert.Equal("None of the 1 raw profile(s) is readable, so there is nothing to merge. Check the training runs' output: they must exit normally.", message);
    }

    /// <summary>llvm-profdata of rustc's LLVM that fails its merge: its exit code and its error lines are the message.</summary>
    [SkippableFact]
    public void A_failed_llvm_profdata_merge_is_RUSTPGO106_with_its_errors()
    {
        Skip.If(HostPlatform.IsWindows, "the failing llvm-profdata is a /bin/sh script");
        var app = App();
        var cargo = Path.Combine(SdkFixture.CargoBin, HostPlatform.Executable("cargo"));
        var llvmMajor = RustcInfo.Query(ToolLocator.FindRustc(cargo) ?? "rustc", app.AppDir).LlvmMajor;
        var failing = Projects.WriteScript(Path.Combine(app.Workspace, "failing-llvm", "llvm-profdata"), $"""
            #!/bin/sh
            case "$1" in
              --version) echo "LLVM version {llvmMajor}.1.0"; exit 0 ;;
              merge) echo "error: simulated: no space left on device" >&2; exit 1 ;;
            esac
            exit 2
            """);
        File.Delete(MergedProfdata(app.AppDir));

        var build = app.Build("", "-p:RustPgoProfileMerger=llvm", $"-p:RustPgoLlvmProfdataPath={failing}");

        FailedWith(build, "RUSTPGO106");
        var message = Message(build, "error", "RUSTPGO106");
        Assert.StartsWith($"{failing} merge failed with exit code 1: error: simulated: no space left on device", message);
        Assert.False(File.Exists(MergedProfdata(app.AppDir)));
    }

    /// <summary>RustPgoReportTopFunctions: the report's hottest-functions table has that many rows (the crate has more functions).</summary>
    [Fact]
    public void RustPgoReportTopFunctions_is_the_number_of_rows_of_the_hottest_functions_table()
    {
        var app = App();
        var build = app.Build("", "-p:RustPgoReportTopFunctions=2");

        Assert.True(build.ExitCode == 0, build.ToString());
        var report = File.ReadAllText(Directory.GetFiles(RustState(app.AppDir), "rustpgo-report.md", SearchOption.AllDirectories).Single());
        var table = report.Substring(report.IndexOf("## Hottest functions (top 2 by largest block count)", StringComparison.Ordinal));
        table = table.Substring(0, table.IndexOf("\n## ", StringComparison.Ordinal));
        var rows = table.Split('\n').Where(line => Regex.IsMatch(line, @"^\| \d+ \| ")).ToList();
        Assert.Equal(new[] { "| 1 |", "| 2 |" }, rows.Select(r => r.Substring(0, 5)));
        Assert.True(FunctionsOfRawProfiles(app.AppDir, "vm") > 2, "the crate must have more functions than the table shows");
    }
}
