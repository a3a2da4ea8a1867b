using System.Globalization;
using TomlTable = System.Collections.Generic.Dictionary<string, object>;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// What a crate's cargo profile says about the settings PGO depends on, resolved as cargo resolves them:
/// for each key, a `--config` argument (the last), then `CARGO_PROFILE_&lt;NAME&gt;_&lt;KEY&gt;`, then the cargo
/// config files (the nearest folder's first), then the workspace root's Cargo.toml; then the same for the
/// profile it `inherits` from (a custom profile; `test` and `bench` inherit `dev` and `release`); then
/// cargo's defaults. A copy of cargo's rules: a differential test checks it against `cargo build -v`.
/// </summary>
internal sealed record CargoProfile(string Name, string? Lto, string? CodegenUnits, string OptLevel)
{
    /// <summary>Whether the profile (or one it inherits from) sets `lto` or `codegen-units` at all, even to its default.</summary>
    public bool SetsLtoOrCodegenUnits => Lto != null || CodegenUnits != null;

    public static CargoProfile Resolve(string manifestPath, string profileName, CargoConfig config, Func<string, string?> environment)
    {
        var sources = new Sources(WorkspaceRoot(manifestPath), config, environment);
        string? Lookup(string key) => sources.Value(profileName, key, new HashSet<string>(StringComparer.Ordinal));
        var optLevel = Lookup("opt-level") ?? (IsReleaseLike(profileName, sources) ? "3" : "0");
        return new CargoProfile(profileName, Lookup("lto"), Lookup("codegen-units"), optLevel);
    }

    /// <summary>Whether the profile is `release` or inherits from it (cargo's default opt-level 3), else from `dev` (0).</summary>
    private static bool IsReleaseLike(string profile, Sources sources)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var name = profile; seen.Add(name);)
        {
            if (name is "release" or "bench")
                return true;
            if (name is "dev" or "test")
                return false;
            if (sources.Own(name, "inherits") is not { } parent)
                return false;
            name = parent;
        }
        return false;
    }

    private sealed class Sources
    {
        private readonly TomlTable? _manifest;
        private readonly CargoConfig _config;
        private readonly Func<string, string?> _environment;

        public Sources(TomlTable? manifest, CargoConfig config, Func<string, string?> environment)
        {
            _manifest = manifest;
            _config = config;
            _environment = environment;
        }

        /// <summary>The key's value in the profile or the ones it inherits from; null when only cargo's default applies.</summary>
        public string? Value(string profile, string key, HashSet<string> seen)
        {
            if (!seen.Add(profile))
                return null;
            if (Own(profile, key) is { } value)
                return value;
            var parent = Own(profile, "inherits") ?? profile switch
            {
                "test" => "dev",
                "bench" => "release",
                _ => null,
            };
            return parent == null ? null : Value(parent, key, seen);
        }

        /// <summary>The key as this profile itself sets it, by cargo's precedence.</summary>
        public string? Own(string profile, string key)
        {
            foreach (var table in _config.CommandLine.Reverse())
            {
                if (Get(table, profile, key) is { } fromArgument)
                    return fromArgument;
            }
            var variable = "CARGO_PROFILE_" + Upper(profile) + "_" + Upper(key);
            if (_environment(variable) is { } fromEnvironment)
                return fromEnvironment;
            foreach (var table in _config.Files)
            {
                if (Get(table, profile, key) is { } fromFile)
                    return fromFile;
            }
            return _manifest == null ? null : Get(_manifest, profile, key);
        }

        private static string Upper(string name) => name.ToUpperInvariant().Replace('-', '_');

        private static string? Get(TomlTable root, string profile, string key) =>
            CargoConfig.Table(root, "profile") is { } profiles && CargoConfig.Table(profiles, profile) is { } table && table.TryGetValue(key, out var value)
                ? value switch
                {
                    bool flag => flag ? "true" : "false",
                    long number => number.ToString(CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                }
                : null;
    }

    /// <summary>
    /// The manifest whose [profile] tables cargo reads: the workspace root's (`package.workspace`, else
    /// the crate itself when it has a [workspace], else the nearest folder above with a [workspace] that
    /// does not exclude it). Null when it cannot be read (cargo says why when it runs).
    /// </summary>
    private static TomlTable? WorkspaceRoot(string manifestPath)
    {
        var manifest = TryParse(manifestPath);
        if (manifest == null)
            return null;
        var crateDirectory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        if (CargoConfig.Table(manifest, "package") is { } package && package.TryGetValue("workspace", out var explicitRoot) && explicitRoot is string rootPath)
            return TryParse(Path.Combine(crateDirectory, rootPath, "Cargo.toml"));
        if (manifest.ContainsKey("workspace"))
            return manifest;
        for (var dir = Directory.GetParent(crateDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Cargo.toml");
            if (!File.Exists(candidate) || TryParse(candidate) is not { } root || CargoConfig.Table(root, "workspace") is not { } workspace)
                continue;
            var excluded = workspace.TryGetValue("exclude", out var exclude) && exclude is List<object> list
                && list.OfType<string>().Any(e => SamePath(Path.Combine(dir.FullName, e), crateDirectory));
            return excluded ? manifest : root;
        }
        return manifest;
    }

    private static TomlTable? TryParse(string path)
    {
        try
        {
            return File.Exists(path) ? Toml.Parse(File.ReadAllText(path)) : null;
        }
        catch (TomlException)
        {
            return null;
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd('/', '\\'), Path.GetFullPath(b).TrimEnd('/', '\\'),
            Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
