using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;
using static RustPgo.Sdk.Tests.Infrastructure.PgoApps;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// The project shapes real users have, each built profile-guided and run: the app prints what Rust
/// computed, every shipped library differs from the plain release one, and each crate's summary counts
/// equal the function count of that crate's own raw profile.
/// </summary>
[Collection(SdkCollection.Name)]
public class ProjectShapesTests
{
    private readonly SdkFixture _sdk;

    public ProjectShapesTests(SdkFixture sdk) => _sdk = sdk;

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    /// <summary>A crate exporting <paramref name="export"/>(x) = <paramref name="body"/>, with more Cargo.toml after [lib].</summary>
    private static string Crate(string directory, string package, string export, string body, string crateTypes = "\"cdylib\"", string extraToml = "", string libName = "") =>
        Projects.Crate(directory, package, extraToml: extraToml, libRs: $$"""
            #[no_mangle]
            pub extern "C" fn {{export}}(x: u64) -> u64 {
                {{body}}
            }
            """).Also(m => File.WriteAllText(m, File.ReadAllText(m).Replace("crate-type = [\"cdylib\"]", $"crate-type = [{crateTypes}]{(libName.Length > 0 ? $"\nname = \"{libName}\"" : "")}")));

    /// <summary>An app calling each (library, export) 1000 times in training and printing the results for x = 5.</summary>
    private static string App(string appDir, IEnumerable<(string Library, string Export)> imports, IEnumerable<string> crates, string extraProperties = "")
    {
        var declarations = new StringBuilder();
        var calls = new StringBuilder();
        var prints = new List<string>();
        foreach (var (library, export) in imports)
        {
            declarations.AppendLine($"    [DllImport(\"{library}\")] static extern ulong {export}(ulong x);");
            calls.AppendLine($"            for (ulong i = 0; i < n; i++) sum += {export}(i);");
            prints.Add($"{export}={{{export}(5)}}");
        }
        Projects.Write(Path.Combine(appDir, "Program.cs"), $$"""
            using System;
            using System.Runtime.InteropServices;

            static class Program
            {
            {{declarations}}
                static void Main(string[] args)
                {
                    ulong n = args.Length > 0 && args[0] == "train" ? 1000UL : 1UL, sum = 0;
            {{calls}}
                    Console.WriteLine($"{{string.Join(" ", prints)}}");
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
                {string.Concat(crates.Select(c => $"<RustCrate Include=\"{c}\" />\n    "))}
              </ItemGroup>
            </Project>
            """);
    }

    /// <summary>
    /// The checks every shape must pass. <paramref name="crates"/>: (crate folder name, package name,
    /// library file name) of each RustCrate. Returns the PGO build's output.
    /// </summary>
    private ProcessResult BuildsProfileGuided(string ws, string project, string expectedOutput, IReadOnlyList<(string Folder, string Package, string Library)> crates,
        Dictionary<string, string?>? environment = null, params string[] properties)
    {
        var appDir = Path.GetDirectoryName(project)!;
        var plainDir = Path.Combine(ws, "plain");
        Succeeded(_sdk.DotnetWith(appDir, environment, new[] { "build", project, "-c", "Release", "-o", plainDir }.Concat(properties).ToArray()));
        var pgo = _sdk.DotnetWith(appDir, environment, new[] { "build", project, "-c", "Release", "-p:RustPgo=true", "-v:n" }.Concat(properties).ToArray());
        Succeeded(pgo);

        var output = Path.Combine(appDir, "bin", "Release", "net10.0");
        var run = _sdk.Dotnet(output, Path.Combine(output, "app.dll"));
        Succeeded(run);
        Assert.Equal(expectedOutput, run.Output.Trim());
        // One merge for the project, however many crates.
        Assert.Single(Regex.Matches(pgo.Output, @"RustPgo: merged \d+ raw profile\(s\)"));

        foreach (var (folder, package, library) in crates)
        {
            var shipped = File.ReadAllBytes(Path.Combine(output, library));
            Assert.Equal(File.ReadAllBytes(OptimizedLibrary(appDir, folder)), shipped);
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(plainDir, library)), shipped);
            var functions = FunctionsOfRawProfiles(appDir, folder);
            Assert.True(functions > 0);
            Assert.Matches($@"RustPgo: {Regex.Escape(package)}: PGO-optimized, {functions}/{functions} functions with profile data, \d+ executed in training; 1 training run\(s\), 1 raw profile\(s\) merged", pgo.Output);
        }
        return pgo;
    }

    /// <summary>
    /// Two crates of one app share a path dependency: one merge, each crate's summary from its own raw
    /// profile and under its package name; a change to the dependency's Cargo.toml rebuilds both.
    /// </summary>
    [Fact]
    public void Two_crates_sharing_a_path_dependency()
    {
        var ws = _sdk.NewWorkspace("shape-two-crates");
        Projects.Crate(Path.Combine(ws, "helper"), "helper", cdylib: false, extraToml: "\n[features]\ndefault = []\nbig = []\n",
            libRs: "pub fn bonus(x: u64) -> u64 { if cfg!(feature = \"big\") { x + 1000 } else { x + 1 } }\n");
        var dependency = "\n[dependencies]\nhelper = { path = \"../helper\" }\n";
        Crate(Path.Combine(ws, "a"), "cratea", "a_work", "x * 2 + helper::bonus(x)", extraToml: dependency);
        Crate(Path.Combine(ws, "b"), "crateb", "b_work", "if x % 2 == 0 { x * 3 } else { helper::bonus(x) }", extraToml: dependency);
        var project = App(Path.Combine(ws, "app"), new[] { ("cratea", "a_work"), ("crateb", "b_work") }, new[] { "../a/Cargo.toml", "../b/Cargo.toml" });

        BuildsProfileGuided(ws, project, "a_work=16 b_work=6",
            new[] { ("a", "cratea", HostPlatform.Cdylib("cratea")), ("b", "crateb", HostPlatform.Cdylib("crateb")) });

        // The dependency's manifest is an input of both crates: a default feature turned on rebuilds them.
        var helperToml = Path.Combine(ws, "helper", "Cargo.toml");
        File.WriteAllText(helperToml, File.ReadAllText(helperToml).Replace("default = []", "default = [\"big\"]"));
        var appDir = Path.GetDirectoryName(project)!;
        var rebuilt = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(rebuilt);
        Assert.Contains("cratea (PGO optimized", rebuilt.Output);
        Assert.Contains("crateb (PGO optimized", rebuilt.Output);
        var output = Path.Combine(appDir, "bin", "Release", "net10.0");
        Assert.Equal("a_work=1015 b_work=1005", _sdk.Dotnet(output, Path.Combine(output, "app.dll")).Output.Trim());
    }

    /// <summary>A member of a cargo workspace: the lock file and [profile] live at the workspace root, and a change there rebuilds.</summary>
    [Fact]
    public void A_member_of_a_cargo_workspace()
    {
        var ws = _sdk.NewWorkspace("shape-workspace");
        var root = Path.Combine(ws, "rust");
        Projects.Write(Path.Combine(root, "Cargo.toml"), "[workspace]\nmembers = [\"ffi\"]\nresolver = \"2\"\n\n[profile.release]\ncodegen-units = 4\n");
        Crate(Path.Combine(root, "ffi"), "wsffi", "work", "x * x + 1");
        var project = App(Path.Combine(ws, "app"), new[] { ("wsffi", "work") }, new[] { "../rust/ffi/Cargo.toml" });

        BuildsProfileGuided(ws, project, "work=26", new[] { ("ffi", "wsffi", HostPlatform.Cdylib("wsffi")) });
        Assert.True(File.Exists(Path.Combine(root, "Cargo.lock")), "cargo keeps the lock file at the workspace root");
        Assert.False(File.Exists(Path.Combine(root, "ffi", "Cargo.lock")));

        File.AppendAllText(Path.Combine(root, "Cargo.toml"), "opt-level = 2\n");
        var appDir = Path.GetDirectoryName(project)!;
        var rebuilt = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(rebuilt);
        Assert.Contains("wsffi (PGO instrumented", rebuilt.Output);
        Assert.Contains("wsffi (PGO optimized", rebuilt.Output);
    }

    /// <summary>A crate with a build script that generates code from a data file it watches.</summary>
    [Fact]
    public void A_crate_with_a_build_script()
    {
        var ws = _sdk.NewWorkspace("shape-build-rs");
        var crateDir = Path.Combine(ws, "gen");
        Crate(crateDir, "generated", "lookup", "x + TABLE_SUM");
        Projects.Write(Path.Combine(crateDir, "table.txt"), "1\n2\n3\n");
        Projects.Write(Path.Combine(crateDir, "build.rs"), """
            fn main() {
                println!("cargo:rerun-if-changed=table.txt");
                let sum: u64 = std::fs::read_to_string("table.txt").unwrap().lines().map(|l| l.trim().parse::<u64>().unwrap()).sum();
                let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("table.rs");
                std::fs::write(out, format!("const TABLE_SUM: u64 = {sum};")).unwrap();
            }
            """);
        File.WriteAllText(Path.Combine(crateDir, "src", "lib.rs"), "include!(concat!(env!(\"OUT_DIR\"), \"/table.rs\"));\n" + File.ReadAllText(Path.Combine(crateDir, "src", "lib.rs")));
        var project = App(Path.Combine(ws, "app"), new[] { ("generated", "lookup") }, new[] { "../gen/Cargo.toml" });

        BuildsProfileGuided(ws, project, "lookup=11", new[] { ("gen", "generated", HostPlatform.Cdylib("generated")) });

        // The file the build script watches is an input: changing it rebuilds and the app sees the new table.
        File.WriteAllText(Path.Combine(crateDir, "table.txt"), "10\n20\n");
        var appDir = Path.GetDirectoryName(project)!;
        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true"));
        var output = Path.Combine(appDir, "bin", "Release", "net10.0");
        Assert.Equal("lookup=35", _sdk.Dotnet(output, Path.Combine(output, "app.dll")).Output.Trim());
    }

    /// <summary>A custom [profile.x] and features chosen on the RustCrate item.</summary>
    [Fact]
    public void A_crate_with_a_custom_profile_and_features()
    {
        var ws = _sdk.NewWorkspace("shape-profile");
        Crate(Path.Combine(ws, "fancy"), "fancy", "shape", "if cfg!(feature = \"turbo\") { x * 100 } else { x }",
            extraToml: "\n[features]\nturbo = []\n\n[profile.fast]\ninherits = \"release\"\nopt-level = 2\n");
        var project = App(Path.Combine(ws, "app"), new[] { ("fancy", "shape") }, new[] { "../fancy/Cargo.toml" });
        File.WriteAllText(project, File.ReadAllText(project).Replace("<RustCrate Include=\"../fancy/Cargo.toml\" />", "<RustCrate Include=\"../fancy/Cargo.toml\" CargoProfile=\"fast\" Features=\"turbo\" />"));

        BuildsProfileGuided(ws, project, "shape=500", new[] { ("fancy", "fancy", HostPlatform.Cdylib("fancy")) });
        Assert.Contains(Path.DirectorySeparatorChar + "fast" + Path.DirectorySeparatorChar, OptimizedLibrary(Path.GetDirectoryName(project)!, "fancy"));
    }

    /// <summary>A crate that is a cdylib and an rlib, whose own tests are a second, cargo-side workload.</summary>
    [Fact]
    public void A_crate_that_is_a_cdylib_and_an_rlib()
    {
        var ws = _sdk.NewWorkspace("shape-rlib");
        Crate(Path.Combine(ws, "both"), "both", "twice", "x * 2", crateTypes: "\"cdylib\", \"rlib\"");
        var project = App(Path.Combine(ws, "app"), new[] { ("both", "twice") }, new[] { "../both/Cargo.toml" });
        BuildsProfileGuided(ws, project, "twice=10", new[] { ("both", "both", HostPlatform.Cdylib("both")) });
    }

    /// <summary>
    /// Debian's own Rust (rustc-web/cargo-web: /usr/bin/cargo, no rustup, no llvm-tools), chosen with
    /// RustCargoPath while rustup's cargo comes first on PATH: the libraries come from Debian's rustc.
    /// </summary>
    [SkippableFact]
    public void A_toolchain_without_rustup_chosen_with_RustCargoPath()
    {
        Skip.IfNot(File.Exists("/usr/bin/cargo") && File.Exists("/usr/bin/rustc"), "Debian's cargo-web/rustc-web (/usr/bin/cargo) is not installed (.ci/run installs it)");
        var version = ChildProcess.Run("/usr/bin/rustc", new[] { "--version" }, Path.GetTempPath()).Output.Split(' ')[1];
        Assert.DoesNotContain(version, ChildProcess.Run("rustc", new[] { "--version" }, Path.GetTempPath(), _sdk.Environment()).Output);

        var ws = _sdk.NewWorkspace("shape-debian-rust");
        Crate(Path.Combine(ws, "deb"), "deb", "work", "x + 7");
        var project = App(Path.Combine(ws, "app"), new[] { ("deb", "work") }, new[] { "../deb/Cargo.toml" }, "<RustCargoPath>/usr/bin/cargo</RustCargoPath>");
        BuildsProfileGuided(ws, project, "work=12", new[] { ("deb", "deb", HostPlatform.Cdylib("deb")) });

        // rustc records its version in the library it links (ELF .comment): these are Debian's.
        var appDir = Path.GetDirectoryName(project)!;
        Assert.Contains("rustc version " + version, Encoding.Latin1.GetString(File.ReadAllBytes(OptimizedLibrary(appDir, "deb"))));
    }

    /// <summary>
    /// RUSTC_WRAPPER=sccache (its local disk cache): every stage works; a second PGO build of the same
    /// checkout from a clean obj/ is served from the cache; and after the training changes, the optimized
    /// library is exactly what a build without the cache makes from the new profile.
    /// </summary>
    [SkippableFact]
    public void Builds_under_sccache()
    {
        var sccache = HostPlatform.FindOnPath("sccache");
        Skip.If(sccache == null, "sccache is not on PATH (.ci/run installs Debian's sccache)");
        var ws = _sdk.NewWorkspace("shape-sccache");
        var environment = new Dictionary<string, string?>
        {
            ["RUSTC_WRAPPER"] = sccache,
            ["SCCACHE_DIR"] = Path.Combine(ws, "sccache"),
            ["SCCACHE_SERVER_PORT"] = (4300 + Random.Shared.Next(600)).ToString(),
        };
        ProcessResult Sccache(string argument) => ChildProcess.Run(sccache!, new[] { argument }, ws, environment);
        try
        {
            // sccache caches rlibs, not the cdylib it links: the crate's path dependency is what it can serve.
            Projects.Crate(Path.Combine(ws, "helper"), "helper", cdylib: false, libRs: "pub fn bonus(x: u64) -> u64 { if x % 3 == 0 { x / 3 } else { x * 3 + 1 } }\n");
            Crate(Path.Combine(ws, "cached"), "cached", "work", "helper::bonus(x)", extraToml: "\n[dependencies]\nhelper = { path = \"../helper\" }\n");
            var project = App(Path.Combine(ws, "app"), new[] { ("cached", "work") }, new[] { "../cached/Cargo.toml" });
            var appDir = Path.GetDirectoryName(project)!;
            BuildsProfileGuided(ws, project, "work=16", new[] { ("cached", "cached", HostPlatform.Cdylib("cached")) }, environment);

            Succeeded(Sccache("--zero-stats"));
            Directory.Delete(Path.Combine(appDir, "obj"), recursive: true);
            Succeeded(_sdk.DotnetWith(appDir, environment, "build", project, "-c", "Release", "-p:RustPgo=true"));
            var stats = Sccache("--show-stats").Output;
            var hits = Regex.Match(stats, @"Cache hits\s+(\d+)");
            Assert.True(hits.Success && int.Parse(hits.Groups[1].Value) >= 2, "the second clean PGO build was not served from the cache:\n" + stats);

            // A changed profile: the optimized library must be the one a build without the cache makes from it.
            var retrained = _sdk.DotnetWith(appDir, environment, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoTrainArguments=none", "-p:RustPgoProfdataOutput=retrained.profdata");
            Succeeded(retrained);
            var withCache = File.ReadAllBytes(OptimizedLibrary(appDir, "cached"));
            Directory.Delete(Path.Combine(appDir, "obj"), recursive: true);
            Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoProfdata=retrained.profdata"));
            Assert.Equal(File.ReadAllBytes(OptimizedLibrary(appDir, "cached")), withCache);
        }
        finally
        {
            Sccache("--stop-server");
        }
    }
}

internal static class FluentExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
