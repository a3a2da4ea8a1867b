using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RustPgo.Sdk.Tasks.State;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;
using static RustPgo.Sdk.Tests.Infrastructure.PgoApps;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// Day-to-day workflows, in sequence, as a user runs them: every build ships exactly the library of the
/// variant it selected (plain, PGO, checked-in profile; per RID), whatever builds ran before; and every
/// change cargo would rebuild for reaches the app.
/// </summary>
[Collection(SdkCollection2.Name)]
public class WorkflowTests
{
    private readonly SdkFixture _sdk;

    public WorkflowTests(SdkFixture sdk) => _sdk = sdk;

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    private ProcessResult Build(string appDir, params string[] arguments)
    {
        var result = _sdk.Dotnet(appDir, new[] { "build", "-c", "Release" }.Concat(arguments).ToArray());
        Succeeded(result);
        return result;
    }

    private static string Library => HostPlatform.Cdylib("vm");

    /// <summary>The library cargo last built for <paramref name="stage"/> (build, pgo-instrument, pgo-optimize), as its record says.</summary>
    private static string StageLibrary(string appDir, string stage, string stateKey = "host") =>
        CargoBuildRecord.TryRead(Directory.GetFiles(Path.Combine(RustState(appDir), stateKey), "build.txt", SearchOption.AllDirectories)
            .Single(f => Path.GetFileName(Path.GetDirectoryName(f)) == stage))!.DynamicLibrary!;

    /// <summary>The shipped file is, byte for byte, the library of the selected stage, and carries no profiling runtime.</summary>
    private static void Ships(string shipped, string appDir, string stage, string stateKey = "host")
    {
        Assert.True(File.Exists(shipped), shipped + " is missing");
        Assert.True(File.ReadAllBytes(StageLibrary(appDir, stage, stateKey)).AsSpan().SequenceEqual(File.ReadAllBytes(shipped)),
            $"{shipped} is not the library of the {stage} stage ({StageLibrary(appDir, stage, stateKey)})");
        if (HostPlatform.IsLinux)
            Assert.False(ElfSections.IsInstrumented(shipped), shipped + " carries the profiling runtime");
    }

    /// <summary>
    /// Plain, PGO and checked-in-profile builds into bin/, in an order that has each variant follow each
    /// other one, then plain → PGO → plain publishes into one folder: each build ships its own variant.
    /// (The copy used to be skipped whenever cargo's file was older than the one already there, which a
    /// variant switched back to always is; a "PGO-optimized" build then shipped the plain library.)
    /// </summary>
    [Fact]
    public void Switching_between_plain_pgo_and_a_checked_in_profile_ships_the_selected_library_each_time()
    {
        var ws = _sdk.NewWorkspace("switch");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var bin = Path.Combine(appDir, "bin", "Release", "net10.0", Library);
        // The checked-in profile comes from another training than the PGO builds' own.
        Build(appDir, project, "-p:RustPgo=true", "-p:RustPgoTrainArguments=train%20777", "-p:RustPgoProfdataOutput=pgo/vm.profdata");

        var variants = new Dictionary<string, string[]>
        {
            ["plain"] = Array.Empty<string>(),
            ["pgo"] = new[] { "-p:RustPgo=true" },
            // RustPgoProfdata alone means: optimize with this file.
            ["checked-in"] = new[] { "-p:RustPgoProfdata=pgo/vm.profdata" },
        };
        foreach (var variant in new[] { "plain", "pgo", "plain", "checked-in", "pgo", "checked-in", "plain" })
        {
            var build = Build(appDir, new[] { project }.Concat(variants[variant]).ToArray());
            Ships(bin, appDir, variant == "plain" ? "build" : "pgo-optimize");
            if (variant == "plain")
                Assert.DoesNotContain("PGO-optimized", build.Output);
            else
                Assert.Contains("RustPgo: vm: PGO-optimized", build.Output);
            Assert.DoesNotContain("RUSTPGO108", build.Output);
        }
        Assert.NotEqual(File.ReadAllBytes(StageLibrary(appDir, "pgo-optimize")), File.ReadAllBytes(StageLibrary(appDir, "build")));

        var publish = Path.Combine(ws, "published");
        foreach (var variant in new[] { "plain", "pgo", "plain" })
        {
            Succeeded(_sdk.Dotnet(appDir, new[] { "publish", project, "-c", "Release", "-o", publish }.Concat(variants[variant]).ToArray()));
            Ships(Path.Combine(publish, Library), appDir, variant == "plain" ? "build" : "pgo-optimize");
        }
        var run = _sdk.Dotnet(appDir, Path.Combine(publish, "app.dll"), "train", "100");
        Succeeded(run);
        Assert.Contains($"sum={ExpectedSum(100)}", run.Output);
    }

