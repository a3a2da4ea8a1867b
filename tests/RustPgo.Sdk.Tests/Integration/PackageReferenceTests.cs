using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;
using static RustPgo.Sdk.Tests.Infrastructure.PgoApps;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// RustPgo.Sdk as a PackageReference: NuGet imports the SDK from build/ (buildMultiTargeting/ in a
/// multi-targeted project's outer build), before the rest of Microsoft.NET.Sdk's targets rather than
/// after them. The shapes whose hooks depend on that order: build and no-op, the PGO pipeline,
/// multi-targeting, pack and Native AOT.
/// </summary>
[Collection(SdkCollection.Name)]
public class PackageReferenceTests
{
    private readonly SdkFixture _sdk;

    public PackageReferenceTests(SdkFixture sdk) => _sdk = sdk;

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    [Fact]
    public void An_app_builds_runs_and_builds_profile_guided()
    {
        var ws = _sdk.NewWorkspace("pkgref-app");
        var project = App(ws, calls: 321, reference: SdkReference.PackageReference);
        var appDir = Path.GetDirectoryName(project)!;

        Succeeded(_sdk.Dotnet(appDir, "build", project));
        var run = _sdk.Dotnet(appDir, "run", "--no-build", "--project", project, "--", "train", "100");
        Succeeded(run);
        Assert.Equal("sum=" + ExpectedSum(100), run.Output.Trim());

        var noop = _sdk.Dotnet(appDir, "build", project, "-v:diag");
        Succeeded(noop);
        Assert.Equal(1, Logs.UpToDateLines(noop.Output, "vm"));
        Assert.Equal(0, Logs.CargoBuildLines(noop.Output, "vm"));

        var pgo = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true");
        Succeeded(pgo);
        Assert.Equal(321UL, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);
        Assert.Contains("RustPgo: vm: PGO-optimized", pgo.Output);
        Assert.Equal(File.ReadAllBytes(OptimizedLibrary(appDir)),
            File.ReadAllBytes(Path.Combine(appDir, "bin", "Release", "net10.0", HostPlatform.Cdylib("vm"))));
    }

    /// <summary>
    /// A multi-targeted library builds its crate once (in the outer build, through buildMultiTargeting/),
    /// packs the library under runtimes/&lt;rid&gt;/native/, and its package does not depend on RustPgo.Sdk.
    /// </summary>
    [Fact]
    public void A_multi_targeted_library_builds_its_crate_once_and_packs_it()
    {
        var ws = _sdk.NewWorkspace("pkgref-pack");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        Projects.Write(Path.Combine(ws, "Calc.cs"), """
            namespace CalcLib;

            public static class Calc
            {
                [System.Runtime.InteropServices.DllImport("calc")]
                public static extern int add(int a, int b);
            }
            """);
        var project = Projects.Write(Path.Combine(ws, "CalcLib.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net10.0;net9.0</TargetFrameworks>
                <Version>1.2.3</Version>
              </PropertyGroup>
              <ItemGroup>
                {Projects.SdkPackageReference(SdkReference.PackageReference)}
                <RustCrate Include="native/calc/Cargo.toml" />
              </ItemGroup>
            </Project>
            """);
        var packages = Path.Combine(ws, "packages");

        var pack = _sdk.Dotnet(ws, "pack", project, "-o", packages);
        Succeeded(pack);
        Assert.Equal(1, Logs.CargoBuildLines(pack.Output, "calc"));

        using var zip = ZipFile.OpenRead(Path.Combine(packages, "CalcLib.1.2.3.nupkg"));
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains($"runtimes/{HostPlatform.Rid}/native/{HostPlatform.Cdylib("calc")}", entries);
        Assert.Contains("lib/net10.0/CalcLib.dll", entries);
        Assert.Contains("lib/net9.0/CalcLib.dll", entries);
        using var nuspec = new StreamReader(zip.GetEntry("CalcLib.nuspec")!.Open());
        Assert.DoesNotContain("RustPgo.Sdk", nuspec.ReadToEnd());
    }

    [SkippableFact]
    public void A_native_aot_publish_links_the_crate_statically()
    {
        NativeAotTests.RequireAotToolchain();
        var ws = _sdk.NewWorkspace("pkgref-aot", withoutSpaces: true);
        var project = App(ws, crateTypes: "\"cdylib\", \"staticlib\"", reference: SdkReference.PackageReference);
        var appDir = Path.GetDirectoryName(project)!;
        var publishDir = Path.Combine(ws, "published");

        Succeeded(_sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _sdk.PlainNuGetPackages },
            "publish", project, "-c", "Release", "-r", HostPlatform.Rid, "-p:PublishAot=true", "-o", publishDir));
        Assert.Equal(new[] { "app" }, Directory.GetFiles(publishDir).Select(Path.GetFileName).Where(f => !f!.EndsWith(".dbg", StringComparison.Ordinal)).ToArray());
        var run = ChildProcess.Run(Path.Combine(publishDir, "app"), new[] { "train", "100" }, publishDir);
        Succeeded(run);
        Assert.Equal("sum=" + ExpectedSum(100), run.Output.Trim());
    }
}
