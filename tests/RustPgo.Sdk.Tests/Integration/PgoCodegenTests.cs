using System.IO;
using System.Linq;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;
using static RustPgo.Sdk.Tests.Infrastructure.PgoApps;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// RustPgoLto: the PGO builds (instrumented and optimized alike, and the cargo-side trainings) get fat LTO
/// and one codegen unit unless the crate's profile chose its own; the plain build never does.
/// </summary>
[Collection(SdkCollection2.Name)]
public class PgoCodegenTests
{
    private const string FatLto = "--config profile.release.lto=\"fat\" --config profile.release.codegen-units=1";

    private readonly SdkFixture _sdk;

    public PgoCodegenTests(SdkFixture sdk) => _sdk = sdk;

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    /// <summary>The cargo builds the spy saw, by the target folder of their stage.</summary>
    private static string[] Builds(CargoSpy spy, string stageFolder) =>
        File.ReadAllLines(spy.Log).Where(l => l.Contains(Path.DirectorySeparatorChar + stageFolder + Path.DirectorySeparatorChar)).ToArray();

    [Fact]
    public void Auto_gives_both_pgo_builds_and_the_cargo_side_training_fat_lto_and_the_plain_build_nothing()
    {
        var ws = _sdk.NewWorkspace("lto-auto");
        var project = App(ws, extraItems: """
            <RustPgoTraining Include="$(MSBuildProjectFullPath)" Arguments="train" />
            <RustPgoTraining Include="unit tests" CargoCommand="test" />
            """, libRsTail: """

            #[test]
            fn trains() {
                for i in 0..1000 { assert!(step(i) != u64::MAX || i > 0); }
            }
            """);
        var appDir = Path.GetDirectoryName(project)!;
        var spy = CargoSpy.Create(Path.Combine(ws, "spy"));

        Succeeded(_sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustCargoPath=" + spy.Folder));
        Assert.DoesNotContain("codegen-units", File.ReadAllText(spy.Log));
        spy.Reset();

        var pgo = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustCargoPath=" + spy.Folder);
        Succeeded(pgo);
        Assert.All(Builds(spy, "pgo-instrument").Concat(Builds(spy, "pgo-optimize")), line => Assert.Contains(FatLto, line));
        Assert.Contains(File.ReadAllLines(spy.Log), line => line.StartsWith("test ") && line.Contains(FatLto));
        Assert.Contains("fat LTO, 1 codegen unit (RustPgoLto=auto: the profile sets neither)", pgo.Output);
        Assert.DoesNotContain("RUSTPGO108", pgo.Output);
        var run = _sdk.Dotnet(appDir, Path.Combine(appDir, "bin", "Release", "net10.0", "app.dll"), "train", "100");
        Assert.Contains($"sum={ExpectedSum(100)}", run.Output);
    }

    [Theory]
    [InlineData("auto", "the profile's own LTO and codegen units (RustPgoLto=auto: the profile sets codegen-units = 4)", false)]
    [InlineData("off", "the profile's own LTO and codegen units (RustPgoLto=off)", false)]
    [InlineData("fat", "fat LTO, 1 codegen unit (RustPgoLto=fat)", true)]
    public void A_profile_that_sets_codegen_units_keeps_them_under_auto_and_off_keeps_the_profile(string mode, string says, bool fat)
    {
        var ws = _sdk.NewWorkspace("lto-" + mode);
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        File.AppendAllText(Path.Combine(ws, "native", "vm", "Cargo.toml"), "\n[profile.release]\ncodegen-units = 4\n");
        var spy = CargoSpy.Create(Path.Combine(ws, "spy"));

        var pgo = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoLto=" + mode, "-p:RustCargoPath=" + spy.Folder);
        Succeeded(pgo);
        Assert.Contains(says, pgo.Output);
        Assert.All(Builds(spy, "pgo-instrument").Concat(Builds(spy, "pgo-optimize")), line => Assert.Equal(fat, line.Contains(FatLto)));
        Assert.DoesNotContain("RUSTPGO108", pgo.Output);
        Assert.Equal(1234UL, MergedProfile(appDir).Records.Single(r => r.Name == "step").EntryCount);
    }

    [Fact]
    public void An_unknown_value_is_RUSTPGO014_before_any_cargo_build()
    {
        var ws = _sdk.NewWorkspace("lto-bad");
        var project = App(ws);
        var appDir = Path.GetDirectoryName(project)!;
        var spy = CargoSpy.Create(Path.Combine(ws, "spy"));
        var build = _sdk.Dotnet(appDir, "build", project, "-c", "Release", "-p:RustPgo=true", "-p:RustPgoLto=thin", "-p:RustCargoPath=" + spy.Folder);
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error RUSTPGO014", build.Output);
        Assert.Contains("RustPgoLto is 'thin'", build.Output);
        Assert.Equal(0, spy.Builds);
    }
}