    /// <summary>
    /// A PGO build without a RID, a PGO publish for this machine's RID, an edit of the app, a PGO build
    /// without a RID again: each RID keeps its own state (the training once wrote into the other RID's
    /// folder and stopped with RUSTPGO104 until `dotnet clean`). An output folder shared by builds for
    /// different RIDs gets each build's own library.
    /// </summary>
    [Fact]
    public void Builds_for_a_rid_and_without_one_keep_their_own_state_and_share_an_output_folder_safely()
    {
        var ws = _sdk.NewWorkspace("rid-switch");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var bin = Path.Combine(appDir, "bin", "Release", "net10.0", Library);

        Build(appDir, project, "-p:RustPgo=true");
        var publish = Path.Combine(ws, "published");
        Succeeded(_sdk.Dotnet(appDir, "publish", project, "-c", "Release", "-r", HostPlatform.Rid, "-p:RustPgo=true", "-o", publish));
        Ships(Path.Combine(publish, Library), appDir, "pgo-optimize", HostPlatform.Rid);
        File.AppendAllText(Path.Combine(appDir, "Program.cs"), "\n// an edit of the app\n");
        var again = Build(appDir, project, "-p:RustPgo=true");
        Assert.Contains("RustPgo: training 1 of 1: app done", again.Output);
        Ships(bin, appDir, "pgo-optimize");

        var shared = Path.Combine(ws, "shared");
        Build(appDir, project, "-o", shared);
        Ships(Path.Combine(shared, Library), appDir, "build");
        Build(appDir, project, "-r", HostPlatform.Rid, "-p:RustPgo=true", "-o", shared);
        Ships(Path.Combine(shared, Library), appDir, "pgo-optimize", HostPlatform.Rid);
        Build(appDir, project, "-o", shared);
        Ships(Path.Combine(shared, Library), appDir, "build");
    }

