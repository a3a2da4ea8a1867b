using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;

namespace RustPgo.Sdk.Tasks.Merge;

/// <summary>An llvm-profdata found on the machine, with the LLVM version it reports (<paramref name="Version"/>: as printed, e.g. 22.1.2).</summary>
internal sealed record LlvmProfdata(string Path, int LlvmMajor, string Source, string Version);

/// <summary>
/// Finds an llvm-profdata whose LLVM matches rustc's, in the order of <see cref="LlvmProfdataSearch"/>:
/// RustPgoLlvmProfdataPath, then LLVM_PROFDATA, then rustup's llvm-tools in rustc's sysroot, then
/// llvm-profdata-N on PATH (N = rustc's LLVM major), then llvm-profdata on PATH. An explicitly named one
/// must match; a found one that does not is passed over.
/// </summary>
internal sealed class LlvmProfdataLocator
{
    private readonly Func<string, LlvmVersion?> _versionOf;
    private readonly Func<string, string?> _findOnPath;

    /// <param name="versionOf">The version an llvm-profdata reports (default: run it).</param>
    /// <param name="findOnPath">Finds an executable on PATH (default: this process's PATH).</param>
    public LlvmProfdataLocator(Func<string, LlvmVersion?>? versionOf = null, Func<string, string?>? findOnPath = null)
    {
        _versionOf = versionOf ?? QueryVersion;
        _findOnPath = findOnPath ?? ToolLocator.FindOnPath;
    }

    /// <summary>Every candidate looked at, in order, with its version, for the error message when none fits.</summary>
    public List<string> Considered { get; } = new();

    /// <summary>An explicitly named llvm-profdata that does not exist, if any.</summary>
    public string? MissingExplicit { get; private set; }

    /// <summary>An explicitly chosen llvm-profdata whose version does not match, if any.</summary>
    public LlvmProfdata? Mismatched { get; private set; }

    /// <exception cref="RustPgoException">RUSTPGO102: an explicitly named llvm-profdata whose version cannot be read.</exception>
    public LlvmProfdata? Find(string? explicitPath, string? environmentPath, RustcInfo rustc)
    {
        var candidates = LlvmProfdataSearch.Candidates(explicitPath, environmentPath, rustc.Sysroot, rustc.HostTriple, new[] { rustc.LlvmMajor }, _findOnPath);
        foreach (var candidate in candidates)
        {
            var path = candidate.Path;
            if (path == null || !File.Exists(path))
            {
                if (candidate.IsExplicit)
                {
                    MissingExplicit = path;
                    return null;
                }
                continue;
            }
            var version = _versionOf(path);
            Considered.Add($"{path} ({candidate.Source}: {(version == null ? "LLVM version unknown" : "LLVM " + version.Text)})");
            if (version == null)
            {
                if (candidate.IsExplicit)
                    throw new RustPgoException(Codes.ProfdataVersionMismatch,
                        $"{path} (from {candidate.Source}) does not say which LLVM it is of: neither `--version` nor `merge --version` printed \"LLVM version\", so it cannot be checked against rustc's LLVM {rustc.LlvmMajor}. Point {candidate.Source} at an llvm-profdata of LLVM {rustc.LlvmMajor}, or unset it. {InstallHint(rustc.LlvmMajor)}");
                continue;
            }
            var found = new LlvmProfdata(path, version.Major, candidate.Source, version.Text);
            if (version.Major == rustc.LlvmMajor)
                return found;
            if (candidate.IsExplicit)
            {
                Mismatched = found;
                return null;
            }
        }
        return null;
    }

    /// <summary>Asks the llvm-profdata at <paramref name="path"/> for its version (see <see cref="LlvmProfdataSearch.VersionArguments"/>).</summary>
    public static LlvmVersion? QueryVersion(string path)
    {
        foreach (var arguments in LlvmProfdataSearch.VersionArguments)
        {
            var output = new List<string>();
            try
            {
                new ProcessRunner().Run(new ProcessSpec(path, arguments, Directory.GetCurrentDirectory()), output.Add, output.Add);
            }
            catch (ProcessStartException)
            {
                return null;
            }
            if (LlvmProfdataSearch.ParseVersion(string.Join("\n", output)) is { } version)
                return version;
        }
        return null;
    }

    /// <summary>How to get a matching llvm-profdata, for the error message.</summary>
    public static string InstallHint(int llvmMajor) =>
        $"Run `rustup component add llvm-tools` (the llvm-profdata matching your rustc), or install your distribution's LLVM {llvmMajor} (e.g. `apt-get install llvm-{llvmMajor}`, which provides llvm-profdata-{llvmMajor}), or set RustPgoLlvmProfdataPath. With RustPgoProfileMerger=auto (the default) the built-in merger is used when none is found.";
}
