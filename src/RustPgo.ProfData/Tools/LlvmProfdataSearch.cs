using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace RustPgo.ProfData;

/// <summary>A place an llvm-profdata may be, and what named it.</summary>
internal sealed class LlvmProfdataCandidate
{
    public LlvmProfdataCandidate(string? path, string source, bool isExplicit)
    {
        Path = path;
        Source = source;
        IsExplicit = isExplicit;
    }

    /// <summary>The file, or null when the lookup on PATH found none.</summary>
    public string? Path { get; }

    /// <summary>RustPgoLlvmProfdataPath, LLVM_PROFDATA, rustup llvm-tools or PATH.</summary>
    public string Source { get; }

    /// <summary>Named by the user: it must exist and fit, it is never passed over.</summary>
    public bool IsExplicit { get; }
}

/// <summary>The LLVM version an llvm-profdata reports: its major, and the whole version as printed (e.g. 22.1.2-rust-1.95.0-stable).</summary>
internal sealed class LlvmVersion
{
    public LlvmVersion(int major, string text)
    {
        Major = major;
        Text = text;
    }

    public int Major { get; }
    public string Text { get; }

    public override string ToString() => Text;
}

/// <summary>
/// Where an llvm-profdata is looked for, in order, and how its LLVM version is read. One definition for
/// the SDK's merge, which takes the first one of rustc's LLVM, and for the differential tests of the
/// built-in merger, which compare it with every llvm-profdata the SDK would find.
/// </summary>
internal static class LlvmProfdataSearch
{
    public const string ExplicitSource = "RustPgoLlvmProfdataPath";
    public const string EnvironmentVariable = "LLVM_PROFDATA";
    public const string SysrootSource = "rustup llvm-tools";
    public const string PathSource = "PATH";

    /// <summary>
    /// The candidates in the SDK's order: <paramref name="explicitPath"/> (RustPgoLlvmProfdataPath), then
    /// <paramref name="environmentPath"/> (LLVM_PROFDATA), then rustup's llvm-tools in rustc's sysroot
    /// (`&lt;sysroot&gt;/lib/rustlib/&lt;host&gt;/bin/llvm-profdata`), then `llvm-profdata-N` on PATH for each N of
    /// <paramref name="llvmMajors"/>, then `llvm-profdata` on PATH.
    /// </summary>
    /// <param name="explicitPath">RustPgoLlvmProfdataPath.</param>
    /// <param name="environmentPath">LLVM_PROFDATA.</param>
    /// <param name="sysroot">`rustc --print sysroot`.</param>
    /// <param name="hostTriple">rustc's host triple.</param>
    /// <param name="llvmMajors">The N of the `llvm-profdata-N` looked for, in order.</param>
    /// <param name="findOnPath">Finds an executable by its name without extension on PATH, or null.</param>
    public static IEnumerable<LlvmProfdataCandidate> Candidates(string? explicitPath, string? environmentPath, string sysroot, string hostTriple,
        IEnumerable<int> llvmMajors, Func<string, string?> findOnPath)
    {
        if (!IsNullOrWhiteSpace(explicitPath))
            yield return new LlvmProfdataCandidate(explicitPath, ExplicitSource, true);
        if (!IsNullOrWhiteSpace(environmentPath))
            yield return new LlvmProfdataCandidate(environmentPath, EnvironmentVariable, true);
        if (sysroot.Length > 0 && hostTriple.Length > 0)
            yield return new LlvmProfdataCandidate(SysrootTool(sysroot, hostTriple), SysrootSource, false);
        foreach (var major in llvmMajors)
            yield return new LlvmProfdataCandidate(findOnPath("llvm-profdata-" + major), PathSource, false);
        yield return new LlvmProfdataCandidate(findOnPath("llvm-profdata"), PathSource, false);
    }

    /// <summary>Where `rustup component add llvm-tools` puts llvm-profdata.</summary>
    public static string SysrootTool(string sysroot, string hostTriple) =>
        Path.Combine(sysroot, "lib", "rustlib", hostTriple, "bin", Path.DirectorySeparatorChar == '\\' ? "llvm-profdata.exe" : "llvm-profdata");

    /// <summary>
    /// The arguments that make llvm-profdata print its version, tried in order until one output names it:
    /// `--version`; LLVM 14 and older take no top-level option (they answer "Unknown command!" and exit 1),
    /// but each subcommand does, so then `merge --version`.
    /// </summary>
    public static IReadOnlyList<string[]> VersionArguments { get; } = new[] { new[] { "--version" }, new[] { "merge", "--version" } };

    /// <summary>
    /// The version in `llvm-profdata --version` output: "Debian LLVM version 22.1.8", "LLVM (http://llvm.org/):
    /// LLVM version 14.0.6", "LLVM version 22.1.2-rust-1.95.0-stable"; null when it names none.
    /// </summary>
    public static LlvmVersion? ParseVersion(string output)
    {
        var match = Regex.Match(output, @"LLVM version (\d+)((?:\.\d+)*(?:-[\w.+-]+)?)");
        return match.Success && int.TryParse(match.Groups[1].Value, out var major)
            ? new LlvmVersion(major, match.Groups[1].Value + match.Groups[2].Value)
            : null;
    }

    /// <summary>The indexed profile version llvm-profdata of LLVM <paramref name="llvmMajor"/> writes and rustc of that LLVM reads: 13 from LLVM 22 on, else 12.</summary>
    public static int IndexedVersionFor(int llvmMajor) => llvmMajor >= 22 ? 13 : 12;

    private static bool IsNullOrWhiteSpace(string? text) => text == null || text.Trim().Length == 0;
}
