using System.IO;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Integration;

[Collection(SdkCollection.Name)]
public class DesignTimeTests
{
    private readonly SdkFixture _sdk;

    public DesignTimeTests(SdkFixture sdk) => _sdk = sdk;

    /// <summary>
    /// An IDE's design-time build (and any call of GetCopyToOutputDirectoryItems outside a build) never
    /// starts cargo, yet sees the library the last real build produced.
    /// </summary>
    [Fact]
    public void Design_time_builds_never_start_cargo_and_see_the_last_built_library()
    {
        var ws = _sdk.NewWorkspace("design-time");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(Path.Combine(ws, "app"), "app", "../native/calc/Cargo.toml");
        var appDir = Path.GetDirectoryName(project)!;
        Assert.Equal(0, _sdk.Dotnet(appDir, "restore", project).ExitCode);

        string[] designTime = { "msbuild", project, "-t:ResolveAssemblyReferences;GetCopyToOutputDirectoryItems", "-p:DesignTimeBuild=true", "-v:n" };
        var before = _sdk.Dotnet(appDir, designTime);
        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.DoesNotContain("calc (dev)", before.Output);
        Assert.False(Directory.Exists(Path.Combine(appDir, "obj", "rust", "Debug", "target")), "cargo ran in a design-time build");

        var build = _sdk.Dotnet(appDir, "build", project);
        Assert.True(build.ExitCode == 0, build.ToString());

        var after = _sdk.Dotnet(appDir, "msbuild", project, "-t:GetCopyToOutputDirectoryItems", "-p:DesignTimeBuild=true", "-getItem:AllItemsFullPathWithTargetPath", "-v:q");
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains(HostPlatform.Cdylib("calc"), after.Output);
        Assert.DoesNotContain("calc (dev)", after.Output);
    }
}
