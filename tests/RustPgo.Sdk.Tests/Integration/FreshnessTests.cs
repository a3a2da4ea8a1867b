using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RustPgo.Sdk.Tasks.State;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// cargo is the authority on what is fresh: every change it would rebuild for reaches the app. A
/// differential test with cargo as the oracle: each change is made to the app's crate and to a copy of it,
/// `cargo build -v` of the copy says whether cargo compiles, and whenever it does, the SDK's build must
/// have run cargo, built a new library and shipped it.
/// </summary>
[Collection(SdkCollection2.Name)]
public class FreshnessTests
{
    private readonly SdkFixture _sdk;

    public FreshnessTests(SdkFixture sdk) => _sdk = sdk;

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    /// <summary>
    /// A crate whose add() holds every kind of input cargo tracks: its source, an env! variable, a variable
    /// set by cargo config [env], and the number of files in a folder its build script watches.
    /// </summary>
    private static void WriteCrate(string directory, int edited)
    {
        Projects.Crate(directory, "calc", libRs: LibRs(edited));
        Projects.Write(Path.Combine(directory, "build.rs"), """
            fn main() {
                println!("cargo:rerun-if-changed=data");
                let files = std::fs::read_dir("data").map(|d| d.count()).unwrap_or(0);
                let out = std::env::var("OUT_DIR").unwrap();
                std::fs::write(format!("{out}/data_files.rs"), format!("const DATA_FILES: i32 = {files};")).unwrap();
            }
            """);
        Projects.Write(Path.Combine(directory, "data", "one.txt"), "1");
    }

    private static string LibRs(int edited) => $$"""
        include!(concat!(env!("OUT_DIR"), "/data_files.rs"));

        fn variable(value: Option<&str>) -> i32 {
            value.map(|v| v.parse().unwrap()).unwrap_or(0)
        }

        #[no_mangle]
        pub extern "C" fn add(a: i32, b: i32) -> i32 {
            a + b + {{edited}} + DATA_FILES * 100 + variable(option_env!("CALC_BIAS")) * 1000 + variable(option_env!("CALC_CONFIG")) * 10000
        }
        """;

    private sealed record Change(string Name, Action<string> Apply, int Expected, Dictionary<string, string?>? Environment = null);

    [Fact]
    public void Whenever_cargo_would_compile_the_sdk_builds_and_ships_the_new_library()
    {
        var ws = _sdk.NewWorkspace("oracle");
        var crate = Path.Combine(ws, "native", "calc");
        var oracle = Path.Combine(ws, "oracle", "calc");
        WriteCrate(crate, 0);
        WriteCrate(oracle, 0);
        var project = Projects.App(Path.Combine(ws, "app"), "app", "../native/calc/Cargo.toml");
        var appDir = Path.GetDirectoryName(project)!;
        var spy = CargoSpy.Create(Path.Combine(ws, "spy"));
        var environment = new Dictionary<string, string?>();

        var changes = new List<Change>
        {
            new("the first build", _ => { }, 142),
            new("nothing", _ => { }, 142),
            new("a source file", dir => File.WriteAllText(Path.Combine(dir, "src", "lib.rs"), LibRs(1)), 143),
            new("an env! variable", _ => { }, 2143, new() { ["CALC_BIAS"] = "2" }),
            new("a new file in a folder a build script watches", dir => File.WriteAllText(Path.Combine(dir, "data", "two.txt"), "2"), 2243),
            new("a variable of cargo config [env]", dir => Projects.Write(Path.Combine(dir, ".cargo", "config.toml"), "[env]\nCALC_CONFIG = \"1\"\n"), 12243),
            new("a source file, with dep-info-basedir", dir =>
            {
                File.AppendAllText(Path.Combine(dir, ".cargo", "config.toml"), "\n[build]\ndep-info-basedir = \".\"\n");
                File.WriteAllText(Path.Combine(dir, "src", "lib.rs"), LibRs(5));
            }, 12247),
            new("an env! variable unset", _ => { }, 10247, new() { ["CALC_BIAS"] = null }),
            new("nothing, at last", _ => { }, 10247),
        };

        foreach (var change in changes)
        {
            change.Apply(crate);
            change.Apply(oracle);
            foreach (var pair in change.Environment ?? new())
                environment[pair.Key] = pair.Value;

            var oracleBuild = ChildProcess.Run(Path.Combine(SdkFixture.CargoBin, HostPlatform.Executable("cargo")),
                new[] { "build", "--release", "--lib", "-v", "--target-dir", Path.Combine(ws, "oracle", "target") }, oracle, environment, TimeSpan.FromMinutes(5));
            Succeeded(oracleBuild);
            var cargoCompiles = oracleBuild.Output.Contains("Compiling calc");

            var record = Directory.Exists(Path.Combine(appDir, "obj")) ? BuiltLibrary(appDir) : null;
            var before = record == null ? null : FileIdentity.Of(record);
            spy.Reset();
            Succeeded(_sdk.DotnetWith(appDir, environment, "build", project, "-c", "Release", "-p:RustCargoPath=" + spy.Folder));
            Assert.True(spy.Builds == 1, $"{change.Name}: the build asked cargo {spy.Builds} time(s)");
            var after = FileIdentity.Of(BuiltLibrary(appDir));
            if (cargoCompiles)
                Assert.True(before != after, $"{change.Name}: cargo compiles the crate, but the SDK's build left the library as it was");
            else
                Assert.True(before == after, $"{change.Name}: cargo finds the crate fresh, but the SDK's build wrote the library anew");

            var run = _sdk.DotnetWith(appDir, environment, "run", "--no-build", "-c", "Release", "--project", project);
            Succeeded(run);
            Assert.True(run.Output.Trim() == $"add(2,40)={change.Expected}", $"{change.Name}: the app printed {run.Output.Trim()}");
        }
    }

