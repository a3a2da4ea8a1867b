using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using RustPgo.Sdk.Tasks.State;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// The documented properties a project sets to place and name what the SDK builds, each checked by its effect
/// on one `dotnet pack` of a class library with two crates, shared by the tests here (none changes it):
/// RustIntermediateOutputPath, RustCargoTargetDirectory, a project-wide custom RustCargoProfile and
/// RustNativeRuntimeIdentifier.
/// </summary>
[Collection(SdkCollection2.Name)]
public class PropertyTests
{
    private const string NativeRid = "linux-x64-rustpgo";
    private static readonly object Gate = new();
    private static PackedLibrary? _shared;
    private readonly SdkFixture _sdk;

    public PropertyTests(SdkFixture sdk) => _sdk = sdk;

    private PackedLibrary Library()
    {
        lock (Gate)
            return _shared ??= PackedLibrary.Pack(_sdk);
    }

    public sealed class PackedLibrary
    {
        public string Workspace { get; private set; } = "";
        public string ProjectDir => Path.Combine(Workspace, "Lib");
        public string State => Path.Combine(Workspace, "rust-state");
        public string CargoTarget => Path.Combine(Workspace, "cargo-target");
        public string Package => Path.Combine(Workspace, "packages", "Lib.1.0.0.nupkg");

        /// <summary>The spy's log of cargo's invocations (null on Windows, where the spy, a /bin/sh script, cannot run).</summary>
        public string[]? CargoInvocations { get; private set; }

        /// <summary>The crate's plain build record, read where RustIntermediateOutputPath put it.</summary>
        internal CargoBuildRecord Record(string crate) =>
            CargoBuildRecord.TryRead(Directory.GetFiles(State, "build.txt", SearchOption.AllDirectories).Single(f => f.Contains(Path.DirectorySeparatorChar + crate + "-")))!;

        public static PackedLibrary Pack(SdkFixture sdk)
        {
            var library = new PackedLibrary { Workspace = sdk.NewWorkspace("properties") };
            var ws = library.Workspace;
            foreach (var crate in new[] { "alpha", "beta" })
            {
                Projects.Crate(Path.Combine(ws, "native", crate), crate, libRs: $"#[no_mangle]\npub extern \"C\" fn {crate}_add(a: i32, b: i32) -> i32 {{ a + b }}\n",
                    extraToml: "\n[profile.fast]\ninherits = \"release\"\nopt-level = 2\n");
            }
            var spy = HostPlatform.IsWindows ? null : CargoSpy.Create(Path.Combine(ws, "spy"));
            var project = Projects.Write(Path.Combine(library.ProjectDir, "Lib.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Sdk Name="RustPgo.Sdk" Version="{SdkFixture.SdkVersion}" />
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <RustIntermediateOutputPath>../rust-state/</RustIntermediateOutputPath>
                    <RustCargoTargetDirectory>../cargo-target/</RustCargoTargetDirectory>
                    <RustCargoProfile>fast</RustCargoProfile>
                    <RustNativeRuntimeIdentifier>{NativeRid}</RustNativeRuntimeIdentifier>
                    <RustCargoPath>{spy?.Folder}</RustCargoPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <RustCrate Include="../native/alpha/Cargo.toml" />
                    <RustCrate Include="../native/beta/Cargo.toml" />
                  </ItemGroup>
                </Project>
                """);
            Projects.Write(Path.Combine(library.ProjectDir, "Native.cs"), "namespace Lib; public static class Native { }\n");
            var pack = sdk.Dotnet(library.ProjectDir, "pack", project, "-c", "Release", "-o", Path.Combine(ws, "packages"));
            Assert.True(pack.ExitCode == 0, pack.ToString());
            library.CargoInvocations = spy == null ? null : File.ReadAllLines(spy.Log);
            return library;
        }
    }

    /// <summary>RustIntermediateOutputPath: the state of every crate's build is there; of obj/rust/ only the log of what shipped last, which all configurations share, is used.</summary>
    [Fact]
    public void RustIntermediateOutputPath_holds_the_SDKs_state()
    {
        var library = Library();
        foreach (var crate in new[] { "alpha", "beta" })
            Assert.Equal(HostPlatform.Cdylib(crate), Path.GetFileName(library.Record(crate).DynamicLibrary));
        // The shipped copies (what bin/ and the package copy from) are state too.
        foreach (var crate in new[] { "alpha", "beta" })
            Assert.Single(Directory.GetFiles(library.State, HostPlatform.Cdylib(crate), SearchOption.AllDirectories));
        var obj = Path.Combine(library.ProjectDir, "obj");
        Assert.Equal(new[] { "shipped" }, Directory.GetDirectories(Path.Combine(obj, "rust")).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(obj, "build.txt", SearchOption.AllDirectories));
    }

    /// <summary>RustCargoTargetDirectory: the plain build's cargo output (target/fast/ for this profile) is there, not under the state folder.</summary>
    [Fact]
    public void RustCargoTargetDirectory_receives_the_plain_builds_cargo_output()
    {
        var library = Library();
        foreach (var crate in new[] { "alpha", "beta" })
        {
            var built = library.Record(crate).DynamicLibrary!;
            Assert.StartsWith(library.CargoTarget + Path.DirectorySeparatorChar, built);
            Assert.True(File.Exists(built), built);
        }
        Assert.False(Directory.Exists(Path.Combine(library.State, "target")));
        if (library.CargoInvocations is { } invocations)
            Assert.All(invocations.Where(l => l.StartsWith("build ", StringComparison.Ordinal)), line => Assert.Contains($"--target-dir {library.CargoTarget}{Path.DirectorySeparatorChar} ", line));
    }

    /// <summary>A project-level RustCargoProfile names a custom [profile.fast]: every crate is built with it.</summary>
    [Fact]
    public void A_project_level_RustCargoProfile_is_used_by_every_crate()
    {
        var library = Library();
        foreach (var crate in new[] { "alpha", "beta" })
            Assert.Equal("fast", Path.GetFileName(Path.GetDirectoryName(library.Record(crate).DynamicLibrary)));
        if (library.CargoInvocations is { } invocations)
        {
            var builds = invocations.Where(l => l.StartsWith("build ", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, builds.Count);
            Assert.All(builds, line => Assert.Contains(" --profile fast ", line));
            Assert.Single(builds, line => line.Contains(Path.Combine("native", "alpha", "Cargo.toml")));
            Assert.Single(builds, line => line.Contains(Path.Combine("native", "beta", "Cargo.toml")));
        }
    }

    /// <summary>RustNativeRuntimeIdentifier names the runtimes/&lt;rid&gt;/native/ folder of the packed libraries.</summary>
    [Fact]
    public void RustNativeRuntimeIdentifier_names_the_packages_native_folder()
    {
        var library = Library();
        using var package = ZipFile.OpenRead(library.Package);
        var native = package.Entries.Select(e => e.FullName).Where(n => n.StartsWith("runtimes/", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.All(native, name => Assert.StartsWith($"runtimes/{NativeRid}/native/", name));
        Assert.Contains($"runtimes/{NativeRid}/native/{HostPlatform.Cdylib("alpha")}", native);
        Assert.Contains($"runtimes/{NativeRid}/native/{HostPlatform.Cdylib("beta")}", native);
        var alpha = package.GetEntry($"runtimes/{NativeRid}/native/{HostPlatform.Cdylib("alpha")}")!;
        using var stream = new MemoryStream();
        alpha.Open().CopyTo(stream);
        Assert.Equal(File.ReadAllBytes(library.Record("alpha").DynamicLibrary!), stream.ToArray());
    }
}
