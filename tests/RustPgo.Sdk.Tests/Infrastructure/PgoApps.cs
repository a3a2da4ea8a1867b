using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustPgo.ProfData;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>The small PGO app most PGO tests build, and what they read back from its state.</summary>
public static class PgoApps
{
    /// <summary>
    /// A crate whose `step` the app's training calls exactly <c>calls</c> times. `step` is one basic block,
    /// so its single counter is its call count (IR instrumentation counts edges of a spanning tree, so in
    /// a branchy function no single counter need be the entry count). The app reads STEP_CALLS from its
    /// environment when it is set, or from the file CALLS_FILE names.
    /// </summary>
    public static string App(string ws, int calls = 1234, string extraProperties = "", string extraItems = "", string libRsTail = "", string rustCrateMetadata = "",
        string crateTypes = "\"cdylib\"", SdkReference reference = SdkReference.SdkElement)
    {
        var manifest = Projects.Crate(Path.Combine(ws, "native", "vm"), "vm", libRs: """
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
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("crate-type = [\"cdylib\"]", $"crate-type = [{crateTypes}]"));
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
                    if (Environment.GetEnvironmentVariable("STEP_CALLS") is { } fromEnvironment) calls = int.Parse(fromEnvironment);
                    if (Environment.GetEnvironmentVariable("CALLS_FILE") is { } callsFile) calls = int.Parse(System.IO.File.ReadAllText(callsFile).Trim());
                    ulong sum = 0;
                    for (var i = 0; i < calls; i++) sum += step((ulong)i) + classify((ulong)i);
                    Console.WriteLine($"sum={sum}");
                    return 0;
                }
            }
            """);
        return Projects.Write(Path.Combine(appDir, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              {Projects.SdkElement(reference)}
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RustPgoTrainArguments>train</RustPgoTrainArguments>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                {Projects.SdkPackageReference(reference)}
                <RustCrate Include="../native/vm/Cargo.toml"{rustCrateMetadata} />
                {extraItems}
              </ItemGroup>
            </Project>
            """);
    }

    /// <summary>What the app prints for `train N`: the sum the crate's step and classify compute.</summary>
    public static ulong ExpectedSum(int calls)
    {
        ulong sum = 0;
        for (ulong x = 0; x < (ulong)calls; x++)
        {
            var step = unchecked(x * 0x9E37_79B9_7F4A_7C15UL) ^ (x >> 7);
            var classify = x % 3 == 0 ? x / 3 : x % 3 == 1 ? x * 3 + 1 : x + 7;
            sum = unchecked(sum + step + classify);
        }
        return sum;
    }

    /// <summary>obj/rust/Release/ of a project folder.</summary>
    public static string RustState(string projectDir) => Path.Combine(projectDir, "obj", "rust", "Release");

    /// <summary>obj/rust/Release/&lt;rid or host&gt;/pgo/: the PGO state of one RID.</summary>
    public static string PgoState(string projectDir, string rid = "host") => Path.Combine(RustState(projectDir), rid, "pgo");

    public static string MergedProfdata(string projectDir, string rid = "host") => Path.Combine(PgoState(projectDir, rid), "merged.profdata");

    public static IndexedProfile MergedProfile(string projectDir, string rid = "host") => IndexedProfileReader.Read(MergedProfdata(projectDir, rid));

    /// <summary>The optimized library of the crate in <paramref name="crateFolder"/>, as its pgo-optimize build recorded it.</summary>
    public static string OptimizedLibrary(string projectDir, string crateFolder = "vm") =>
        Tasks.State.CargoBuildRecord.TryRead(Directory.GetFiles(RustState(projectDir), "build.txt", SearchOption.AllDirectories)
            .Single(f => f.Contains(Path.DirectorySeparatorChar + crateFolder + "-") && f.Contains("pgo-optimize")))!.DynamicLibrary!;

    /// <summary>The raw profiles the crate in <paramref name="crateFolder"/> wrote in the last training.</summary>
    public static IReadOnlyList<string> RawProfiles(string projectDir, string crateFolder) =>
        Directory.GetDirectories(Path.Combine(PgoState(projectDir), "raw"), crateFolder + "-*", SearchOption.AllDirectories)
            .SelectMany(d => Directory.GetFiles(d, "*.profraw")).ToList();

    /// <summary>The distinct functions of the crate's own raw profiles: what its summary must count.</summary>
    public static int FunctionsOfRawProfiles(string projectDir, string crateFolder) =>
        RawProfiles(projectDir, crateFolder).SelectMany(f => RawProfileReader.Read(f).Records).Select(r => (r.Name, r.Hash)).Distinct().Count();
}
