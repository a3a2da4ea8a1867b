namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// What a build script told cargo to watch, from the `output` file cargo keeps beside its OUT_DIR:
/// `cargo:rerun-if-changed=PATH` and `cargo:rerun-if-env-changed=VAR` (or `cargo::…`).
/// </summary>
internal sealed class BuildScriptOutput
{
    public List<string> RerunIfChanged { get; } = new();
    public List<string> RerunIfEnvChanged { get; } = new();

    /// <summary>A script that gives no rerun-if directive is rerun by cargo when any file of its package changes.</summary>
    public bool WatchesWholePackage => RerunIfChanged.Count == 0 && RerunIfEnvChanged.Count == 0;

    /// <param name="outDir">The build-script-executed message's out_dir.</param>
    /// <param name="packageDirectory">Relative rerun-if-changed paths are relative to it.</param>
    public static BuildScriptOutput Read(string outDir, string packageDirectory)
    {
        var result = new BuildScriptOutput();
        var outputFile = Path.Combine(Path.GetDirectoryName(outDir.TrimEnd('/', '\\'))!, "output");
        if (!File.Exists(outputFile))
            return result;
        foreach (var line in File.ReadAllLines(outputFile))
        {
            if (Directive(line, "rerun-if-changed") is { Length: > 0 } path)
                result.RerunIfChanged.Add(Path.GetFullPath(Path.Combine(packageDirectory, path)));
            else if (Directive(line, "rerun-if-env-changed") is { Length: > 0 } variable)
                result.RerunIfEnvChanged.Add(variable.Trim());
        }
        return result;
    }

    private static string? Directive(string line, string name)
    {
        foreach (var prefix in new[] { "cargo::", "cargo:" })
        {
            if (line.StartsWith(prefix + name + "=", StringComparison.Ordinal))
                return line.Substring(prefix.Length + name.Length + 1);
        }
        return null;
    }
}
