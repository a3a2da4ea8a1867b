using System;
using RustPgo.Sdk.Tasks.Merge;
using RustPgo.Sdk.Tasks.Platform;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>
/// The llvm-profdata a PGO build of the generated projects merges with: found by the SDK's own
/// <see cref="LlvmProfdataLocator"/> for the rustc of rustup's cargo (so rustup's llvm-tools count, as on CI runners).
/// </summary>
public static class RustcLlvmProfdata
{
    private static readonly Lazy<(string? Path, string Considered)> Found = new(() =>
    {
        var cargo = System.IO.Path.Combine(SdkFixture.CargoBin, HostPlatform.Executable("cargo"));
        var rustc = RustcInfo.Query(ToolLocator.FindRustc(cargo) ?? "rustc", System.IO.Path.GetTempPath());
        var locator = new LlvmProfdataLocator();
        var found = locator.Find(Environment.GetEnvironmentVariable("RustPgoLlvmProfdataPath"), Environment.GetEnvironmentVariable("LLVM_PROFDATA"), rustc);
        return (found?.Path, $"LLVM {rustc.LlvmMajor}; considered: {string.Join("; ", locator.Considered)}");
    });

    /// <summary>Its path, or null.</summary>
    public static string? Path => Found.Value.Path;

    /// <summary>Why there is none: rustc's LLVM and what was looked at.</summary>
    public static string Considered => Found.Value.Considered;
}
