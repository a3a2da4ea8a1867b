using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Platform;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// Follows one cargo build: turns rustc diagnostics into positioned MSBuild errors and warnings and
/// cargo's own warnings into MSBuild warnings, keeps cargo's error lines, and gathers what the build
/// produced (the crate's libraries) and which local packages it compiled.
/// </summary>
internal sealed class CargoSession
{
    private static readonly Regex WarningTally = new(@"^warning: `[^`]+` \([^)]*\) generated \d+ warnings?");
    private static readonly Regex StatusLine = new(@"^\s+(Compiling|Finished|Checking|Fresh|Running|Blocking|Locking|Updating|Downloaded|Downloading|Adding|Building|Dirty|Removed|Waiting)\b");
    private const string NativeStaticLibsNote = "native-static-libs:";

    private readonly CodedLog _coded;
    private readonly TaskLoggingHelper _log;
    private readonly CargoBuildSettings _settings;
    private readonly bool _collectProfileWarnings;
    private readonly List<string> _cargoErrors = new();
    private readonly List<CompilerArtifact> _crateArtifacts = new();
    private readonly SortedSet<string> _localPackageDirectories = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private StringBuilder? _pendingWarning;
    private bool _targetMissing;
    private int _rustcErrors;

    public CargoSession(CodedLog log, CargoBuildSettings settings, bool collectProfileWarnings)
    {
        _coded = log;
        _log = log.Log;
        _settings = settings;
        _collectProfileWarnings = collectProfileWarnings;
    }

    /// <summary>The crate's cdylib artifact, once <see cref="Finish"/> returned true.</summary>
    public CompilerArtifact? Artifact { get; private set; }

    /// <summary>rustc's profile-related warnings, verbatim, when collected rather than logged.</summary>
    public List<string> ProfileWarnings { get; } = new();

    /// <summary>What rustc's `--print=native-static-libs` said the staticlib needs.</summary>
    public List<string> NativeStaticLibs { get; } = new();

    /// <summary>The folders of the user's own packages the build compiled (the crate and its path or workspace dependencies).</summary>
    public IReadOnlyCollection<string> LocalPackageDirectories => _localPackageDirectories;

    /// <summary>Whether cargo compiled any of the crate's own targets anew (false: every artifact was fresh).</summary>
    public bool CompiledTheCrate => _crateArtifacts.Any(a => !a.Fresh);

    public void OnStdout(string line)
    {
        lock (_gate)
        {
            switch (CargoMessageParser.Parse(line))
            {
                case CompilerArtifact artifact:
                    OnArtifact(artifact);
                    break;
                case CompilerDiagnostic diagnostic:
                    Report(diagnostic);
                    break;
            }
        }
    }

    public void OnStderr(string line)
    {
        lock (_gate)
        {
            _log.LogMessage(MessageImportance.Low, line);
            if (line.StartsWith("error", StringComparison.Ordinal) || (_cargoErrors.Count > 0 && !line.StartsWith("warning", StringComparison.Ordinal)))
            {
                FlushWarning();
                _cargoErrors.Add(line);
            }
            else if (line.StartsWith("warning:", StringComparison.Ordinal) && !WarningTally.IsMatch(line))
            {
                FlushWarning();
                _pendingWarning = new StringBuilder(line.Substring("warning:".Length).Trim());
            }
            else if (_pendingWarning != null && IsContinuation(line))
            {
                _pendingWarning.Append(Environment.NewLine).Append(line.TrimEnd());
            }
            else
            {
                FlushWarning();
            }
        }
    }

