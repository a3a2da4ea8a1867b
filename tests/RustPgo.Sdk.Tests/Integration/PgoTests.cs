using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RustPgo.ProfData;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// Real `dotnet build -p:RustPgo=true` runs of generated apps: the profile holds what the training did,
/// the optimized library ships, each stage reruns exactly when its inputs change.
/// </summary>
[Collection(SdkCollection.Name)]
public class PgoTests
{
    private const string Triple = "x86_64-unknown-linux-gnu";
    private readonly SdkFixture _sdk;

    public PgoTests(SdkFixture sdk) => _sdk = sdk;

    /// <summary>
    /// A crate whose `step` the app's training calls exactly <c>calls</c> times. `step` is one basic block,
    /// so its single counter is its call count (IR instrumentation counts edges of a spanning tree, so in
    /// a branchy function no single counter need be the entry count).
    /// </summary>
    internal static string PgoApp(string ws, int calls = 1234, string extraProperties = "", string extraItems = "", string libRsTail = "")
    {
        Projects.Crate(Path.Combine(ws, "native", "vm"), "vm", libRs: """
            #[no_mangle]
            pub extern "C" fn step(x: u64) -> u64 {
                x.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (x >> 7)
            }

            #[no_mangle]
            pub extern "C" fn classify(x: u64) -> u64 {
                if x % 3 == 0 { x / 3 } else if x % 3 == 1 { x * 3 + 1 } else { x + 7 }
            }

            #[no_mangle]
            pub extern "C" fn never_called(x: u64) -> u64 {
                if x > 10 { x * 2 } else { x }
            }
            """ + libRsTail);
        var appDir = Path.Combine(ws, "app");
        Projects.Write(Path.Combine(appDir, "Program.cs"), $$"""
            using System;
            using System.Runtime.InteropServices;

            static class Program
            {
                [DllImport("vm")]
                static extern ulong step(ulong x);

                [DllImport("vm")]
                static extern ulong classify(ulong x);

                static int Main(string[] args)
                {
                    var calls = args.Length > 0 && args[0] == "train" ? {{calls}} : 10;
                    if (args.Length > 1) calls = int.Parse(args[1]);
                    ulong sum = 0;
                    for (var i = 0; i < calls; i++) sum += step((ulong)i) + classify((ulong)i);
                    Console.WriteLine($"sum={sum}");
                    return 0;
                }
            }
            """);
        return Projects.Write(Path.Combine(appDir, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Sdk Name="RustPgo.Sdk" Version="{SdkFixture.SdkVersion}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RustPgoTrainArguments>train</RustPgoTrainArguments>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <RustCrate Include="../native/vm/Cargo.toml" />
                {extraItems}
              </ItemGroup>
            </Project>
            """);
    }

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    private static void FailedWith(ProcessResult result, string code)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"error {code}", result.Output);
        Assert.DoesNotContain("MSB4181", result.Output);
    }

    private static string Rust(string appDir) => Path.Combine(appDir, "obj", "rust", "Release");

    private static IndexedProfile MergedProfile(string appDir) =>
        IndexedProfileReader.Read(Path.Combine(Rust(appDir), "pgo", "merged.profdata"));

    private static int Count(string log, string pattern) => Regex.Matches(log, pattern).Count;

    [Fact]
    public void Profile_holds_the_training_counts_and_the_optimized_library_ships()
    {
        var ws = _sdk.NewWorkspace("pgo-counts");
        var project = PgoApp(ws, calls: 1234);
        var appDir = Path.GetDirectoryName(project)!;

        var build = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(build);

        var step = MergedProfile(appDir).Records.Single(r => r.Name == "step");
        Assert.Equal(1234UL, step.EntryCount);
        Assert.Equal(0UL, MergedProfile(appDir).Records.Single(r => r.Name == "never_called").EntryCount);
        Assert.Matches(@"RustPgo: vm: PGO-optimized, \d+/\d+ functions with profile data, \d+ executed in training; 1 training run\(s\), 1 raw profile\(s\) merged; profile [\d.]+ KiB", build.Output);

        var shipped = File.ReadAllBytes(Path.Combine(appDir, "bin", "Release", "net10.0", "libvm.so"));
        var optimized = File.ReadAllBytes(Path.Combine(Rust(appDir), "pgo-optimize", "target", Triple, "release", "libvm.so"));
        Assert.Equal(optimized, shipped);

        // The plain release build of the same sources is another library.
        var plain = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-o", Path.Combine(ws, "plain"));
        Succeeded(plain);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(ws, "plain", "libvm.so")), shipped);

        var run = _sdk.Dotnet(appDir, Path.Combine(appDir, "bin", "Release", "net10.0", "app.dll"));
        Succeeded(run);
        Assert.Contains("sum=", run.Output);

        var report = File.ReadAllText(Directory.GetFiles(Rust(appDir), "rustpgo-report.md", SearchOption.AllDirectories).Single());
        Assert.Contains("| `step` | 1,234 | 1 |", report);
        Assert.Contains("`never_called`", report);
    }

    /// <summary>
    /// No-op: none of the four stages runs, no cargo, no training. A changed training definition reruns
    /// Train, Merge and Optimize only; a changed .rs file reruns all four.
    /// </summary>
    [Fact]
    public void Each_stage_reruns_exactly_when_its_inputs_change()
    {
        var ws = _sdk.NewWorkspace("pgo-incremental");
        var project = PgoApp(ws, calls: 500);
        var appDir = Path.GetDirectoryName(project)!;
        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true"));

        var noop = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-v:d");
        Succeeded(noop);
        foreach (var stage in new[] { "_RustPgoCargoBuildInstrumented", "_RustPgoRunTrainings", "_RustPgoMergeProfiles", "_RustPgoCargoBuildOptimized" })
            Assert.Contains($"Skipping target \"{stage}\" because all output files are up-to-date", noop.Output);
        Assert.Equal(0, Count(noop.Output, @"RustPgo: training \d+ of"));
        Assert.Equal(0, Count(noop.Output, @"vm \(PGO"));
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

    /// <summary>Each source of user rustflags reaches rustc in both PGO builds (the crate checks a --cfg).</summary>
    [Theory]
    [InlineData("RUSTFLAGS")]
    [InlineData("CARGO_ENCODED_RUSTFLAGS")]
    [InlineData("build.rustflags")]
    [InlineData("target.rustflags")]
    public void User_rustflags_reach_both_pgo_builds(string source)
    {
        var ws = _sdk.NewWorkspace("pgo-flags");
        var project = PgoApp(ws, libRsTail: """

            #[cfg(not(user_flag))]
            compile_error!("the user's rustflags did not reach rustc");
            """);
        var appDir = Path.GetDirectoryName(project)!;
        var config = Path.Combine(ws, "native", "vm", ".cargo", "config.toml");
        var environment = new System.Collections.Generic.Dictionary<string, string?>();
        switch (source)
        {
            case "RUSTFLAGS": environment["RUSTFLAGS"] = "--cfg user_flag"; break;
            case "CARGO_ENCODED_RUSTFLAGS": environment["CARGO_ENCODED_RUSTFLAGS"] = "--cfg\u001fuser_flag"; break;
            case "build.rustflags": Projects.Write(config, "[build]\nrustflags = [\"--cfg\", \"user_flag\"]\n"); break;
            default: Projects.Write(config, $"[target.{Triple}]\nrustflags = [\"--cfg\", \"user_flag\"]\n"); break;
        }

        var build = _sdk.DotnetWith(appDir, environment, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(build);
        Assert.Contains("vm (PGO instrumented", build.Output);
        Assert.Contains("vm (PGO optimized", build.Output);
        Assert.Equal(1234UL, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);
    }

    [Fact]
    public void A_checked_in_profile_replaces_training_and_reports_when_it_no_longer_fits()
    {
        var ws = _sdk.NewWorkspace("pgo-checked-in");
        var project = PgoApp(ws);
        var appDir = Path.GetDirectoryName(project)!;
        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfileOutput=pgo/vm.profdata"));
        var saved = Path.Combine(appDir, "pgo", "vm.profdata");
        Assert.True(File.Exists(saved));

        Directory.Delete(Path.Combine(appDir, "obj"), recursive: true);
        var reuse = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfile=pgo/vm.profdata");
        Succeeded(reuse);
        Assert.DoesNotContain("PGO instrumented", reuse.Output);
        Assert.DoesNotContain("RustPgo: training", reuse.Output);
        Assert.Contains("checked-in profile pgo/vm.profdata", reuse.Output);
        Assert.DoesNotContain("RUSTPGO108", reuse.Output);

        // The sources move on: step's control flow changes and a new function appears.
        var libRs = Path.Combine(ws, "native", "vm", "src", "lib.rs");
        File.WriteAllText(libRs, File.ReadAllText(libRs).Replace("else { x + 7 }", "else if x % 5 == 0 { x + 9 } else { x + 7 }")
            + "\n#[no_mangle]\npub extern \"C\" fn brand_new(x: u64) -> u64 { if x > 1 { x } else { 2 } }\n");
        var stale = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfile=pgo/vm.profdata");
        Succeeded(stale);
        Assert.Matches(@"warning RUSTPGO108: vm: the profile does not fit \d+ of \d+ functions \([\d.]+%\): 1 changed since the training \(hash mismatch\), 1 without profile data", stale.Output);
    }

    [Fact]
    public void The_builtin_merger_writes_what_llvm_profdata_writes()
    {
        if (!File.Exists("/usr/bin/llvm-profdata-22"))
            return; // CI installs llvm-22; without it there is nothing to compare against.

        var ws = _sdk.NewWorkspace("pgo-mergers");
        var project = PgoApp(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var merged = Path.Combine(Rust(appDir), "pgo", "merged.profdata");

        var builtin = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfileMerger=builtin", "-v:n");
        Succeeded(builtin);
        Assert.Contains("with built-in ->", builtin.Output);
        var builtinBytes = File.ReadAllBytes(merged);

        File.Delete(merged);
        var llvm = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfileMerger=llvm", "-p:RustPgoLlvmProfdataPath=/usr/bin/llvm-profdata-22", "-v:n");
        Succeeded(llvm);
        Assert.Contains("with /usr/bin/llvm-profdata-22 ->", llvm.Output);
        Assert.Equal(File.ReadAllBytes(merged), builtinBytes);
    }

    [Fact]
    public void Cargo_side_and_command_trainings_merge_with_their_weights()
    {
        var ws = _sdk.NewWorkspace("pgo-workloads");
        var project = PgoApp(ws, calls: 100, extraItems: """
            <RustPgoTraining Include="$(MSBuildProjectFullPath)" Arguments="train" Weight="3" />
            <RustPgoTraining Include="unit tests" CargoCommand="test" />
            """, libRsTail: """

            #[cfg(test)]
            mod tests {
                #[test]
                fn steps() { for i in 0..10 { assert!(super::never_called(std::hint::black_box(i)) >= i); } }
            }
            """);
        var appDir = Path.GetDirectoryName(project)!;

        var build = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(build);
        Assert.Contains("training 1 of 2: app done", build.Output);
        Assert.Contains("training 2 of 2: unit tests done", build.Output);
        var records = MergedProfile(appDir).Records;
        Assert.Equal(300UL, records.Single(r => r.Name == "step").EntryCount);
        Assert.Contains("2 training run(s), 2 raw profile(s) merged", build.Output);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Training_failures_are_coded_errors()
    {
        var ws = _sdk.NewWorkspace("pgo-failures");
        var project = PgoApp(ws);
        var appDir = Path.GetDirectoryName(project)!;

        var crash = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoTrainArguments=train%20not-a-number");
        FailedWith(crash, "RUSTPGO103");
        Assert.Contains("exited with code", crash.Output);
        Assert.Contains("FormatException", crash.Output);

        var noProfile = _sdk.Dotnet(Path.GetDirectoryName(PgoApp(_sdk.NewWorkspace("pgo-noprofile"), extraItems: "<RustPgoTraining Include=\"idle\" CommandLine=\"echo nothing here\" />"))!,
            "build", "-c", "Release", "-p:RustPgo=true");
        FailedWith(noProfile, "RUSTPGO104");
        Assert.Contains("never loaded the instrumented library", noProfile.Output);

        var missingProfile = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfile=nowhere.profdata");
        FailedWith(missingProfile, "RUSTPGO109");

        var garbage = Projects.Write(Path.Combine(appDir, "garbage.profdata"), "this is not a profile");
        var unreadable = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfile=garbage.profdata");
        FailedWith(unreadable, "RUSTPGO107");
        Assert.Contains("without PGO", unreadable.Output);

        var wrongLlvm = Projects.Write(Path.Combine(ws, "llvm-profdata-14"), "#!/bin/sh\necho 'LLVM version 14.0.6'\n");
        File.SetUnixFileMode(wrongLlvm, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var mismatch = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", $"-p:RustPgoLlvmProfdataPath={wrongLlvm}");
        FailedWith(mismatch, "RUSTPGO102");
        Assert.Contains("rustup component add llvm-tools", mismatch.Output);

        var absent = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfileMerger=llvm", "-p:RustPgoLlvmProfdataPath=/nonexistent/llvm-profdata");
        FailedWith(absent, "RUSTPGO101");
    }

    [Fact]
    public void A_crashed_run_leaves_a_corrupt_raw_profile_that_is_skipped_with_a_warning_or_fails_strict_mode()
    {
        var ws = _sdk.NewWorkspace("pgo-corrupt");
        var project = PgoApp(ws, extraItems: """
            <RustPgoTraining Include="$(MSBuildProjectFullPath)" Arguments="train" />
            <RustPgoTraining Include="crashed" CommandLine="printf 'truncated' &gt; &quot;%24(dirname &quot;%24LLVM_PROFILE_FILE&quot;)/crashed.profraw&quot;" />
            """);
        var appDir = Path.GetDirectoryName(project)!;

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

    [Fact]
    public void A_multi_targeted_app_trains_once()
    {
        var ws = _sdk.NewWorkspace("pgo-multitarget");
        var project = PgoApp(ws);
        File.WriteAllText(project, File.ReadAllText(project).Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net10.0;net9.0</TargetFrameworks>"));
        var appDir = Path.GetDirectoryName(project)!;

        var build = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(build);
        Assert.Equal(1, Count(build.Output, @"vm \(PGO instrumented"));
        Assert.Equal(1, Count(build.Output, @"RustPgo: training 1 of 1: app done"));
        Assert.Equal(1, Count(build.Output, @"vm \(PGO optimized"));
        foreach (var framework in new[] { "net10.0", "net9.0" })
            Assert.Equal(
                File.ReadAllBytes(Path.Combine(Rust(appDir), "pgo-optimize", "target", Triple, "release", "libvm.so")),
                File.ReadAllBytes(Path.Combine(appDir, "bin", "Release", framework, "libvm.so")));
    }

    /// <summary>
    /// A C# library wrapping the crate is trained by its test project (run with `dotnet test`), packs the
    /// optimized library under runtimes/&lt;rid&gt;/native/, and hands it to the app that references it.
    /// </summary>
    [Fact]
    public void A_wrapper_library_trained_by_its_test_project_ships_the_optimized_library()
    {
        var ws = _sdk.NewWorkspace("pgo-wrapper");
        PgoApp(ws);
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
        var optimized = File.ReadAllBytes(Path.Combine(Rust(libraryDir), "pgo-optimize", "target", Triple, "release", "libvm.so"));
        using (var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(ws, "packages", "Vm.1.0.0.nupkg")))
        {
            var entry = package.GetEntry("runtimes/linux-x64/native/libvm.so");
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
        Assert.Equal(optimized, File.ReadAllBytes(Path.Combine(consumerDir, "bin", "Release", "net10.0", "libvm.so")));
        var run = _sdk.Dotnet(consumerDir, Path.Combine(consumerDir, "bin", "Release", "net10.0", "Consumer.dll"));
        Succeeded(run);
        Assert.Contains("step(3)=", run.Output);
    }

    /// <summary>
    /// With no llvm-profdata of rustc's LLVM anywhere (here: only LLVM 14 ones first on PATH, as on a stock
    /// Debian), the default merger falls back to the built-in one and the PGO build still works.
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Without_a_compatible_llvm_profdata_the_builtin_merger_takes_over()
    {
        var ws = _sdk.NewWorkspace("pgo-no-llvm");
        var project = PgoApp(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var fakeBin = Path.Combine(ws, "old-llvm");
        foreach (var name in new[] { "llvm-profdata", "llvm-profdata-22" })
        {
            var fake = Projects.Write(Path.Combine(fakeBin, name), "#!/bin/sh\necho 'Debian LLVM version 14.0.6'\nexit 1\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        }
        var environment = new System.Collections.Generic.Dictionary<string, string?>
        {
            ["PATH"] = fakeBin + ":" + _sdk.Environment()["PATH"],
            ["LLVM_PROFDATA"] = null,
        };

        var build = _sdk.DotnetWith(appDir, environment, "build", project, "-c", "Release", "-p:RustPgo=true", "-v:n");
        Succeeded(build);
        Assert.Contains("with built-in ->", build.Output);
        Assert.DoesNotContain("warning", build.Output.Replace("0 Warning(s)", ""));
        Assert.Equal(1234UL, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);
        Assert.Contains("RustPgo: vm: PGO-optimized", build.Output);
    }
}
