using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RustPgo.ProfData;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// The field-profile loop of the README, end to end: an instrumented publish (RustPgoInstrumented), runs in
/// separate processes that end three ways, `rustpgo merge` of their folders, the optimized build from the
/// merge; and RustPgo.Runtime's Write in builds that are not instrumented.
/// </summary>
[Collection(SdkCollection2.Name)]
public class FieldProfileTests
{
    private const int Sigterm = 15;
    private readonly SdkFixture _sdk;

    public FieldProfileTests(SdkFixture sdk) => _sdk = sdk;

    [SkippableFact]
    public void Profiles_from_processes_that_exit_are_killed_after_a_write_or_are_stopped_merge_into_the_release_build()
    {
        Skip.IfNot(HostPlatform.IsLinux, "RustPgo.Runtime's lookup of loaded libraries and the signal handling are tested on Linux");
        var ws = _sdk.NewWorkspace("field");
        var project = FieldApp(ws);
        var appDir = Path.GetDirectoryName(project)!;

        var publish = _sdk.Dotnet(appDir, "publish", project, "-c", "Release", "-p:RustPgoInstrumented=true", "-o", Path.Combine(ws, "instrumented"));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Contains($"{HostPlatform.Cdylib("fieldvm")}: PGO instrumented, to collect field profiles", publish.Output);
        var dll = Path.Combine(ws, "instrumented", "app.dll");
        Assert.True(ElfSections.IsInstrumented(Path.Combine(ws, "instrumented", HostPlatform.Cdylib("fieldvm"))));

        // Three processes, three folders: a normal exit, SIGKILL right after RustPgoProfile.Write, SIGTERM.
        var folders = new[] { "exited", "killed", "stopped" }.Select(name => Path.Combine(ws, "field", name)).ToArray();
        var exited = Run(dll, folders[0], "exit", 100);
        Assert.True(exited.ExitCode == 0, exited.ToString());
        Assert.Contains($"sum={Sum(100)}", exited.Output);
        var killed = Run(dll, folders[1], "kill", 200);
        Assert.Contains("written=True", killed.Output);
        Assert.Equal(137, killed.ExitCode);
        Assert.Equal(143, RunUntilSigterm(dll, folders[2], 300));
        foreach (var (folder, calls) in folders.Zip(new[] { 100UL, 200UL, 300UL }))
        {
            var raw = Assert.Single(Directory.GetFiles(folder, "*.profraw"));
            Assert.Equal(calls, RawProfileReader.Read(raw).Records.Single(r => r.Name == "step").EntryCount);
        }

        var merged = Path.Combine(ws, "field.profdata");
        var (mergeCode, mergeOutput) = Tool("merge", "-o", merged, folders[0], folders[1], folders[2]);
        Assert.True(mergeCode == 0, mergeOutput);
        Assert.DoesNotContain("warning", mergeOutput);
        Assert.Equal(600UL, IndexedProfileReader.Read(merged).Records.Single(r => r.Name == "step").EntryCount);

        var release = _sdk.Dotnet(appDir, "publish", project, "-c", "Release", "-p:RustPgoProfdata=" + merged, "-o", Path.Combine(ws, "release"));
        Assert.True(release.ExitCode == 0, release.ToString());
        Assert.Contains("RustPgo: fieldvm: PGO-optimized, every function rustc compiled found its profile data", release.Output);
        Assert.DoesNotContain("RUSTPGO108", release.Output);
        Assert.False(ElfSections.IsInstrumented(Path.Combine(ws, "release", HostPlatform.Cdylib("fieldvm"))));
        var optimized = ChildProcess.Run("dotnet", new[] { Path.Combine(ws, "release", "app.dll"), "write", "10" }, ws);
        Assert.Contains($"sum={Sum(10)}", optimized.Output);
        Assert.Contains("written=False reset=False", optimized.Output);

        var plain = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-o", Path.Combine(ws, "plain"));
        Assert.True(plain.ExitCode == 0, plain.ToString());
        var plainRun = ChildProcess.Run("dotnet", new[] { Path.Combine(ws, "plain", "app.dll"), "write", "10" }, ws);
        Assert.Contains("written=False reset=False", plainRun.Output);
    }

