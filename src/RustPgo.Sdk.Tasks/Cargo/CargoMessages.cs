namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>One line of `cargo build --message-format=json` that this SDK acts on.</summary>
internal abstract record CargoMessage;

/// <summary>A compiled target and the files cargo wrote for it.</summary>
internal sealed record CompilerArtifact(
    string PackageId,
    string ManifestPath,
    string TargetName,
    IReadOnlyList<string> Kinds,
    IReadOnlyList<string> CrateTypes,
    string SourcePath,
    IReadOnlyList<string> Filenames,
    bool Fresh) : CargoMessage
{
    public bool IsCdylib => CrateTypes.Contains("cdylib");
    public bool IsBuildScript => Kinds.Contains("custom-build");
    public bool IsLocal => PackageIds.IsLocal(PackageId);
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
    public bool IsError => Level.StartsWith("error", StringComparison.Ordinal);
    public bool IsWarning => Level == "warning";
    public bool IsNote => Level == "note";
}

internal sealed record BuildFinished(bool Success) : CargoMessage;

/// <summary>cargo's package ids: `path+file:///dir#name@1.0` (or `#1.0` when the folder is the name); before cargo 1.77, `name 1.0 (path+file:///dir)`.</summary>
internal static class PackageIds
{
    /// <summary>A package of the user's own folders (a path or workspace dependency), not of a registry or git.</summary>
    public static bool IsLocal(string packageId) => packageId.Contains("path+file://");
}
