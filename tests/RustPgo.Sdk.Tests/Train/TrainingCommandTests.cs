using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;
using RustPgo.Sdk.Tasks.Train;
using Xunit;

namespace RustPgo.Sdk.Tests.Train;

/// <summary>
/// The exact process every kind of training workload gets on Windows, macOS and Linux: command line,
/// loader path, the instrumented-library variable and the user's Environment metadata.
/// </summary>
public class TrainingCommandTests
{
    private static TrainingContext Context(TargetOs os, string? inherited = null) => new(
        os,
        os == TargetOs.Windows ? new[] { @"C:\obj\pgo-instrument\target\release" } : new[] { "/obj/pgo-instrument/target/release" },
        "dotnet",
        inherited);

    private static Workload CommandLine(string commandLine) => new()
    {
        Number = 1,
        Name = "replay",
        Kind = WorkloadKind.CommandLine,
        What = commandLine,
        WorkingDirectory = "/work",
        Environment = "CORPUS=big;EMPTY=;BAD",
    };

    [Fact]
    public void Windows_runs_a_command_line_through_cmd_verbatim()
    {
        var spec = TrainingCommand.ForCommandLine(CommandLine("python \"my script.py\" --size=2"), Context(TargetOs.Windows, @"C:\Windows"));
        Assert.Equal("cmd.exe", spec.FileName);
        // cmd.exe /s /c strips the outer quotes only; the command's own quotes must reach it untouched.
        Assert.Equal("/d /s /c \"python \"my script.py\" --size=2\"", spec.RawArguments);
        Assert.Equal(@"C:\obj\pgo-instrument\target\release;C:\Windows", spec.Environment["PATH"]);
        Assert.Equal(@"C:\obj\pgo-instrument\target\release", spec.Environment[TrainingCommand.InstrumentedLibraryDirVariable]);
    }

    [Fact]
    public void Linux_runs_a_command_line_through_sh_with_the_loader_path()
    {
        var spec = TrainingCommand.ForCommandLine(CommandLine("python3 replay.py corpus/"), Context(TargetOs.Unix, "/opt/lib"));
        Assert.Equal("/bin/sh", spec.FileName);
        Assert.Equal(new[] { "-c", "python3 replay.py corpus/" }, spec.Arguments);
        Assert.Null(spec.RawArguments);
        Assert.Equal("/obj/pgo-instrument/target/release:/opt/lib", spec.Environment["LD_LIBRARY_PATH"]);
        Assert.Equal("/work", spec.WorkingDirectory);
    }

    /// <summary>SIP strips DYLD_* from the environment of /bin/sh: the shell sets it from a variable SIP leaves alone.</summary>
    [Fact]
    public void MacOS_sets_the_loader_path_inside_the_shell()
    {
        var spec = TrainingCommand.ForCommandLine(CommandLine("./replay corpus"), Context(TargetOs.MacOS));
        Assert.Equal("/bin/sh", spec.FileName);
        Assert.Equal(new[] { "-c", "DYLD_LIBRARY_PATH=\"$RUSTPGO_LOADER_PATH\"; export DYLD_LIBRARY_PATH; ./replay corpus" }, spec.Arguments);
        Assert.Equal("/obj/pgo-instrument/target/release", spec.Environment["RUSTPGO_LOADER_PATH"]);
        Assert.Equal("/obj/pgo-instrument/target/release", spec.Environment["DYLD_LIBRARY_PATH"]);
    }

    [Theory]
    [InlineData("Unix")]
    [InlineData("MacOS")]
    [InlineData("Windows")]
    public void Every_workload_gets_the_users_environment_and_no_LLVM_PROFILE_FILE(string osName)
    {
        var os = System.Enum.Parse<TargetOs>(osName);
        var specs = new[]
        {
            TrainingCommand.ForCommandLine(CommandLine("run"), Context(os)),
            TrainingCommand.ForAssembly(CommandLine("") with { Kind = WorkloadKind.Project, Arguments = "train 5" }, Path.Combine(Path.GetTempPath(), "app.dll"), Context(os)),
            TrainingCommand.ForCargo(CommandLine("") with { Kind = WorkloadKind.Cargo, What = "test" }, "cargo", Build(), new[] { "-Cprofile-generate=/raw" }, Context(os)),
        };
        foreach (var spec in specs)
        {
            Assert.Equal("big", spec.Environment["CORPUS"]);
            Assert.Equal("", spec.Environment["EMPTY"]);
            Assert.False(spec.Environment.ContainsKey("BAD"));
            // Each instrumented library writes into the folder its build named, which tells crates apart.
            Assert.True(spec.Environment.ContainsKey("LLVM_PROFILE_FILE") && spec.Environment["LLVM_PROFILE_FILE"] == null);
            Assert.Equal(Context(os).InstrumentedLibraryDirectories[0], spec.Environment[TrainingCommand.InstrumentedLibraryDirVariable]);
        }
    }

    [Fact]
    public void A_project_runs_with_dotnet_and_a_test_project_with_dotnet_test()
    {
        var app = TrainingCommand.ForAssembly(CommandLine("") with { Kind = WorkloadKind.Project, Arguments = "train \"two words\"" }, "/staging/app/app.dll", Context(TargetOs.Unix));
        Assert.Equal("dotnet", app.FileName);
        Assert.Equal(new[] { "/staging/app/app.dll", "train", "two words" }, app.Arguments);
        Assert.Equal("/staging/app", app.WorkingDirectory);

        var folder = Path.Combine(Path.GetTempPath(), "rustpgo-testhost-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "testhost.dll"), "");
        try
        {
            var tests = TrainingCommand.ForAssembly(CommandLine("") with { Kind = WorkloadKind.Project }, Path.Combine(folder, "App.Tests.dll"), Context(TargetOs.Unix));
            Assert.Equal(new[] { "test", Path.Combine(folder, "App.Tests.dll") }, tests.Arguments);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_cargo_workload_builds_like_the_instrumented_stage()
    {
        var spec = TrainingCommand.ForCargo(CommandLine("") with { Kind = WorkloadKind.Cargo, What = "run --example demo", Arguments = "--fast" },
            "/bin/cargo", Build(), new[] { "-Ctarget-cpu=native", "-Cprofile-generate=/raw" }, Context(TargetOs.Unix));
        Assert.Equal("/bin/cargo", spec.FileName);
        Assert.Equal(new[]
        {
            "run", "--example", "demo", "--manifest-path", "/crate/Cargo.toml", "--profile", "release", "--target-dir", "/obj/pgo-instrument/target/",
            "--target", "x86_64-unknown-linux-gnu", "--features", "simd", "--", "--fast",
        }, spec.Arguments);
        Assert.Equal("-Ctarget-cpu=native\u001f-Cprofile-generate=/raw", spec.Environment["CARGO_ENCODED_RUSTFLAGS"]);
        Assert.Null(spec.Environment["RUSTFLAGS"]);
        Assert.Equal("/crate", spec.WorkingDirectory);
    }

    private static CargoBuildSettings Build() => new()
    {
        ManifestPath = "/crate/Cargo.toml",
        CargoProfile = "release",
        TargetTriple = "x86_64-unknown-linux-gnu",
        TargetDirectory = "/obj/pgo-instrument/target/",
        Features = "simd",
    };
}
