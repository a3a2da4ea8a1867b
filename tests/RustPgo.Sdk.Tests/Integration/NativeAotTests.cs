using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;
using static RustPgo.Sdk.Tests.Infrastructure.PgoApps;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// `dotnet publish -p:PublishAot=true`: the crate is linked into the one native executable (DirectPInvoke +
/// its staticlib), profile-guided with RustPgo, incrementally, with coded errors for what would break it.
/// </summary>
[Collection(SdkCollection.Name)]
public class NativeAotTests
{
    private const string BothCrateTypes = "\"cdylib\", \"staticlib\"";
    private readonly SdkFixture _sdk;

    public NativeAotTests(SdkFixture sdk) => _sdk = sdk;

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    internal static void RequireAotToolchain()
    {
        Skip.IfNot(HostPlatform.IsLinux, "the checks read the ELF executable with readelf: Linux only");
        Skip.If(HostPlatform.FindOnPath("clang") == null && HostPlatform.FindOnPath("gcc") == null, "Native AOT links with clang or gcc: neither is installed (.ci/run installs clang)");
        Skip.If(HostPlatform.FindOnPath("readelf") == null, "readelf (binutils) is not installed");
    }

    /// <summary>A Native AOT publish, in a workspace and NuGet cache without spaces (see <see cref="SdkFixture.PlainRoot"/>).</summary>
    private ProcessResult Publish(string appDir, string project, string publishDir, params string[] properties) =>
        _sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _sdk.PlainNuGetPackages },
            new[] { "publish", project, "-c", "Release", "-r", HostPlatform.Rid, "-p:PublishAot=true", "-o", publishDir, "-v:n" }.Concat(properties).ToArray());

    private string Workspace(string name) => _sdk.NewWorkspace(name, withoutSpaces: true);

    private static string Needed(string executable) =>
        ChildProcess.Run("readelf", new[] { "-d", executable }, Path.GetDirectoryName(executable)!).Output;

    /// <summary>
    /// A plain AOT publish: one executable that computes with the linked crate, no crate library beside
    /// it or among its NEEDED entries; a no-change republish starts no cargo and relinks nothing; a
    /// changed .rs file relinks.
    /// </summary>
    [SkippableFact]
    public void The_crate_is_linked_statically_and_republishing_is_incremental()
    {
        RequireAotToolchain();
        var ws = Workspace("aot-plain");
        var project = App(ws, crateTypes: BothCrateTypes);
        var appDir = Path.GetDirectoryName(project)!;
        var publishDir = Path.Combine(ws, "published");

        Succeeded(Publish(appDir, project, publishDir));
        Assert.Equal(new[] { "app" }, Directory.GetFiles(publishDir).Select(Path.GetFileName).Where(f => !f!.EndsWith(".dbg")).ToArray());
        Assert.DoesNotContain("vm", Needed(Path.Combine(publishDir, "app")));
        var run = ChildProcess.Run(Path.Combine(publishDir, "app"), new[] { "train", "100" }, publishDir);
        Succeeded(run);
        Assert.Equal("sum=" + ExpectedSum(100), run.Output.Trim());

        var noop = Publish(appDir, project, publishDir);
        Succeeded(noop);
        Assert.Equal(1, Logs.UpToDateLines(noop.Output, "vm"));
        Assert.Equal(0, Logs.CargoBuildLines(noop.Output, "vm"));
        Assert.Contains("Skipping target \"LinkNative\"", noop.Output);

        File.AppendAllText(Path.Combine(ws, "native", "vm", "src", "lib.rs"), "\n#[no_mangle]\npub extern \"C\" fn added(x: u64) -> u64 { x }\n");
        var changed = Publish(appDir, project, publishDir);
        Succeeded(changed);
        Assert.Contains("vm (release", changed.Output);
        Assert.DoesNotContain("Skipping target \"LinkNative\"", changed.Output);

        // `dotnet build` of the same project keeps the cdylib beside the app (last: a build without the RID
        // restores again, and the next publish then recompiles).
        Succeeded(_sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _sdk.PlainNuGetPackages }, "build", project, "-c", "Release"));
        Assert.True(File.Exists(Path.Combine(appDir, "bin", "Release", "net10.0", HostPlatform.Cdylib("vm"))));
    }

    /// <summary>
    /// With RustPgo the staticlib linked is the optimized one: the profile holds the training's count of a
    /// single-block function, and the executable differs from the plain AOT one.
    /// </summary>
    [SkippableFact]
    public void A_pgo_publish_links_the_optimized_staticlib()
    {
        RequireAotToolchain();
        var ws = Workspace("aot-pgo");
        var project = App(ws, calls: 2222, crateTypes: BothCrateTypes);
        var appDir = Path.GetDirectoryName(project)!;

        Succeeded(Publish(appDir, project, Path.Combine(ws, "plain")));
        var pgo = Publish(appDir, project, Path.Combine(ws, "pgo"), "-p:RustPgo=true");
        Succeeded(pgo);
        Assert.Equal(2222UL, MergedProfile(appDir, HostPlatform.Rid).Records.Single(r => r.Name == "step").EntryCount);
        Assert.Contains("RustPgo: vm: PGO-optimized", pgo.Output);
        Assert.Contains("Native AOT publishes link its staticlib", pgo.Output);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(ws, "plain", "app")), File.ReadAllBytes(Path.Combine(ws, "pgo", "app")));
        Assert.DoesNotContain("vm", Needed(Path.Combine(ws, "pgo", "app")));
        var run = ChildProcess.Run(Path.Combine(ws, "pgo", "app"), new[] { "train", "100" }, ws);
        Assert.Equal("sum=" + ExpectedSum(100), run.Output.Trim());

        var noop = Publish(appDir, project, Path.Combine(ws, "pgo"), "-p:RustPgo=true");
        Succeeded(noop);
        Assert.DoesNotContain("RustPgo: training", noop.Output);
        Assert.Equal(0, Logs.CargoBuildLines(noop.Output, "vm"));
    }

    /// <summary>What would fail late (a link error) or at run time (a library the published app lacks) fails early, coded.</summary>
    [SkippableFact]
    public void What_cannot_link_statically_is_a_coded_error()
    {
        RequireAotToolchain();
        var ws = Workspace("aot-errors");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var cdylibOnly = Publish(appDir, project, Path.Combine(ws, "out"));
        Assert.Contains("error RUSTPGO201", cdylibOnly.Output);
        Assert.Contains("crate-type = [\"cdylib\", \"staticlib\"]", cdylibOnly.Output);

        var manifest = Path.Combine(ws, "native", "vm", "Cargo.toml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("crate-type = [\"cdylib\"]", $"crate-type = [{BothCrateTypes}]"));
        var program = Path.Combine(appDir, "Program.cs");
        var source = File.ReadAllText(program);
        File.WriteAllText(program, source.Replace("[DllImport(\"vm\")]\n    static extern ulong step", "[DllImport(\"libvm.so\")]\n    static extern ulong step"));
        var variant = Publish(appDir, project, Path.Combine(ws, "out"));
        Assert.Contains("error RUSTPGO202", variant.Output);
        Assert.Contains("[LibraryImport(\"vm\")]", variant.Output);

        File.WriteAllText(program, source.Replace("static extern ulong classify(ulong x);", "static extern ulong classify(ulong x);\n\n    [DllImport(\"vm\")]\n    static extern ulong not_exported(ulong x);"));
        var missing = Publish(appDir, project, Path.Combine(ws, "out"));
        Assert.Contains("error RUSTPGO203", missing.Output);
        Assert.Contains("`not_exported`", missing.Output);
        foreach (var result in new[] { cdylibOnly, variant, missing })
        {
            Assert.NotEqual(0, result.ExitCode);
            Assert.DoesNotContain("MSB3073", result.Output);
            Assert.DoesNotContain("Generating native code", result.Output);
        }
    }
}
