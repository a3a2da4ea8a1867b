using System;
using System.Collections.Generic;

namespace RustPgo.Sdk.Tasks.Platform;

/// <summary>Maps .NET runtime identifiers to Rust target triples and names their native libraries.</summary>
internal static class RustTargets
{
    private static readonly Dictionary<string, string> TriplesByRid = new(StringComparer.OrdinalIgnoreCase)
    {
        ["linux-x64"] = "x86_64-unknown-linux-gnu",
        ["linux-arm64"] = "aarch64-unknown-linux-gnu",
        ["linux-arm"] = "armv7-unknown-linux-gnueabihf",
        ["linux-x86"] = "i686-unknown-linux-gnu",
        ["linux-musl-x64"] = "x86_64-unknown-linux-musl",
        ["linux-musl-arm64"] = "aarch64-unknown-linux-musl",
        ["linux-musl-arm"] = "armv7-unknown-linux-musleabihf",
        ["linux-riscv64"] = "riscv64gc-unknown-linux-gnu",
        ["linux-loongarch64"] = "loongarch64-unknown-linux-gnu",
        ["linux-bionic-arm64"] = "aarch64-linux-android",
        ["linux-bionic-x64"] = "x86_64-linux-android",
        ["win-x64"] = "x86_64-pc-windows-msvc",
        ["win-x86"] = "i686-pc-windows-msvc",
        ["win-arm64"] = "aarch64-pc-windows-msvc",
        ["osx-x64"] = "x86_64-apple-darwin",
        ["osx-arm64"] = "aarch64-apple-darwin",
        ["freebsd-x64"] = "x86_64-unknown-freebsd",
    };

    /// <summary>The runtime identifiers this SDK knows a triple for, for error messages.</summary>
    public static IEnumerable<string> KnownRuntimeIdentifiers => TriplesByRid.Keys;

    /// <summary>
    /// The Rust target triple for a runtime identifier, or null when none is known. Version-qualified
    /// RIDs of older SDKs (win10-x64, osx.13-arm64, ubuntu.22.04-x64) are reduced to the portable one.
    /// </summary>
    public static string? TripleFor(string runtimeIdentifier)
    {
        if (TriplesByRid.TryGetValue(runtimeIdentifier, out var triple))
            return triple;
        var portable = ToPortable(runtimeIdentifier);
        return portable != null && TriplesByRid.TryGetValue(portable, out triple) ? triple : null;
    }

    private static string? ToPortable(string rid)
    {
        var dash = rid.LastIndexOf('-');
        if (dash <= 0)
            return null;
        var os = rid.Substring(0, dash);
        var arch = rid.Substring(dash + 1);
        if (os.StartsWith("win", StringComparison.OrdinalIgnoreCase))
            return "win-" + arch;
        if (os.StartsWith("osx", StringComparison.OrdinalIgnoreCase) || os.StartsWith("macos", StringComparison.OrdinalIgnoreCase))
            return "osx-" + arch;
        if (os.StartsWith("alpine", StringComparison.OrdinalIgnoreCase))
            return "linux-musl-" + arch;
        if (os.StartsWith("freebsd", StringComparison.OrdinalIgnoreCase))
            return "freebsd-" + arch;
        return "linux-" + arch;
    }

    /// <summary>The operating-system family of a triple, which decides native library naming.</summary>
    public static TargetOs OsOf(string triple)
    {
        if (triple.Contains("-windows"))
            return TargetOs.Windows;
        if (triple.Contains("-apple-"))
            return TargetOs.MacOS;
        return TargetOs.Unix;
    }

    /// <summary>The file name of a cdylib named <paramref name="libName"/> built for <paramref name="os"/>.</summary>
    public static string CdylibFileName(string libName, TargetOs os) => os switch
    {
        TargetOs.Windows => libName + ".dll",
        TargetOs.MacOS => "lib" + libName + ".dylib",
        _ => "lib" + libName + ".so",
    };

    /// <summary>The environment variable through which the loader finds libraries in a folder.</summary>
    public static string LibraryPathVariable(TargetOs os) => os switch
    {
        TargetOs.Windows => "PATH",
        TargetOs.MacOS => "DYLD_LIBRARY_PATH",
        _ => "LD_LIBRARY_PATH",
    };
}

internal enum TargetOs
{
    Unix,
    Windows,
    MacOS,
}
