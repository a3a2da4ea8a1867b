using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RustPgo.ProfData;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;
using static RustPgo.Sdk.Tests.Infrastructure.PgoApps;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// Real `dotnet build -p:RustPgo=true` runs of generated apps: the profile holds what the training did,
/// the optimized library ships, each stage reruns exactly when its inputs change.
/// </summary>
[Collection(SdkCollection.Name)]
public class PgoTests
{
    private readonly SdkFixture _sdk;

    public PgoTests(SdkFixture sdk) => _sdk = sdk;

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    private static void FailedWith(ProcessResult result, string code)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"error {code}", result.Output);
        Assert.DoesNotContain("MSB4181", result.Output);
        Assert.DoesNotContain("MSB4018", result.Output);
    }

    private static int Count(string log, string pattern) => Regex.Matches(log, pattern).Count;

    private static string Output(string appDir) => Path.Combine(appDir, "bin", "Release", "net10.0");

    [Fact]
    public void Profile_holds_the_training_counts_and_the_optimized_library_ships()
    {
        var ws = _sdk.NewWorkspace("pgo-counts");
        var project = App(ws, calls: 1234);
        var appDir = Path.GetDirectoryName(project)!;

        var build = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(build);

        var step = MergedProfile(appDir).Records.Single(r => r.Name == "step");
        Assert.Equal(1234UL, step.EntryCount);
        Assert.Equal(0UL, MergedProfile(appDir).Records.Single(r => r.Name == "never_called").EntryCount);
        var functions = FunctionsOfRawProfiles(appDir, "vm");
        Assert.Matches($@"RustPgo: vm: PGO-optimized, {functions}/{functions} functions with profile data, \d+ executed in training; 1 training run\(s\), 1 raw profile\(s\) merged; profile [\d.]+ KiB", build.Output);

        var shipped = File.ReadAllBytes(Path.Combine(Output(appDir), HostPlatform.Cdylib("vm")));
        Assert.Equal(File.ReadAllBytes(OptimizedLibrary(appDir)), shipped);

        // The plain release build of the same sources is another library.
        var plain = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-o", Path.Combine(ws, "plain"));
        Succeeded(plain);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(ws, "plain", HostPlatform.Cdylib("vm"))), shipped);

        var run = _sdk.Dotnet(appDir, Path.Combine(Output(appDir), "app.dll"));
        Succeeded(run);
        Assert.Contains("sum=", run.Output);

        var report = File.ReadAllText(Directory.GetFiles(RustState(appDir), "rustpgo-report.md", SearchOption.AllDirectories).Single());
        Assert.Contains("| Max block count | Entry count |", report);
        Assert.Contains("| `step` | 1,234 | 1,234 | 1 |", report);
        Assert.Contains("`never_called`", report);
    }

    /// <summary>
    /// No-op: cargo finds both PGO builds fresh, nothing trains or merges. A changed training definition reruns
    /// Train, Merge and Optimize only; a changed .rs file reruns all four.
    /// </summary>
    [Fact]
    public void Each_stage_reruns_exactly_when_its_inputs_change()
    {
        var ws = _sdk.NewWorkspace("pgo-incremental");
        var project = App(ws, calls: 500);
        var appDir = Path.GetDirectoryName(project)!;
        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true"));

        var noop = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-v:d");
        Succeeded(noop);
        // The instrumented and the optimized build.
        Assert.Equal(2, Logs.UpToDateLines(noop.Output, "vm"));
        foreach (var stage in new[] { "RustPgoTrain", "RustPgoMerge" })
            Assert.Contains($"Skipping target \"{stage}\" because all output files are up-to-date", noop.Output);
        Assert.Equal(0, Count(noop.Output, @"RustPgo: training \d+ of"));
        Assert.Equal(0, Logs.CargoBuildLines(noop.Output, "vm"));
        Assert.Contains("RustPgo: vm: PGO-optimized", noop.Output);

        var retrain = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoTrainArguments=train%20777");
        Succeeded(retrain);
        Assert.Equal(0, Count(retrain.Output, @"vm \(PGO instrumented"));
        Assert.Equal(1, Count(retrain.Output, @"RustPgo: training 1 of 1: app done"));
        Assert.Equal(1, Count(retrain.Output, @"vm \(PGO optimized"));
        Assert.Equal(777UL, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);

        File.AppendAllText(Path.Combine(ws, "native", "vm", "src", "lib.rs"), "\n#[no_mangle]\npub extern \"C\" fn added_later() -> u64 { 5 }\n");
        var changed = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoTrainArguments=train%20777");
        Succeeded(changed);
        Assert.Equal(1, Count(changed.Output, @"vm \(PGO instrumented"));
        Assert.Equal(1, Count(changed.Output, @"RustPgo: training 1 of 1: app done"));
        Assert.Equal(1, Count(changed.Output, @"vm \(PGO optimized"));
        Assert.Contains(MergedProfile(appDir).Records, r => r.Name == "added_later");
    }

    /// <summary>
    /// User rustflags reach rustc in all three builds (the crate checks a --cfg), from each kind of place the SDK reads
    /// them: the build's environment, a cargo config file, the RustCrate's CargoArguments. Which flags every source and
    /// combination gives is compared with cargo itself in UserRustFlagsDifferentialTests.
    /// </summary>
    [Theory]
    [InlineData("RUSTFLAGS")]
    [InlineData("target.rustflags")]
    [InlineData("--config")]
    public void User_rustflags_reach_every_build(string source)
    {
        var ws = _sdk.NewWorkspace("pgo-flags");
        var metadata = source == "--config" ? " CargoArguments=\"--config 'build.rustflags=[&quot;--cfg&quot;, &quot;user_flag&quot;]'\"" : "";
        var project = App(ws, rustCrateMetadata: metadata, libRsTail: """

            #[cfg(not(user_flag))]
            compile_error!("the user's rustflags did not reach rustc");
            """);
        var appDir = Path.GetDirectoryName(project)!;
        var config = Path.Combine(ws, "native", "vm", ".cargo", "config.toml");
        var environment = new Dictionary<string, string?>();
        switch (source)
        {
            case "RUSTFLAGS": environment["RUSTFLAGS"] = "--cfg user_flag"; break;
            case "target.rustflags": Projects.Write(config, $"[target.{HostPlatform.Triple}]\nrustflags = [\"--cfg\", \"user_flag\"]\n"); break;
        }

        Succeeded(_sdk.DotnetWith(appDir, environment, "build", project, "-c", "Release", "-o", Path.Combine(ws, "plain")));
        var build = _sdk.DotnetWith(appDir, environment, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(build);
        Assert.Contains("vm (PGO instrumented", build.Output);
        Assert.Contains("vm (PGO optimized", build.Output);
        Assert.Equal(1234UL, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);
    }

    /// <summary>A changed rustflags variable reruns every stage that compiles with it, the plain build too.</summary>
    [Fact]
    public void A_changed_rustflags_variable_rebuilds_every_stage()
    {
        var ws = _sdk.NewWorkspace("pgo-flags-change");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var variable = "CARGO_TARGET_" + HostPlatform.Triple.ToUpperInvariant().Replace('-', '_') + "_RUSTFLAGS";
        Succeeded(_sdk.DotnetWith(appDir, new Dictionary<string, string?> { [variable] = "--cfg one" }, "build", project, "-c", "Release", "-p:RustPgo=true"));
        var changed = _sdk.DotnetWith(appDir, new Dictionary<string, string?> { [variable] = "--cfg two" }, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(changed);
        Assert.Equal(1, Count(changed.Output, @"vm \(PGO instrumented"));
        Assert.Equal(1, Count(changed.Output, @"vm \(PGO optimized"));

        Succeeded(_sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["CARGO_BUILD_RUSTFLAGS"] = "--cfg one" }, "build", project, "-c", "Release"));
        var plain = _sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["CARGO_BUILD_RUSTFLAGS"] = "--cfg two" }, "build", project, "-c", "Release");
        Succeeded(plain);
        Assert.Equal(1, Count(plain.Output, @"vm \(release\) ->"));
    }

    [Fact]
    public void A_checked_in_profile_replaces_training_and_reports_when_it_no_longer_fits()
    {
        var ws = _sdk.NewWorkspace("pgo-checked-in");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfdataOutput=pgo/vm.profdata"));
        var saved = Path.Combine(appDir, "pgo", "vm.profdata");
        Assert.True(File.Exists(saved));

        // The copy is an output of its own: a no-op build brings back a deleted one.
        File.Delete(saved);
        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfdataOutput=pgo/vm.profdata"));
        Assert.Equal(File.ReadAllBytes(MergedProfdata(appDir)), File.ReadAllBytes(saved));

        Directory.Delete(Path.Combine(appDir, "obj"), recursive: true);
        var reuse = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfdata=pgo/vm.profdata");
        Succeeded(reuse);
        Assert.DoesNotContain("PGO instrumented", reuse.Output);
        Assert.DoesNotContain("RustPgo: training", reuse.Output);
        Assert.Contains("checked-in profile pgo/vm.profdata", reuse.Output);
        Assert.DoesNotContain("RUSTPGO108", reuse.Output);

        // The sources move on: classify's control flow changes and a new function appears.
        var libRs = Path.Combine(ws, "native", "vm", "src", "lib.rs");
        File.WriteAllText(libRs, File.ReadAllText(libRs).Replace("else { x + 7 }", "else if x % 5 == 0 { x + 9 } else { x + 7 }")
            + "\n#[no_mangle]\npub extern \"C\" fn brand_new(x: u64) -> u64 { if x > 1 { x } else { 2 } }\n");
        var stale = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfdata=pgo/vm.profdata");
        Succeeded(stale);
        Assert.Matches(@"warning RUSTPGO108: vm: the profile does not fit 2 functions: 1 changed since the training \(hash mismatch\), 1 without profile data", stale.Output);
    }

    /// <summary>
    /// The built-in merger and llvm-profdata of rustc's LLVM write the same bytes for three raw profiles of
    /// different weights (trainings of different lengths).
    /// </summary>
    [SkippableFact]
    public void The_builtin_merger_writes_what_llvm_profdata_writes()
    {
        var llvmProfdata = RustcLlvmProfdata.Path;
        Skip.If(llvmProfdata == null, $"no llvm-profdata of rustc's LLVM where the SDK looks (rustup component add llvm-tools, or apt-get install llvm-22): there is nothing to compare the built-in merger with ({RustcLlvmProfdata.Considered})");

        var ws = _sdk.NewWorkspace("pgo-mergers");
        var project = App(ws, extraItems: """
            <RustPgoTraining Include="$(MSBuildProjectFullPath)" Arguments="train 100" Weight="1" />
            <RustPgoTraining Include="$(MSBuildProjectFullPath)" Arguments="train 2000" Weight="2" />
            <RustPgoTraining Include="$(MSBuildProjectFullPath)" Arguments="train 30" Weight="7" />
            """);
        var appDir = Path.GetDirectoryName(project)!;

        var builtin = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfileMerger=builtin", "-v:n");
        Succeeded(builtin);
        Assert.Contains("merged 3 raw profile(s) with built-in ->", builtin.Output);
        var builtinBytes = File.ReadAllBytes(MergedProfdata(appDir));
        Assert.Equal(100UL * 1 + 2000UL * 2 + 30UL * 7, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);

        File.Delete(MergedProfdata(appDir));
        var llvm = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfileMerger=llvm", $"-p:RustPgoLlvmProfdataPath={llvmProfdata}", "-v:n");
        Succeeded(llvm);
        Assert.Contains($"merged 3 raw profile(s) with {llvmProfdata} ->", llvm.Output);
        Assert.Equal(File.ReadAllBytes(MergedProfdata(appDir)), builtinBytes);
    }

    /// <summary>Every kind of workload runs with its Environment metadata, and each counts with its weight.</summary>
    [Fact]
    public void Every_kind_of_workload_gets_its_environment_and_merges_with_its_weight()
    {
        var ws = _sdk.NewWorkspace("pgo-workloads");
        var project = App(ws, calls: 100, extraItems: """
            <RustPgoTraining Include="$(MSBuildProjectFullPath)" Arguments="train" Weight="3" Environment="STEP_CALLS=40" />
            <RustPgoTraining Include="unit tests" CargoCommand="test" Environment="NEVER_CALLED_TIMES=11" />
            """, libRsTail: """

            #[cfg(test)]
            mod tests {
                // Fails the workload (RUSTPGO103) unless the Environment metadata reached it.
                #[test]
                fn calls_never_called_as_often_as_the_environment_says() {
                    let times: u64 = std::env::var("NEVER_CALLED_TIMES").expect("the Environment metadata").parse().unwrap();
                    assert_eq!(times, 11);
                    for i in 0..times { assert!(super::never_called(std::hint::black_box(i)) >= i); }
                }
            }
            """);
        var appDir = Path.GetDirectoryName(project)!;

        var build = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(build);
        Assert.Contains("training 1 of 2: app done", build.Output);
        Assert.Contains("training 2 of 2: unit tests done", build.Output);
        Assert.Equal(40UL * 3, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);
        // (LLVM inlines never_called into the test before instrumenting it, so its own counter stays 0.)
        Assert.Contains("2 training run(s), 2 raw profile(s) merged", build.Output);
    }

    /// <summary>
    /// A command-line workload finds the instrumented library through the loader path, and sees
    /// RUSTPGO_INSTRUMENTED_LIBRARY_DIR and its Environment metadata: here a .NET app built without the
    /// SDK, whose folder holds no copy of the library.
    /// </summary>
    [Fact]
    public void A_command_line_workload_loads_the_instrumented_library_through_the_loader_path()
    {
        var ws = _sdk.NewWorkspace("pgo-commandline");
        var tool = Path.Combine(ws, "tool");
        Projects.Write(Path.Combine(tool, "Program.cs"), """
            using System;
            using System.IO;
            using System.Runtime.InteropServices;

            static class Program
            {
                [DllImport("vm")]
                static extern ulong step(ulong x);

                static void Main(string[] args)
                {
                    for (ulong i = 0; i < 321; i++) step(i);
                    File.WriteAllText(args[0], Environment.GetEnvironmentVariable("RUSTPGO_INSTRUMENTED_LIBRARY_DIR") + "\n" + Environment.GetEnvironmentVariable("MARKER"));
                }
            }
            """);
        var toolProject = Projects.Write(Path.Combine(tool, "tool.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        Succeeded(_sdk.Dotnet(tool, "build", toolProject, "-c", "Release", "-o", Path.Combine(tool, "out")));
        var seen = Path.Combine(ws, "seen.txt");
        var project = App(ws, extraItems: $"""
            <RustPgoTraining Include="tool" CommandLine="dotnet &quot;{Path.Combine(tool, "out", "tool.dll")}&quot; &quot;{seen}&quot;" Environment="MARKER=from-metadata" />
            """);
        var appDir = Path.GetDirectoryName(project)!;

        var build = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(build);
        Assert.Equal(321UL, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);
        var lines = File.ReadAllLines(seen);
        Assert.Equal(Path.GetDirectoryName(Tasks.State.CargoBuildRecord.TryRead(Directory.GetFiles(RustState(appDir), "build.txt", SearchOption.AllDirectories)
            .Single(f => f.Contains("pgo-instrument")))!.DynamicLibrary), lines[0]);
        Assert.Equal("from-metadata", lines[1]);
    }

    [SkippableFact]
    public void Training_failures_are_coded_errors()
    {
        Skip.If(HostPlatform.IsWindows, "the failing command lines are /bin/sh ones");
        var ws = _sdk.NewWorkspace("pgo-failures");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;

        var crash = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoTrainArguments=train%20not-a-number");
        FailedWith(crash, "RUSTPGO103");
        Assert.Contains("exited with code", crash.Output);
        Assert.Contains("FormatException", crash.Output);

        var noProfile = _sdk.Dotnet(Path.GetDirectoryName(App(_sdk.NewWorkspace("pgo-noprofile"), extraItems: "<RustPgoTraining Include=\"idle\" CommandLine=\"echo nothing here\" />"))!,
            "build", "-c", "Release", "-p:RustPgo=true");
        FailedWith(noProfile, "RUSTPGO104");
        Assert.Contains("never loaded one", noProfile.Output);

        var missingProfile = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfdata=nowhere.profdata");
        FailedWith(missingProfile, "RUSTPGO109");

        var garbage = Projects.Write(Path.Combine(appDir, "garbage.profdata"), "this is not a profile");
        var unreadable = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfdata=garbage.profdata");
        FailedWith(unreadable, "RUSTPGO107");
        Assert.Contains("without PGO", unreadable.Output);

        var wrongLlvm = Projects.WriteScript(Path.Combine(ws, "llvm-profdata-14"), "#!/bin/sh\necho 'LLVM version 14.0.6'\n");
        var mismatch = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", $"-p:RustPgoLlvmProfdataPath={wrongLlvm}");
        FailedWith(mismatch, "RUSTPGO102");
        Assert.Contains("rustup component add llvm-tools", mismatch.Output);

        var absent = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfileMerger=llvm", "-p:RustPgoLlvmProfdataPath=/nonexistent/llvm-profdata");
        FailedWith(absent, "RUSTPGO101");

        var badMerger = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfileMerger=fastest");
        FailedWith(badMerger, "RUSTPGO113");

        var unstartable = _sdk.Dotnet(Path.GetDirectoryName(App(_sdk.NewWorkspace("pgo-unstartable"), extraItems: "<RustPgoTraining Include=\"gone\" CommandLine=\"exec /nonexistent/workload\" />"))!,
            "build", "-c", "Release", "-p:RustPgo=true");
        FailedWith(unstartable, "RUSTPGO103");
    }

    /// <summary>A crashed run leaves a truncated raw profile: left out with a warning, or an error in strict mode.</summary>
    [SkippableFact]
    public void A_corrupt_raw_profile_is_skipped_with_a_warning_or_fails_strict_mode()
    {
        Skip.If(HostPlatform.IsWindows, "the simulated crash is a /bin/sh command line");
        var ws = _sdk.NewWorkspace("pgo-corrupt");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true"));
        // The folder the instrumented library writes its raw profile into (its -Cprofile-generate).
        var rawFolder = Directory.GetDirectories(RustState(appDir), "raw", SearchOption.AllDirectories).Single(d => d.Contains("pgo-instrument"));
        File.WriteAllText(project, File.ReadAllText(project).Replace("</ItemGroup>", $"""
              <RustPgoTraining Include="$(MSBuildProjectFullPath)" Arguments="train" />
              <RustPgoTraining Include="crashed" CommandLine="printf truncated &gt; '{rawFolder}/crashed.profraw'" />
            </ItemGroup>
            """));

        var lenient = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(lenient);
        Assert.Contains("warning RUSTPGO105", lenient.Output);
        Assert.Contains("crashed.profraw", lenient.Output);
        Assert.Equal(1234UL, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);

        var strict = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoStrict=true", "-t:Rebuild");
        FailedWith(strict, "RUSTPGO105");
    }

    [Fact]
    public void A_class_library_without_a_training_workload_says_how_to_add_one()
    {
        var ws = _sdk.NewWorkspace("pgo-library");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.Write(Path.Combine(ws, "lib", "lib.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Sdk Name="RustPgo.Sdk" Version="{SdkFixture.SdkVersion}" />
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><RustCrate Include="../native/calc/Cargo.toml" /></ItemGroup>
            </Project>
            """);
        var build = _sdk.Dotnet(Path.GetDirectoryName(project)!, "build", project, "-c", "Release", "-p:RustPgo=true");
        FailedWith(build, "RUSTPGO110");
        Assert.Contains("RustPgoTraining", build.Output);
    }

    /// <summary>
    /// The stage targets run alone from a clean obj/, each bringing the stages before it; deleted state
    /// files are written again. (Each was an MSB4018 stack trace.)
    /// </summary>
    [Fact]
    public void Each_stage_target_runs_alone_and_lost_state_is_rebuilt()
    {
        var ws = _sdk.NewWorkspace("pgo-alone");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        Succeeded(_sdk.Dotnet(appDir, "restore", project));
        foreach (var stage in new[] { "RustPgoMerge", "RustPgoTrain", "RustPgoInstrument", "RustPgoOptimize" })
        {
            if (Directory.Exists(Path.Combine(appDir, "obj", "rust")))
                Directory.Delete(Path.Combine(appDir, "obj", "rust"), recursive: true);
            var alone = _sdk.Dotnet(appDir, "msbuild", project, "-t:" + stage, "-p:Configuration=Release");
            Succeeded(alone);
        }
        Assert.Equal(1234UL, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);

        foreach (var state in new[] { "raw-profiles.txt", "trainings.txt", "merge.txt" })
            File.Delete(Path.Combine(PgoState(appDir), state));
        foreach (var record in Directory.GetFiles(RustState(appDir), "build.txt", SearchOption.AllDirectories))
            File.Delete(record);
        var rebuilt = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(rebuilt);
        Assert.Contains("RustPgo: vm: PGO-optimized", rebuilt.Output);
    }

    [Fact]
    public void A_multi_targeted_app_trains_once_and_rebuilds_without_racing_its_frameworks()
    {
        var ws = _sdk.NewWorkspace("pgo-multitarget");
        var project = App(ws);
        File.WriteAllText(project, File.ReadAllText(project).Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net10.0;net9.0</TargetFrameworks>"));
        var appDir = Path.GetDirectoryName(project)!;

        var build = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(build);
        Assert.Equal(1, Count(build.Output, @"vm \(PGO instrumented"));
        Assert.Equal(1, Count(build.Output, @"RustPgo: training 1 of 1: app done"));
        Assert.Equal(1, Count(build.Output, @"vm \(PGO optimized"));
        foreach (var framework in new[] { "net10.0", "net9.0" })
            Assert.Equal(File.ReadAllBytes(OptimizedLibrary(appDir)), File.ReadAllBytes(Path.Combine(appDir, "bin", "Release", framework, HostPlatform.Cdylib("vm"))));

        // Rebuild in parallel: one owner cleans and builds the crates; the frameworks only read.
        var rebuild = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-t:Rebuild", "-m");
        Succeeded(rebuild);
        Assert.Equal(1, Count(rebuild.Output, @"vm \(PGO optimized"));
        foreach (var framework in new[] { "net10.0", "net9.0" })
            Assert.Equal(File.ReadAllBytes(OptimizedLibrary(appDir)), File.ReadAllBytes(Path.Combine(appDir, "bin", "Release", framework, HostPlatform.Cdylib("vm"))));
    }

    /// <summary>
    /// A C# library wrapping the crate is trained by its test project (run with `dotnet test`), packs the
    /// optimized library under runtimes/&lt;rid&gt;/native/, and hands it to the app that references it.
    /// </summary>
    [Fact]
    public void A_wrapper_library_trained_by_its_test_project_ships_the_optimized_library()
    {
        var ws = _sdk.NewWorkspace("pgo-wrapper");
        App(ws);
        Projects.Write(Path.Combine(ws, "Vm", "Native.cs"), """
            using System.Runtime.InteropServices;
            namespace Vm;
            public static class Native
            {
                [DllImport("vm")] public static extern ulong step(ulong x);
            }
            """);
        var library = Projects.Write(Path.Combine(ws, "Vm", "Vm.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Sdk Name="RustPgo.Sdk" Version="{SdkFixture.SdkVersion}" />
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <RustCrate Include="../native/vm/Cargo.toml" />
                <RustPgoTraining Include="../Vm.Tests/Vm.Tests.csproj" />
              </ItemGroup>
            </Project>
            """);
        Projects.Write(Path.Combine(ws, "Vm.Tests", "StepTests.cs"), """
            public class StepTests
            {
                [Xunit.Fact]
                public void Steps()
                {
                    for (ulong i = 0; i < 4321; i++) Vm.Native.step(i);
                }
            }
            """);
        Projects.Write(Path.Combine(ws, "Vm.Tests", "Vm.Tests.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><IsTestProject>true</IsTestProject></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                <ProjectReference Include="../Vm/Vm.csproj" />
              </ItemGroup>
            </Project>
            """);
        var libraryDir = Path.GetDirectoryName(library)!;

        var pack = _sdk.Dotnet(libraryDir, "pack", library, "-c", "Release", "-p:RustPgo=true", "-o", Path.Combine(ws, "packages"));
        Succeeded(pack);
        Assert.Contains("training 1 of 1: Vm.Tests done", pack.Output);
        Assert.Equal(4321UL, MergedProfile(libraryDir).Records.Single(r => r.Name == "step").EntryCount);
        var optimized = File.ReadAllBytes(OptimizedLibrary(libraryDir));
        using (var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(ws, "packages", "Vm.1.0.0.nupkg")))
        {
            var entry = package.GetEntry($"runtimes/{HostPlatform.Rid}/native/{HostPlatform.Cdylib("vm")}");
            Assert.NotNull(entry);
            using var stream = new MemoryStream();
            entry!.Open().CopyTo(stream);
            Assert.Equal(optimized, stream.ToArray());
        }

        // The app that references the wrapper gets the optimized library in its output.
        var app = Projects.Write(Path.Combine(ws, "Consumer", "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><ProjectReference Include="../Vm/Vm.csproj" /></ItemGroup>
            </Project>
            """);
        Projects.Write(Path.Combine(ws, "Consumer", "Program.cs"), "System.Console.WriteLine($\"step(3)={Vm.Native.step(3)}\");\n");
        var consumerDir = Path.GetDirectoryName(app)!;
        Succeeded(_sdk.Dotnet(consumerDir, "build", app, "-c", "Release", "-p:RustPgo=true"));
        Assert.Equal(optimized, File.ReadAllBytes(Path.Combine(consumerDir, "bin", "Release", "net10.0", HostPlatform.Cdylib("vm"))));
        var run = _sdk.Dotnet(consumerDir, Path.Combine(consumerDir, "bin", "Release", "net10.0", "Consumer.dll"));
        Succeeded(run);
        Assert.Contains("step(3)=", run.Output);
    }

    /// <summary>
    /// With no llvm-profdata of rustc's LLVM anywhere (here: only LLVM 14 ones first on PATH, as on a stock
    /// Debian, and a toolchain whose sysroot has no llvm-tools, whatever the runner's has), the default merger
    /// falls back to the built-in one and the PGO build still works.
    /// </summary>
    [SkippableFact]
    public void Without_a_compatible_llvm_profdata_the_builtin_merger_takes_over()
    {
        Skip.If(HostPlatform.IsWindows, "the stand-in llvm-profdata is a /bin/sh script");
        var ws = _sdk.NewWorkspace("pgo-no-llvm");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var fakeBin = Path.Combine(ws, "old-llvm");
        foreach (var name in new[] { "llvm-profdata", "llvm-profdata-22" })
        {
            Projects.WriteScript(Path.Combine(fakeBin, name), "#!/bin/sh\necho 'Debian LLVM version 14.0.6'\nexit 1\n");
        }
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = fakeBin + Path.PathSeparator + _sdk.Environment()["PATH"],
            ["LLVM_PROFDATA"] = null,
            ["RustPgoLlvmProfdataPath"] = null,
        };
        var toolchain = ToolchainWithoutLlvmTools.Create(Path.Combine(ws, "toolchain"));

        var build = _sdk.DotnetWith(appDir, environment, "build", project, "-c", "Release", "-p:RustPgo=true", $"-p:RustCargoPath={toolchain}", "-v:n");
        Succeeded(build);
        Assert.Contains("with built-in ->", build.Output);
        Assert.DoesNotContain("warning", build.Output.Replace("0 Warning(s)", ""));
        Assert.Equal(1234UL, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);
        Assert.Contains("RustPgo: vm: PGO-optimized", build.Output);
    }
}