    /// <summary>
    /// Without LLVM_PROFILE_FILE, a process writes under the machine's temporary folder, in a folder of its
    /// own (host and pid): nothing of the build machine's paths, nothing in the app's folder. Write adds the
    /// counts so far and Reset zeroes them; the exit then adds only what came after.
    /// </summary>
    [SkippableFact]
    public void Without_LLVM_PROFILE_FILE_each_process_writes_its_own_file_under_the_temporary_folder()
    {
        Skip.IfNot(HostPlatform.IsLinux, "the default folder is /tmp on Linux and macOS; tested on Linux");
        var ws = _sdk.NewWorkspace("field-default");
        var project = FieldApp(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var build = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgoInstrumented=true", "-o", Path.Combine(ws, "out"));
        Assert.True(build.ExitCode == 0, build.ToString());

        var run = StartApp(Path.Combine(ws, "out", "app.dll"), null, "write", 70);
        var pid = run.Id;
        var output = run.StandardOutput.ReadToEnd();
        run.WaitForExit();
        Assert.Contains("written=True reset=True", output);
        var folder = Path.Combine("/tmp/rustpgo-profiles/fieldvm", Environment.MachineName + "-" + pid);
        try
        {
            var raw = Assert.Single(Directory.GetFiles(folder, "default_*.profraw"));
            // 70 calls before the write, 5 after the reset, added at exit into the same file.
            Assert.Equal(75UL, RawProfileReader.Read(raw).Records.Single(r => r.Name == "step").EntryCount);
            Assert.Empty(Directory.GetFiles(Path.Combine(ws, "out"), "*.profraw", SearchOption.AllDirectories));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A crate whose one-block `step` counts its calls, and an app that ends as its first argument says.</summary>
    private static string FieldApp(string ws)
    {
        Projects.Crate(Path.Combine(ws, "native", "fieldvm"), "fieldvm", libRs: """
            #[no_mangle]
            pub extern "C" fn step(x: u64) -> u64 {
                x.wrapping_mul(3) ^ 5
            }
            """);
        var appDir = Path.Combine(ws, "app");
        Projects.Write(Path.Combine(appDir, "Program.cs"), """
            using System;
            using System.Diagnostics;
            using System.Runtime.InteropServices;
            using System.Threading;
            using RustPgo;

            static class Program
            {
                [DllImport("fieldvm")]
                static extern ulong step(ulong x);

                static void Main(string[] args)
                {
                    var calls = ulong.Parse(args[1]);
                    ulong sum = 0;
                    for (ulong i = 0; i < calls; i++) sum += step(i);
                    Console.WriteLine($"sum={sum}");
                    switch (args[0])
                    {
                        case "kill":
                            Console.WriteLine($"written={RustPgoProfile.Write("fieldvm")}");
                            Console.Out.Flush();
                            Process.GetCurrentProcess().Kill();
                            Thread.Sleep(Timeout.Infinite);
                            break;
                        case "term":
                            Console.WriteLine("ready");
                            Console.Out.Flush();
                            Thread.Sleep(Timeout.Infinite);
                            break;
                        case "write":
                            var written = RustPgoProfile.Write("fieldvm");
                            var reset = RustPgoProfile.Reset("fieldvm");
                            for (ulong i = 0; i < 5; i++) sum += step(i);
                            Console.WriteLine($"written={written} reset={reset}");
                            break;
                    }
                }
            }
            """);
        return Projects.Write(Path.Combine(appDir, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              {Projects.SdkElement(SdkReference.SdkElement)}
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <RustCrate Include="../native/fieldvm/Cargo.toml" />
                <PackageReference Include="RustPgo.Runtime" Version="{SdkFixture.SdkVersion}" />
              </ItemGroup>
            </Project>
            """);
    }

    private static ulong Sum(ulong calls)
    {
        ulong sum = 0;
        for (ulong i = 0; i < calls; i++)
            sum += unchecked(i * 3) ^ 5;
        return sum;
    }

    private static Dictionary<string, string?> ProfileFileIn(string? folder) =>
        new() { ["LLVM_PROFILE_FILE"] = folder == null ? null : Path.Combine(folder, "%p-%m.profraw") };

    private static ProcessResult Run(string dll, string folder, string mode, int calls) =>
        ChildProcess.Run("dotnet", new[] { dll, mode, calls.ToString() }, Path.GetDirectoryName(dll)!, ProfileFileIn(folder), TimeSpan.FromMinutes(2));

    private static Process StartApp(string dll, string? folder, string mode, int calls) =>
        Process.Start(ChildProcess.StartInfo("dotnet", new[] { dll, mode, calls.ToString() }, Path.GetDirectoryName(dll)!, ProfileFileIn(folder)))!;

    /// <summary>Runs the app until it says it is ready, stops it with SIGTERM, and returns its exit code.</summary>
    private static int RunUntilSigterm(string dll, string folder, int calls)
    {
        using var process = StartApp(dll, folder, "term", calls);
        var ready = Task.Run(() =>
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) != null)
                if (line == "ready")
                    return true;
            return false;
        });
        if (!ready.Wait(TimeSpan.FromMinutes(2)) || !ready.Result)
        {
            process.Kill();
            Assert.Fail("the app never said it was ready: " + process.StandardError.ReadToEnd());
        }
        Assert.Equal(0, HostPlatform.Signal(process.Id, Sigterm));
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            Assert.Fail("the app did not end on SIGTERM");
        }
        return process.ExitCode;
    }

    /// <summary>rustpgo, as a user runs it (its entry point, in this process).</summary>
    private static (int ExitCode, string Output) Tool(params string[] args)
    {
        var output = new StringWriter();
        var code = RustPgo.Tool.Program.Run(args, output, output);
        return (code, output.ToString());
    }
}
