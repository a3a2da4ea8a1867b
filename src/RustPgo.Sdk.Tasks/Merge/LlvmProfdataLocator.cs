using System.Text.RegularExpressions;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;

namespace RustPgo.Sdk.Tasks.Merge;

/// <summary>An llvm-profdata found on the machine, with the LLVM major version it reports.</summary>
internal sealed record LlvmProfdata(string Path, int LlvmMajor, string Source);

/// <summary>
/// Finds an llvm-profdata whose LLVM matches rustc's: RustPgoLlvmProfdataPath, then LLVM_PROFDATA, then
/// rustup's llvm-tools in rustc's sysroot, then llvm-profdata-N on PATH (N = rustc's LLVM major), then
/// llvm-profdata on PATH. An explicitly named one must match; a found one that does not is passed over.
/// </summary>
internal sealed class LlvmProfdataLocator
{
    private readonly Func<string, int?> _versionOf;

    public LlvmProfdataLocator(Func<string, int?>? versionOf = null) => _versionOf = versionOf ?? QueryLlvmMajor;

    /// <summary>Every candidate looked at, in order, for the error message when none fits.</summary>
    public List<string> Considered { get; } = new();

    /// <summary>An explicitly named llvm-profdata that does not exist, if any.</summary>
    public string? MissingExplicit { get; private set; }

    /// <summary>An explicitly chosen llvm-profdata whose version does not match, if any.</summary>
    public LlvmProfdata? Mismatched { get; private set; }

    public LlvmProfdata? Find(string? explicitPath, string? environmentPath, RustcInfo rustc)
    {
        foreach (var (path, source, isExplicit) in Candidates(explicitPath, environmentPath, rustc))
        {
            if (path == null || !File.Exists(path))
            {
                if (isExplicit)
                {
                    MissingExplicit = path;
                    return null;
                }
                continue;
            }
            var major = _versionOf(path);
            Considered.Add($"{path} ({source}: LLVM {major?.ToString() ?? "unknown"})");
            if (major == rustc.LlvmMajor)
                return new LlvmProfdata(path, major.Value, source);
            if (isExplicit)
            {
                Mismatched = new LlvmProfdata(path, major ?? 0, source);
                return null;
            }
        }
        return null;
    }

    private static IEnumerable<(string? Path, string Source, bool Explicit)> Candidates(string? explicitPath, string? environmentPath, RustcInfo rustc)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
            yield return (explicitPath, "RustPgoLlvmProfdataPath", true);
        if (!string.IsNullOrWhiteSpace(environmentPath))
            yield return (environmentPath, "LLVM_PROFDATA", true);
        if (rustc.Sysroot.Length > 0)
        {
            var llvmTools = System.IO.Path.Combine(rustc.Sysroot, "lib", "rustlib", rustc.HostTriple, "bin", ToolLocator.ExecutableName("llvm-profdata"));
            yield return (llvmTools, "rustup llvm-tools", false);
        }
        yield return (ToolLocator.FindOnPath($"llvm-profdata-{rustc.LlvmMajor}"), "PATH", false);
        yield return (ToolLocator.FindOnPath("llvm-profdata"), "PATH", false);
    }

    /// <summary>The LLVM major of `llvm-profdata --version` ("… LLVM version 22.1.2").</summary>
    public static int? ParseLlvmMajor(string versionOutput)
    {
        var match = Regex.Match(versionOutput, @"LLVM version (\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value) : null;
    }

    private static int? QueryLlvmMajor(string path)
    {
        var output = new List<string>();
        try
        {
            new ProcessRunner().Run(new ProcessSpec(path, new[] { "--version" }, Directory.GetCurrentDirectory()), output.Add, output.Add);
        }
        catch (ProcessStartException)
        {
            return null;
        }
        return ParseLlvmMajor(string.Join("\n", output));
    }

    /// <summary>How to get a matching llvm-profdata, for the error message.</summary>
    public static string InstallHint(int llvmMajor) =>
        $"Run `rustup component add llvm-tools` (the llvm-profdata matching your rustc), or install your distribution's LLVM {llvmMajor} (e.g. `apt-get install llvm-{llvmMajor}`, which provides llvm-profdata-{llvmMajor}), or set RustPgoLlvmProfdataPath. With RustPgoProfileMerger=auto (the default) the built-in merger is used when none is found.";
}
