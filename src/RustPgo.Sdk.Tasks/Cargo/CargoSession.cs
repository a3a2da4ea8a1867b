using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Utilities;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// Follows one `cargo build`: turns rustc diagnostics into positioned MSBuild errors and warnings,
/// keeps cargo's own error lines, and picks out the crate's cdylib artifact.
/// </summary>
internal sealed class CargoSession
{
    private readonly TaskLoggingHelper _log;
    private readonly CargoBuildSettings _settings;
    private readonly bool _collectProfileDiagnostics;
    private readonly List<string> _cargoErrors = new();
    private readonly List<CompilerArtifact> _crateArtifacts = new();
    private readonly object _gate = new();
    private bool _targetMissing;
    private int _rustcErrors;

    public CargoSession(TaskLoggingHelper log, CargoBuildSettings settings, bool collectProfileDiagnostics)
    {
        _log = log;
        _settings = settings;
        _collectProfileDiagnostics = collectProfileDiagnostics;
    }

    /// <summary>The crate's cdylib, once <see cref="Finish"/> returned true.</summary>
    public CompilerArtifact? Artifact { get; private set; }

    /// <summary>rustc's profile-related warnings, verbatim, when collected rather than logged.</summary>
    public List<string> ProfileDiagnostics { get; } = new();

    public void OnStdout(string line)
    {
        lock (_gate)
        {
            switch (CargoMessageParser.Parse(line))
            {
                case CompilerArtifact artifact when SamePath(artifact.ManifestPath, _settings.ManifestPath):
                    _crateArtifacts.Add(artifact);
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
            _log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, line);
            if (line.StartsWith("error", StringComparison.Ordinal) || (_cargoErrors.Count > 0 && !line.StartsWith("warning", StringComparison.Ordinal)))
                _cargoErrors.Add(line);
        }
    }

    /// <summary>Logs the outcome's errors; true when the build succeeded and produced the cdylib.</summary>
    public bool Finish(int exitCode)
    {
        if (_targetMissing)
        {
            _log.Error(Codes.TargetNotInstalled,
                $"The Rust standard library for target '{_settings.TargetTriple}' is not installed. Run `rustup target add {_settings.TargetTriple}`.",
                _settings.ManifestPath);
            return false;
        }

        if (exitCode != 0)
        {
            if (_rustcErrors > 0)
            {
                _log.Error(Codes.RustCompileFailed, $"rustc reported {_rustcErrors} error(s) building {_settings.ManifestPath}; see the errors above.", _settings.ManifestPath);
                return false;
            }
            var detail = _cargoErrors.Count > 0 ? string.Join(Environment.NewLine, _cargoErrors) : $"cargo exited with code {exitCode}.";
            var code = IsManifestError(detail) ? Codes.NotACargoManifest : Codes.CargoFailed;
            _log.Error(code, $"cargo build failed for {_settings.ManifestPath}: {detail}", _settings.ManifestPath);
            return false;
        }

        Artifact = _crateArtifacts.LastOrDefault(a => a.IsCdylib);
        if (Artifact == null || !Artifact.Filenames.Any(CargoBuild.IsNativeLibraryFile))
        {
            var kinds = _crateArtifacts.SelectMany(a => a.CrateTypes).Distinct().ToList();
            _log.Error(Codes.NoCdylib,
                $"The crate {_settings.ManifestPath} builds no cdylib{(kinds.Count > 0 ? " (its library is " + string.Join(", ", kinds) + ")" : "")}, so there is no native library to load. Add to its Cargo.toml:{Environment.NewLine}[lib]{Environment.NewLine}crate-type = [\"cdylib\"]",
                _settings.ManifestPath);
            return false;
        }
        return true;
    }

    private void Report(CompilerDiagnostic diagnostic)
    {
        if (diagnostic.Code == "E0463" && (diagnostic.Message.Contains("`core`") || diagnostic.Message.Contains("`std`")) && _settings.TargetTriple != null)
            _targetMissing = true;

        if (diagnostic.File == null && IsSummaryLine(diagnostic.Message))
            return;

        if (_collectProfileDiagnostics && diagnostic.File == null && diagnostic.IsWarning && diagnostic.Code == null)
        {
            ProfileDiagnostics.Add(diagnostic.Message);
            return;
        }

        var file = diagnostic.File == null ? _settings.ManifestPath : Resolve(diagnostic.File);
        var code = diagnostic.Code;
        if (diagnostic.IsError)
        {
            _rustcErrors++;
            _log.LogError("rustc", code, null, file, diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn, diagnostic.Message);
        }
        else if (diagnostic.IsWarning)
        {
            _log.LogWarning("rustc", code, null, file, diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn, diagnostic.Message);
        }
        else
        {
            _log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, diagnostic.Rendered);
        }
    }

    // cargo 1.95 quotes a TOML syntax error at its place (` --> Cargo.toml:1:9`); older ones and
    // semantic errors say "failed to parse manifest".
    private static bool IsManifestError(string detail) =>
        detail.Contains("failed to parse manifest")
        || detail.Contains("failed to load manifest")
        || System.Text.RegularExpressions.Regex.IsMatch(detail, @"-->\s+\S*Cargo\.toml:\d+:\d+");

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
