using RustPgo.Sdk.Tasks.Platform;
using Xunit;

namespace RustPgo.Sdk.Tests.Unit;

public class RustTargetsTests
{
    [Theory]
    [InlineData("linux-x64", "x86_64-unknown-linux-gnu")]
    [InlineData("linux-arm64", "aarch64-unknown-linux-gnu")]
    [InlineData("linux-musl-x64", "x86_64-unknown-linux-musl")]
    [InlineData("linux-musl-arm64", "aarch64-unknown-linux-musl")]
    [InlineData("win-x64", "x86_64-pc-windows-msvc")]
    [InlineData("win-x86", "i686-pc-windows-msvc")]
    [InlineData("win-arm64", "aarch64-pc-windows-msvc")]
    [InlineData("osx-x64", "x86_64-apple-darwin")]
    [InlineData("osx-arm64", "aarch64-apple-darwin")]
    [InlineData("LINUX-X64", "x86_64-unknown-linux-gnu")]
    // Version-qualified RIDs of older SDKs reduce to the portable one.
    [InlineData("win10-x64", "x86_64-pc-windows-msvc")]
    [InlineData("win7-x86", "i686-pc-windows-msvc")]
    [InlineData("osx.13-arm64", "aarch64-apple-darwin")]
    [InlineData("osx.10.15-x64", "x86_64-apple-darwin")]
    [InlineData("ubuntu.22.04-x64", "x86_64-unknown-linux-gnu")]
    [InlineData("debian.12-arm64", "aarch64-unknown-linux-gnu")]
    [InlineData("alpine.3.19-x64", "x86_64-unknown-linux-musl")]
    [InlineData("alpine.3.19-arm64", "aarch64-unknown-linux-musl")]
    public void TripleFor_maps_known_runtime_identifiers(string rid, string triple) =>
        Assert.Equal(triple, RustTargets.TripleFor(rid));

    [Theory]
    [InlineData("linux-sparc")]
    [InlineData("win-sparc")]
    [InlineData("browser-wasm")]
    [InlineData("any")]
    [InlineData("")]
    [InlineData("x64")]
    [InlineData("-x64")]
    [InlineData("linux-")]
    public void TripleFor_unknown_runtime_identifiers_is_null(string rid) =>
        Assert.Null(RustTargets.TripleFor(rid));

    [Theory]
    [InlineData("x86_64-unknown-linux-gnu", "Unix", "libcalc.so", "LD_LIBRARY_PATH")]
    [InlineData("x86_64-unknown-linux-musl", "Unix", "libcalc.so", "LD_LIBRARY_PATH")]
    [InlineData("x86_64-pc-windows-msvc", "Windows", "calc.dll", "PATH")]
    [InlineData("aarch64-pc-windows-msvc", "Windows", "calc.dll", "PATH")]
    [InlineData("x86_64-apple-darwin", "MacOS", "libcalc.dylib", "DYLD_LIBRARY_PATH")]
    [InlineData("aarch64-apple-darwin", "MacOS", "libcalc.dylib", "DYLD_LIBRARY_PATH")]
    public void Library_file_names_and_search_path_variables_follow_the_target_os(string triple, string osName, string fileName, string variable)
    {
        var os = System.Enum.Parse<TargetOs>(osName);
        Assert.Equal(os, RustTargets.OsOf(triple));
        Assert.Equal(fileName, RustTargets.CdylibFileName("calc", os));
        Assert.Equal(variable, RustTargets.LibraryPathVariable(os));
    }

    [Fact]
    public void Every_known_runtime_identifier_maps_to_a_triple_of_its_own_os()
    {
        foreach (var rid in RustTargets.KnownRuntimeIdentifiers)
        {
            var triple = RustTargets.TripleFor(rid);
            Assert.NotNull(triple);
            var expected = rid.StartsWith("win") ? TargetOs.Windows : rid.StartsWith("osx") ? TargetOs.MacOS : TargetOs.Unix;
            Assert.Equal(expected, RustTargets.OsOf(triple!));
        }
    }
}
