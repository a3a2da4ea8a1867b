using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>Each failure names its RUSTPGO code, and no task fails silently (MSB4181).</summary>
[Collection(SdkCollection.Name)]
public class ErrorTests
{
    private readonly SdkFixture _sdk;

    public ErrorTests(SdkFixture sdk) => _sdk = sdk;

    private static void FailsWith(ProcessResult result, string code)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.True(Regex.IsMatch(result.Output, $@"error {code}\b"), $"expected error {code}: " + result);
        Assert.DoesNotContain("MSB4181", result.Output);
        Assert.DoesNotContain("MSB4018", result.Output);
        Assert.DoesNotContain("NETSDK", result.Output);
    }

    [Fact]
    public void Missing_crate_is_RUSTPGO001()
    {
        var ws = _sdk.NewWorkspace("err001");
        var project = Projects.App(ws, "app", "native/nowhere/Cargo.toml");
        FailsWith(_sdk.Dotnet(ws, "build", project), "RUSTPGO001");
    }

    [Fact]
    public void A_file_that_is_not_Cargo_toml_is_RUSTPGO002()
    {
        var ws = _sdk.NewWorkspace("err002a");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/src/lib.rs");
        FailsWith(_sdk.Dotnet(ws, "build", project), "RUSTPGO002");
    }

    [Fact]
    public void Unparsable_Cargo_toml_is_RUSTPGO002()
    {
        var ws = _sdk.NewWorkspace("err002b");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        Projects.Write(Path.Combine(ws, "native", "calc", "Cargo.toml"), "[package\nname = \"calc\"\n");
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        FailsWith(_sdk.Dotnet(ws, "build", project), "RUSTPGO002");
    }

    [Fact]
    public void Crate_without_cdylib_is_RUSTPGO003()
    {
        var ws = _sdk.NewWorkspace("err003");
        Projects.Crate(Path.Combine(ws, "native", "calc"), cdylib: false);
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        FailsWith(_sdk.Dotnet(ws, "build", project), "RUSTPGO003");
    }

    [Fact]
    public void RustCargoPath_pointing_nowhere_is_RUSTPGO004()
    {
        var ws = _sdk.NewWorkspace("err004");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        var result = _sdk.Dotnet(ws, "build", project, "-p:RustCargoPath=" + Path.Combine(ws, "no cargo here"));
        FailsWith(result, "RUSTPGO004");
        Assert.Contains("no cargo here", result.Output);
    }

    /// <summary>
    /// `dotnet build -r linux-sparc` stops at NETSDK1083 before any target of the SDK runs, so the RID
    /// reaches the SDK the way it does in a project whose restore already passed: as a global property
    /// on the crates' own target.
    /// </summary>
    [Fact]
    public void Unknown_runtime_identifier_is_RUSTPGO005()
    {
        var ws = _sdk.NewWorkspace("err005");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        Assert.Equal(0, _sdk.Dotnet(ws, "restore", project).ExitCode);
        var result = _sdk.Dotnet(ws, "msbuild", project, "-t:BuildRustCrates", "-p:RuntimeIdentifier=linux-sparc");
        FailsWith(result, "RUSTPGO005");
        Assert.Contains("linux-sparc", result.Output);
    }

    [Fact]
    public void Runtime_identifier_whose_std_is_not_installed_is_RUSTPGO006()
    {
        var ws = _sdk.NewWorkspace("err006");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        var (rid, triple) = HostPlatform.IsWindows ? ("linux-x64", "x86_64-unknown-linux-gnu") : ("win-x64", "x86_64-pc-windows-msvc");
        var result = _sdk.Dotnet(ws, "build", project, "-r", rid);
        FailsWith(result, "RUSTPGO006");
        Assert.Contains("rustup target add " + triple, result.Output);
    }

    /// <summary>A RID of an OS the SDK does not build for is refused before cargo runs, never built for Linux.</summary>
    [Theory]
    [InlineData("browser-wasm", "Emscripten")]
    [InlineData("ios-arm", "32-bit iOS")]
    public void Runtime_identifier_without_a_rust_target_is_RUSTPGO005_with_the_reason(string rid, string reason)
    {
        var ws = _sdk.NewWorkspace("err005b");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        Assert.Equal(0, _sdk.Dotnet(ws, "restore", project).ExitCode);
        var result = _sdk.Dotnet(ws, "msbuild", project, "-t:BuildRustCrates", "-p:RuntimeIdentifier=" + rid);
        FailsWith(result, "RUSTPGO005");
        Assert.Contains(reason, result.Output);
        Assert.False(Directory.Exists(Path.Combine(ws, "obj", "rust", "Debug", "target")), "cargo ran");
    }

    /// <summary>A cargo that exists but cannot be started (not an executable) was an MSB4018 stack trace.</summary>
    [SkippableFact]
    public void Cargo_that_cannot_be_started_is_RUSTPGO009()
    {
        Skip.If(HostPlatform.IsWindows, "a file without the execute permission is the Unix form of this failure");
        var ws = _sdk.NewWorkspace("err009");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        var notExecutable = Projects.WriteWithMode(Path.Combine(ws, "tools", "cargo"), "not a program\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var result = _sdk.Dotnet(ws, "build", project, "-p:RustCargoPath=" + notExecutable);
        FailsWith(result, "RUSTPGO009");
        Assert.Contains(notExecutable, result.Output);
    }

    /// <summary>CargoArguments metadata reaches cargo; cargo's own failure (not rustc's) is RUSTPGO007 with cargo's message.</summary>
    [Fact]
    public void Cargo_failure_is_RUSTPGO007_with_cargos_message()
    {
        var ws = _sdk.NewWorkspace("err007");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml", rustCrateMetadata: " CargoArguments=\"--no-such-flag\"");
        var result = _sdk.Dotnet(ws, "build", project);
        FailsWith(result, "RUSTPGO007");
        Assert.Contains("--no-such-flag", result.Output);
        Assert.DoesNotContain("RUSTPGO008", result.Output);
    }

    [Fact]
    public void Rust_type_error_is_reported_at_its_source_position_and_RUSTPGO008()
    {
        var ws = _sdk.NewWorkspace("err008");
        Projects.Crate(Path.Combine(ws, "native", "calc"), libRs: """
            #[no_mangle]
            pub extern "C" fn add(a: i32, b: i32) -> i32 {
                let x: i32 = "not a number";
                a + b + x
            }
            """);
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        var result = _sdk.Dotnet(ws, "build", project);
        FailsWith(result, "RUSTPGO008");
        var expectedFile = Regex.Escape(Path.Combine(ws, "native", "calc", "src", "lib.rs"));
        Assert.Matches(new Regex(expectedFile + @"\(3,18(,3,32)?\): rustc error E0308: mismatched types"), result.Output);
        Assert.DoesNotContain("RUSTPGO007", result.Output);
        // rustc's whole diagnostic follows its headline (labels, notes), so nobody runs cargo by hand; the
        // headline is one error line (the console logger repeats errors once in its summary).
        Assert.Contains("expected `i32`, found `&str`", result.Output);
        Assert.Matches(@"--> src[/\\]lib\.rs:3:18", result.Output);
        Assert.Equal(2, Regex.Matches(result.Output, "rustc error E0308").Count);
    }

    [Fact]
    public void Rust_warning_is_a_positioned_MSBuild_warning_and_the_build_succeeds()
    {
        var ws = _sdk.NewWorkspace("warning");
        Projects.Crate(Path.Combine(ws, "native", "calc"), libRs: """
            #[no_mangle]
            pub extern "C" fn add(a: i32, b: i32) -> i32 {
                let unused = 1;
                a + b
            }
            """);
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        var result = _sdk.Dotnet(ws, "build", project);
        Assert.True(result.ExitCode == 0, result.ToString());
        var expectedFile = Regex.Escape(Path.Combine(ws, "native", "calc", "src", "lib.rs"));
        Assert.Matches(new Regex(expectedFile + @"\(3,9(,3,15)?\): rustc warning unused_variables: unused variable: `unused`"), result.Output);
        Assert.DoesNotContain("error", result.Output.Replace("0 Error(s)", ""), System.StringComparison.OrdinalIgnoreCase);
    }
}