    /// <summary>The library the plain build of the project's one crate last produced, as its build record says.</summary>
    private static string BuiltLibrary(string appDir) =>
        CargoBuildRecord.TryRead(Directory.GetFiles(Path.Combine(appDir, "obj", "rust"), "build.txt", SearchOption.AllDirectories).Single())!.DynamicLibrary!;

    /// <summary>The rustc that built a library, as it signed its .comment section.</summary>
    private static string Compiler(string library)
    {
        var text = Encoding.ASCII.GetString(File.ReadAllBytes(library));
        var at = text.IndexOf("rustc version ", StringComparison.Ordinal);
        Assert.True(at >= 0, library + " names no rustc");
        return text.Substring(at, text.IndexOf('\0', at) - at);
    }

    /// <summary>Another rustc, chosen with RUSTC (Debian's own Rust beside rustup's): the library is built anew by it.</summary>
    [SkippableFact]
    public void Switching_to_another_rustc_rebuilds_with_it()
    {
        Skip.IfNot(File.Exists("/usr/bin/rustc"), "Debian's rustc-web (/usr/bin/rustc) is not installed; .ci/run installs it");
        var ws = _sdk.NewWorkspace("rustc-switch");
        var project = Projects.App(Path.Combine(ws, "app"), "app", "../native/calc/Cargo.toml");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var appDir = Path.GetDirectoryName(project)!;

        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release"));
        var rustup = Compiler(BuiltLibrary(appDir));
        Succeeded(_sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["RUSTC"] = "/usr/bin/rustc" }, "build", project, "-c", "Release"));
        var debian = Compiler(BuiltLibrary(appDir));
        Assert.NotEqual(rustup, debian);
        Assert.Equal(debian, Compiler(Path.Combine(appDir, "bin", "Release", "net10.0", HostPlatform.Cdylib("calc"))));
        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release"));
        Assert.Equal(rustup, Compiler(Path.Combine(appDir, "bin", "Release", "net10.0", HostPlatform.Cdylib("calc"))));
    }

    /// <summary>rustup's own switches: a rust-toolchain.toml beside the crate, then RUSTUP_TOOLCHAIN over it.</summary>
    [SkippableFact]
    public void Switching_the_rustup_toolchain_rebuilds_with_it()
    {
        var toolchains = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".rustup", "toolchains");
        Skip.IfNot(Directory.Exists(toolchains) && Directory.GetDirectories(toolchains, "nightly-*").Length > 0, "no rustup nightly toolchain beside stable");
        var ws = _sdk.NewWorkspace("toolchain-switch");
        var project = Projects.App(Path.Combine(ws, "app"), "app", "../native/calc/Cargo.toml");
        var crate = Path.GetDirectoryName(Projects.Crate(Path.Combine(ws, "native", "calc")))!;
        var appDir = Path.GetDirectoryName(project)!;
        var shipped = Path.Combine(appDir, "bin", "Release", "net10.0", HostPlatform.Cdylib("calc"));

        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release"));
        Assert.DoesNotContain("nightly", Compiler(shipped));
        Projects.Write(Path.Combine(crate, "rust-toolchain.toml"), "[toolchain]\nchannel = \"nightly\"\n");
        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release"));
        Assert.Contains("nightly", Compiler(shipped));
        Succeeded(_sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["RUSTUP_TOOLCHAIN"] = "stable" }, "build", project, "-c", "Release"));
        Assert.DoesNotContain("nightly", Compiler(shipped));
    }

    /// <summary>An env! variable of a PGO build: the instrumented and optimized libraries are rebuilt, trained and shipped anew.</summary>
    [Fact]
    public void A_changed_env_variable_rebuilds_every_pgo_stage()
    {
        var ws = _sdk.NewWorkspace("pgo-env");
        var project = PgoApps.App(ws, libRsTail: """

            #[no_mangle]
            pub extern "C" fn bias() -> u64 {
                option_env!("VM_BIAS").map(|v| v.parse().unwrap()).unwrap_or(0)
            }
            """);
        var appDir = Path.GetDirectoryName(project)!;
        var shipped = Path.Combine(appDir, "bin", "Release", "net10.0", HostPlatform.Cdylib("vm"));
        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true"));
        var first = File.ReadAllBytes(shipped);

        var changed = _sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["VM_BIAS"] = "7" }, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(changed);
        Assert.Contains("vm (PGO instrumented", changed.Output);
        Assert.Contains("RustPgo: training 1 of 1: app done", changed.Output);
        Assert.Contains("vm (PGO optimized", changed.Output);
        Assert.NotEqual(first, File.ReadAllBytes(shipped));
        Assert.Equal(File.ReadAllBytes(PgoApps.OptimizedLibrary(appDir)), File.ReadAllBytes(shipped));
    }

    /// <summary>
    /// A variable a build script watches (rerun-if-env-changed), often a token or a key: cargo watches it,
    /// and no file of the SDK's state holds its value.
    /// </summary>
    [Fact]
    public void No_state_file_holds_the_value_of_a_variable_a_build_script_watches()
    {
        var ws = _sdk.NewWorkspace("secret");
        var crate = Path.GetDirectoryName(Projects.Crate(Path.Combine(ws, "native", "calc")))!;
        Projects.Write(Path.Combine(crate, "build.rs"), "fn main() { println!(\"cargo:rerun-if-env-changed=RUSTPGO_TEST_TOKEN\"); }\n");
        var project = Projects.App(Path.Combine(ws, "app"), "app", "../native/calc/Cargo.toml");
        var appDir = Path.GetDirectoryName(project)!;
        var secret = "s3cr3t-" + Guid.NewGuid().ToString("N");
        var build = _sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["RUSTPGO_TEST_TOKEN"] = secret }, "build", project, "-c", "Release", "-p:RustPgo=true", "-v:d");
        Succeeded(build);
        Assert.DoesNotContain(secret, build.Output);
        var state = Path.Combine(appDir, "obj", "rust");
        var cargoFolders = Directory.GetDirectories(state, "target", SearchOption.AllDirectories);
        var files = Directory.GetFiles(state, "*", SearchOption.AllDirectories).Where(f => !cargoFolders.Any(t => f.StartsWith(t + Path.DirectorySeparatorChar))).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.DoesNotContain(secret, File.ReadAllText(f)));
    }
}
