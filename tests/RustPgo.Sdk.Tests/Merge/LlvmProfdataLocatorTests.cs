using System.Collections.Generic;
using System.IO;
using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Merge;
using RustPgo.Sdk.Tasks.Platform;
using Xunit;

namespace RustPgo.Sdk.Tests.Merge;

public class LlvmProfdataLocatorTests
{
    private static readonly RustcInfo Rustc = new("x86_64-unknown-linux-gnu", 22, "/nonexistent/sysroot");

    [Fact]
    public void Rustc_version_output_gives_host_and_llvm_major()
    {
        var info = RustcInfo.Parse("rustc 1.95.0 (59807616e 2026-04-14)\nbinary: rustc\nhost: x86_64-unknown-linux-gnu\nrelease: 1.95.0\nLLVM version: 22.1.2\n", "/s");
        Assert.Equal("x86_64-unknown-linux-gnu", info.HostTriple);
        Assert.Equal(22, info.LlvmMajor);
    }

    [Theory]
    [InlineData("Debian LLVM version 22.1.2\n  Optimized build.", 22)]
    [InlineData("LLVM (http://llvm.org/):\n  LLVM version 14.0.6", 14)]
    [InlineData("something else", null)]
    public void Llvm_profdata_version_is_read(string output, int? expected) =>
        Assert.Equal(expected, LlvmProfdataSearch.ParseVersion(output)?.Major);

    [Fact]
    public void An_explicit_llvm_profdata_of_another_llvm_is_a_mismatch_not_a_silent_fallback()
    {
        var fake = Path.GetTempFileName();
        var locator = new LlvmProfdataLocator(_ => new LlvmVersion(14, "14.0.6"));
        Assert.Null(locator.Find(fake, null, Rustc));
        Assert.Equal(14, locator.Mismatched!.LlvmMajor);
        Assert.Equal("RustPgoLlvmProfdataPath", locator.Mismatched.Source);
        File.Delete(fake);
    }

    [Fact]
    public void A_matching_explicit_llvm_profdata_is_taken()
    {
        var fake = Path.GetTempFileName();
        var found = new LlvmProfdataLocator(_ => new LlvmVersion(22, "22.1.2")).Find(null, fake, Rustc);
        Assert.Equal(fake, found!.Path);
        Assert.Equal("LLVM_PROFDATA", found.Source);
        File.Delete(fake);
    }

    [Fact]
    public void Install_hint_names_both_fixes()
    {
        var hint = LlvmProfdataLocator.InstallHint(22);
        Assert.Contains("rustup component add llvm-tools", hint);
        Assert.Contains("llvm-22", hint);
    }
}
