using System.Collections.Generic;
using System.Linq;
using RustPgo.Sdk.Tasks.Cargo;
using Xunit;

namespace RustPgo.Sdk.Tests.Cargo;

public class CargoCommandLinesTests
{
    private static CargoBuildSettings Settings(string profile = "dev") => new()
    {
        ManifestPath = "/w/my crate/Cargo.toml",
        CargoProfile = profile,
        TargetDirectory = "/w/obj/rust/Debug/target",
    };

    private static string? ValueAfter(IReadOnlyList<string> arguments, string option)
    {
        var index = arguments.ToList().IndexOf(option);
        return index < 0 || index + 1 >= arguments.Count ? null : arguments[index + 1];
    }

    [Fact]
    public void Plain_build_of_the_library_for_the_host()
    {
        var arguments = CargoCommandLines.ForBuild(Settings());
        Assert.Equal("build", arguments[0]);
        Assert.Contains("--lib", arguments);
        Assert.Equal("/w/my crate/Cargo.toml", ValueAfter(arguments, "--manifest-path"));
        Assert.Equal("dev", ValueAfter(arguments, "--profile"));
        Assert.Equal("/w/obj/rust/Debug/target", ValueAfter(arguments, "--target-dir"));
        Assert.Contains("--message-format=json", arguments);
        Assert.DoesNotContain("--target", arguments);
        Assert.DoesNotContain("--release", arguments);
        Assert.DoesNotContain("--features", arguments);
        Assert.DoesNotContain("--all-features", arguments);
        Assert.DoesNotContain("--no-default-features", arguments);
    }

    [Theory]
    [InlineData("release")]
    [InlineData("dev")]
    [InlineData("profiling")]
    public void Profile_is_passed_as_is(string profile) =>
        Assert.Equal(profile, ValueAfter(CargoCommandLines.ForBuild(Settings(profile)), "--profile"));

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("  ", false)]
    [InlineData("aarch64-unknown-linux-gnu", true)]
    public void Target_only_when_set(string? triple, bool expected)
    {
        var arguments = CargoCommandLines.ForBuild(Settings() with { TargetTriple = triple });
        Assert.Equal(expected, arguments.Contains("--target"));
        if (expected)
            Assert.Equal(triple, ValueAfter(arguments, "--target"));
    }

    [Theory]
    [InlineData("a;b", "a,b")]
    [InlineData("a,b", "a,b")]
    [InlineData("a b", "a,b")]
    [InlineData(" a ; b ,c  ", "a,b,c")]
    [InlineData("simd", "simd")]
    [InlineData("dep/feat;x", "dep/feat,x")]
    public void Features_are_normalized_to_cargo_comma_form(string features, string expected)
    {
        Assert.Equal(expected, CargoCommandLines.NormalizeFeatures(features));
        Assert.Equal(expected, ValueAfter(CargoCommandLines.ForBuild(Settings() with { Features = features }), "--features"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ; , ")]
    public void No_features_no_flag(string features) =>
        Assert.DoesNotContain("--features", CargoCommandLines.ForBuild(Settings() with { Features = features }));

    [Fact]
    public void No_default_and_all_features()
    {
        var arguments = CargoCommandLines.ForBuild(Settings() with { NoDefaultFeatures = true, AllFeatures = true });
        Assert.Contains("--no-default-features", arguments);
        Assert.Contains("--all-features", arguments);
        Assert.Single(arguments, a => a == "--no-default-features");
    }

    [Fact]
    public void Extra_arguments_come_last_in_order()
    {
        var extra = CargoCommandLines.SplitArguments("--locked -j 1");
        var arguments = CargoCommandLines.ForBuild(Settings() with { ExtraArguments = extra });
        Assert.Equal(new[] { "--locked", "-j", "1" }, arguments.Skip(arguments.Count - 3));
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("   ", new string[0])]
    [InlineData("--locked", new[] { "--locked" })]
    [InlineData("  --locked   --offline ", new[] { "--locked", "--offline" })]
    [InlineData("--config \"build.rustflags=['-C', 'x']\"", new[] { "--config", "build.rustflags=['-C', 'x']" })]
    [InlineData("--config 'a b' c", new[] { "--config", "a b", "c" })]
    [InlineData("pre\"fix mid\"post", new[] { "prefix midpost" })]
    [InlineData("\"\" x", new[] { "", "x" })]
    [InlineData("a\tb\nc", new[] { "a", "b", "c" })]
    public void Extra_arguments_split_like_a_shell(string text, string[] expected) =>
        Assert.Equal(expected, CargoCommandLines.SplitArguments(text));
}
