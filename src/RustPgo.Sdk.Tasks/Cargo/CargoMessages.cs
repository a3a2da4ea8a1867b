using System.Collections.Generic;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>One line of `cargo build --message-format=json` that this SDK acts on.</summary>
internal abstract record CargoMessage;

/// <summary>A compiled target and the files cargo wrote for it.</summary>
internal sealed record CompilerArtifact(
    string ManifestPath,
    string TargetName,
    IReadOnlyList<string> CrateTypes,
    IReadOnlyList<string> Filenames,
    bool Fresh) : CargoMessage
{
    public bool IsCdylib => CrateTypes.Contains("cdylib");
}

/// <summary>A rustc diagnostic, positioned at its primary span when it has one.</summary>
internal sealed record CompilerDiagnostic(
    string Level,
    string? Code,
    string Message,
    string? File,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string Rendered,
    string ManifestPath) : CargoMessage
{
    public bool IsError => Level.StartsWith("error");
    public bool IsWarning => Level == "warning";
}

internal sealed record BuildFinished(bool Success) : CargoMessage;

internal static class ReadOnlyListExtensions
{
    public static bool Contains(this IReadOnlyList<string> list, string value)
    {
        foreach (var item in list)
            if (item == value)
                return true;
        return false;
    }
}