    /// <summary>A Native AOT publish links the selected staticlib: switching variants relinks, in both directions.</summary>
    [SkippableFact]
    public void Native_aot_publishes_relink_when_the_variant_changes()
    {
        Skip.IfNot(HostPlatform.IsLinux, "the Native AOT tests run on Linux (see NativeAotTests)");
        Skip.If(HostPlatform.FindOnPath("clang") == null && HostPlatform.FindOnPath("gcc") == null, "no C linker (clang or gcc) on PATH");
        var ws = _sdk.NewWorkspace("aot-switch", withoutSpaces: true);
        var project = App(ws, crateTypes: "\"cdylib\", \"staticlib\"");
        var appDir = Path.GetDirectoryName(project)!;
        var publish = Path.Combine(ws, "published");
        var executable = Path.Combine(publish, "app");
        byte[] Publish(params string[] properties)
        {
            // The ILCompiler's link does not quote the NuGet cache's paths: one without spaces.
            Succeeded(_sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _sdk.PlainNuGetPackages }, new[] { "publish", project, "-c", "Release", "-r", HostPlatform.Rid, "-p:PublishAot=true", "-o", publish }.Concat(properties).ToArray()));
            var run = ChildProcess.Run(executable, new[] { "train", "100" }, ws);
            Assert.Contains($"sum={ExpectedSum(100)}", run.Output);
            return File.ReadAllBytes(executable);
        }

        var plain = Publish();
        var pgo = Publish("-p:RustPgo=true");
        Assert.NotEqual(plain, pgo);
        Assert.Equal(plain, Publish());
        Assert.Equal(pgo, Publish("-p:RustPgo=true"));
    }

    /// <summary>`dotnet pack` of a class library puts the selected variant into the package, rewritten when it changes.</summary>
    [Fact]
    public void Packing_after_a_variant_switch_packs_the_selected_library()
    {
        var ws = _sdk.NewWorkspace("pack-switch");
        Projects.Crate(Path.Combine(ws, "native", "vm"), "vm", libRs: """
            #[no_mangle]
            pub extern "C" fn step(x: u64) -> u64 {
                if x % 7 == 0 { x / 7 } else { x.wrapping_mul(3) + 1 }
            }

            #[test]
            fn trains() {
                let mut sum = 0u64;
                for i in 0..5000 { sum = sum.wrapping_add(step(i)); }
                assert!(sum > 0);
            }
            """);
        var project = Projects.Write(Path.Combine(ws, "lib", "lib.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              {Projects.SdkElement(SdkReference.SdkElement)}
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <RustCrate Include="../native/vm/Cargo.toml" />
                <RustPgoTraining Include="unit tests" CargoCommand="test" />
              </ItemGroup>
            </Project>
            """);
        var libDir = Path.GetDirectoryName(project)!;
        var packages = Path.Combine(ws, "packages");
        byte[] Packed(params string[] properties)
        {
            Succeeded(_sdk.Dotnet(libDir, new[] { "pack", project, "-c", "Release", "-o", packages }.Concat(properties).ToArray()));
            using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packages, "lib.1.0.0.nupkg"));
            using var stream = zip.GetEntry($"runtimes/{HostPlatform.Rid}/native/{Library}")!.Open();
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            return bytes.ToArray();
        }

        var plain = Packed();
        Assert.Equal(File.ReadAllBytes(StageLibrary(libDir, "build")), plain);
        var pgo = Packed("-p:RustPgo=true");
        Assert.Equal(File.ReadAllBytes(StageLibrary(libDir, "pgo-optimize")), pgo);
        Assert.NotEqual(plain, pgo);
        Assert.Equal(plain, Packed());
    }

    /// <summary>
    /// What an IDE runs (a design-time build) with RustPgo=true before any build: it neither fails nor starts cargo.
    /// </summary>
    [Fact]
    public void A_design_time_pgo_build_before_any_profile_neither_fails_nor_starts_cargo()
    {
        var ws = _sdk.NewWorkspace("design-time-pgo");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var spy = CargoSpy.Create(Path.Combine(ws, "spy"));
        Succeeded(_sdk.Dotnet(appDir, "restore", project));
        var designTime = _sdk.Dotnet(appDir, "msbuild", project, "-p:Configuration=Release", "-p:RustPgo=true", "-p:RustCargoPath=" + spy.Folder,
            "-p:DesignTimeBuild=true", "-p:BuildingInsideVisualStudio=true", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true",
            "-t:ResolveAssemblyReferences;GetCopyToOutputDirectoryItems;CoreCompile");
        Succeeded(designTime);
        Assert.DoesNotContain("RUSTPGO", designTime.Output);
        Assert.Equal(0, spy.Invocations);
    }

    /// <summary>
    /// Training inputs: a file a workload reads (its Inputs) changes → it trains again; RustPgoRetrain=true
    /// trains again; a raw-profile folder deleted trains again instead of failing.
    /// </summary>
    [Fact]
    public void A_training_reruns_when_its_inputs_change_when_asked_and_when_its_profiles_are_gone()
    {
        var ws = _sdk.NewWorkspace("training-inputs");
        var project = App(ws, extraItems: """<RustPgoTraining Include="$(MSBuildProjectFullPath)" Arguments="train" Environment="CALLS_FILE=$(MSBuildProjectDirectory)/calls.txt" Inputs="calls.txt;corpus/**" />""");
        var appDir = Path.GetDirectoryName(project)!;
        Projects.Write(Path.Combine(appDir, "calls.txt"), "300");
        Projects.Write(Path.Combine(appDir, "corpus", "a.txt"), "a");
        ulong StepCount() => MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount;
        int Trainings(ProcessResult result) => result.Output.Split('\n').Count(l => l.Contains("RustPgo: training 1 of 1: app done"));

        Assert.Equal(1, Trainings(Build(appDir, project, "-p:RustPgo=true")));
        Assert.Equal(300UL, StepCount());
        Assert.Equal(0, Trainings(Build(appDir, project, "-p:RustPgo=true")));

        File.WriteAllText(Path.Combine(appDir, "calls.txt"), "400");
        Assert.Equal(1, Trainings(Build(appDir, project, "-p:RustPgo=true")));
        Assert.Equal(400UL, StepCount());

        Projects.Write(Path.Combine(appDir, "corpus", "b.txt"), "b");
        Assert.Equal(1, Trainings(Build(appDir, project, "-p:RustPgo=true")));
        File.Delete(Path.Combine(appDir, "corpus", "a.txt"));
        Assert.Equal(1, Trainings(Build(appDir, project, "-p:RustPgo=true")));

        Assert.Equal(1, Trainings(Build(appDir, project, "-p:RustPgo=true", "-p:RustPgoRetrain=true")));

        Directory.Delete(Path.Combine(PgoState(appDir), "raw"), recursive: true);
        Assert.Equal(1, Trainings(Build(appDir, project, "-p:RustPgo=true")));
        Assert.Equal(400UL, StepCount());
        Assert.Equal(0, Trainings(Build(appDir, project, "-p:RustPgo=true")));
    }

    /// <summary>
    /// A cargo config's build.target is the target of every stage (here the host's own triple, which this
    /// machine can run): the plain build honours it, and the PGO builds name it.
    /// </summary>
    [Fact]
    public void A_cargo_config_build_target_is_honoured_by_every_stage()
    {
        var ws = _sdk.NewWorkspace("build-target");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        Projects.Write(Path.Combine(ws, "native", "vm", ".cargo", "config.toml"), $"[build]\ntarget = \"{HostPlatform.Triple}\"\n");
        var bin = Path.Combine(appDir, "bin", "Release", "net10.0", Library);

        Build(appDir, project);
        Assert.Contains(Path.DirectorySeparatorChar + HostPlatform.Triple + Path.DirectorySeparatorChar, StageLibrary(appDir, "build"));
        Ships(bin, appDir, "build");
        Build(appDir, project, "-p:RustPgo=true");
        Assert.Contains(Path.DirectorySeparatorChar + HostPlatform.Triple + Path.DirectorySeparatorChar, StageLibrary(appDir, "pgo-optimize"));
        Ships(bin, appDir, "pgo-optimize");
    }
}