    /// <summary>Logs the outcome's errors; true when the build succeeded and produced the cdylib.</summary>
    public bool Finish(int exitCode)
    {
        lock (_gate)
            FlushWarning();

        if (_targetMissing)
        {
            _coded.Error(Codes.TargetNotInstalled,
                $"The Rust standard library for target '{_settings.TargetTriple}' is not installed. Run `rustup target add {_settings.TargetTriple}` (a toolchain without rustup, such as a distribution's rustc, has only its host's).",
                _settings.ManifestPath);
            return false;
        }

        if (exitCode != 0)
        {
            if (_rustcErrors > 0)
            {
                _coded.Error(Codes.RustCompileFailed, $"rustc reported {_rustcErrors} error(s) building {_settings.ManifestPath}; see the errors above.", _settings.ManifestPath);
                return false;
            }
            var detail = _cargoErrors.Count > 0 ? string.Join(Environment.NewLine, _cargoErrors) : null;
            var code = detail != null && IsManifestError(detail) ? Codes.NotACargoManifest : Codes.CargoFailed;
            var headline = _cargoErrors.FirstOrDefault() is { } first ? first.Trim() : $"cargo exited with code {exitCode}";
            _coded.Error(code, $"cargo build failed for {_settings.ManifestPath}: {headline}{(_cargoErrors.Count > 1 ? " (cargo's whole message follows)" : "")}",
                _settings.ManifestPath, _cargoErrors.Count > 1 ? detail : null);
            return false;
        }

        Artifact = _crateArtifacts.LastOrDefault(a => a.IsCdylib);
        if (Artifact == null || !Artifact.Filenames.Any(NativeFiles.IsDynamicLibrary))
        {
            var kinds = _crateArtifacts.SelectMany(a => a.CrateTypes).Distinct().ToList();
            _coded.Error(Codes.NoCdylib,
                $"The crate {_settings.ManifestPath} builds no cdylib{(kinds.Count > 0 ? " (its library is " + string.Join(", ", kinds) + ")" : "")}, so there is no native library to load. Write crate-type = [\"cdylib\"] under [lib] in its Cargo.toml.",
                _settings.ManifestPath);
            return false;
        }
        return true;
    }

    private void OnArtifact(CompilerArtifact artifact)
    {
        if (SamePath(artifact.ManifestPath, _settings.ManifestPath) && !artifact.IsBuildScript)
            _crateArtifacts.Add(artifact);
        if (artifact.IsLocal)
            _localPackageDirectories.Add(Path.GetDirectoryName(Path.GetFullPath(artifact.ManifestPath))!);
    }

    private void Report(CompilerDiagnostic diagnostic)
    {
        if (diagnostic.Code == "E0463" && (diagnostic.Message.Contains("`core`") || diagnostic.Message.Contains("`std`")) && _settings.TargetTriple != null)
            _targetMissing = true;

        if (diagnostic.File == null && IsSummaryLine(diagnostic.Message))
            return;

        if (diagnostic.IsNote && diagnostic.Message.StartsWith(NativeStaticLibsNote, StringComparison.Ordinal))
        {
            NativeStaticLibs.Clear();
            NativeStaticLibs.AddRange(diagnostic.Message.Substring(NativeStaticLibsNote.Length).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
            return;
        }
        if (diagnostic.IsNote && diagnostic.Message.StartsWith("link against the following native artifacts", StringComparison.Ordinal))
            return;

        if (_collectProfileWarnings && diagnostic.File == null && diagnostic.IsWarning && diagnostic.Code == null)
        {
            ProfileWarnings.Add(diagnostic.Message);
            return;
        }

        // The headline is the MSBuild diagnostic, at its place; rustc's rendering of it (the labels at the
        // source, the notes, the help and its suggested fix) follows as it is.
        var file = diagnostic.File == null ? _settings.ManifestPath : Resolve(diagnostic.File);
        if (diagnostic.IsError)
        {
            _rustcErrors++;
            _log.LogError("rustc", diagnostic.Code, null, file, diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn, CodedLog.OneLine(diagnostic.Message));
            _coded.Detail(diagnostic.Rendered);
        }
        else if (diagnostic.IsWarning)
        {
            _log.LogWarning("rustc", diagnostic.Code, null, file, diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn, CodedLog.OneLine(diagnostic.Message));
            _coded.Detail(diagnostic.Rendered);
        }
        else
        {
            _log.LogMessage(MessageImportance.Normal, diagnostic.Rendered);
        }
    }

    private void FlushWarning()
    {
        if (_pendingWarning == null)
            return;
        var lines = _pendingWarning.ToString().Split(new[] { Environment.NewLine }, StringSplitOptions.None);
        _log.LogWarning("cargo", null, null, _settings.ManifestPath, 0, 0, 0, 0, lines[0]);
        _coded.Detail(lines.Length > 1 ? string.Join(Environment.NewLine, lines.Skip(1)) : null);
        _pendingWarning = null;
    }

    // "note: …", "help: …" and indented detail belong to the warning above; cargo's status lines do not.
    private static bool IsContinuation(string line) =>
        line.StartsWith("note:", StringComparison.Ordinal) || line.StartsWith("help:", StringComparison.Ordinal)
        || (line.Length > 0 && char.IsWhiteSpace(line[0]) && !StatusLine.IsMatch(line));

    // cargo 1.95 quotes a TOML syntax error at its place (` --> Cargo.toml:1:9`); older ones and
    // semantic errors say "failed to parse manifest".
    private static bool IsManifestError(string detail) =>
        detail.Contains("failed to parse manifest")
        || detail.Contains("failed to load manifest")
        || detail.Contains("is a virtual manifest")
        || Regex.IsMatch(detail, @"-->\s+\S*Cargo\.toml:\d+:\d+");

    // "aborting due to 2 previous errors", "3 warnings emitted": rustc's tallies, not diagnostics.
    private static bool IsSummaryLine(string message) =>
        message.StartsWith("aborting due to", StringComparison.Ordinal)
        || (message.EndsWith("emitted", StringComparison.Ordinal) && message.Contains("warning"));

    /// <summary>
    /// rustc names files relative to the workspace root it ran in, which may be the crate's folder or an
    /// ancestor; the first folder up from the crate where the file exists is the one.
    /// </summary>
    private string Resolve(string file)
    {
        if (Path.IsPathRooted(file))
            return file;
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(_settings.ManifestPath)!); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, file);
            if (File.Exists(candidate))
                return candidate;
        }
        return Path.Combine(Path.GetDirectoryName(_settings.ManifestPath)!, file);
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
