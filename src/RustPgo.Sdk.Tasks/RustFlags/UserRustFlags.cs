using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tasks.Diagnostics;
using TomlTable = System.Collections.Generic.Dictionary<string, object>;

namespace RustPgo.Sdk.Tasks.RustFlags;

/// <summary>
/// The rustflags cargo would give rustc for a target if we set none, from the first source that has
/// any, as cargo picks them: CARGO_ENCODED_RUSTFLAGS, RUSTFLAGS, then the `target.&lt;triple&gt;` and
/// matching `target.'cfg(…)'` rustflags of the config files, CARGO_TARGET_&lt;TRIPLE&gt;_RUSTFLAGS and
/// `--config` arguments, then `build.rustflags` of the same three sources (CARGO_BUILD_RUSTFLAGS for the
/// environment). Arrays join like cargo joins them: lower precedence first (CARGO_HOME, the farthest
/// folder, …, the nearest folder, the environment, `--config` in order). The PGO builds append their
/// flags to these and pass the lot in CARGO_ENCODED_RUSTFLAGS, so no user flag is lost.
/// </summary>
internal sealed class UserRustFlags
{
    private readonly Func<string, string?> _environment;
    private readonly Func<IReadOnlyCollection<string>> _rustcCfg;

    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="rustcCfg">`rustc --print cfg --target T`, asked only when a config has cfg tables.</param>
    public UserRustFlags(Func<string, string?> environment, Func<IReadOnlyCollection<string>> rustcCfg)
    {
        _environment = environment;
        _rustcCfg = rustcCfg;
    }

    /// <param name="workingDirectory">Where cargo runs: its config files are searched from here up.</param>
    /// <param name="configArguments">The values of the `--config` arguments given to cargo, in order.</param>
    public IReadOnlyList<string> Resolve(string workingDirectory, string triple, IReadOnlyList<string>? configArguments = null)
    {
        var encoded = _environment("CARGO_ENCODED_RUSTFLAGS");
        if (encoded != null)
            return encoded.Length == 0 ? Array.Empty<string>() : encoded.Split('\u001f');

        var plain = _environment("RUSTFLAGS");
        if (plain != null)
            return SplitSpaces(plain);

        var configs = ConfigFiles(workingDirectory).Select(LoadFile).Reverse().ToList();
        var commandLineConfigs = (configArguments ?? Array.Empty<string>()).Select(value => LoadArgument(value, workingDirectory)).ToList();

        var targetFlags = new List<string>();
        foreach (var config in configs)
            targetFlags.AddRange(TargetFlags(config, triple));
        var targetEnv = _environment(TargetRustFlagsVariable(triple));
        if (targetEnv != null)
            targetFlags.AddRange(SplitSpaces(targetEnv));
        foreach (var config in commandLineConfigs)
            targetFlags.AddRange(TargetFlags(config, triple));
        if (targetFlags.Count > 0)
            return targetFlags;

        var buildFlags = configs.SelectMany(BuildFlags).ToList();
        var buildEnv = _environment("CARGO_BUILD_RUSTFLAGS");
        if (buildEnv != null)
            buildFlags.AddRange(SplitSpaces(buildEnv));
        buildFlags.AddRange(commandLineConfigs.SelectMany(BuildFlags));
        return buildFlags;
    }

    /// <summary>The environment variable of `target.&lt;triple&gt;.rustflags`.</summary>
    public static string TargetRustFlagsVariable(string triple) =>
        "CARGO_TARGET_" + triple.ToUpperInvariant().Replace('-', '_').Replace('.', '_') + "_RUSTFLAGS";

    private static IEnumerable<string> BuildFlags(TomlTable config) =>
        Table(config, "build") is { } build && build.TryGetValue("rustflags", out var flags) ? Flags(flags) : Enumerable.Empty<string>();

    /// <summary>`target.&lt;triple&gt;.rustflags` and those of matching `target.'cfg(…)'` tables of one config.</summary>
    private IEnumerable<string> TargetFlags(TomlTable config, string triple)
    {
        if (Table(config, "target") is not { } targets)
            yield break;
        foreach (var pair in targets)
        {
            if (pair.Value is not TomlTable table || !table.TryGetValue("rustflags", out var flags))
                continue;
            if (pair.Key == triple || (CfgExpression.IsCfg(pair.Key) && Matches(pair.Key)))
            {
                foreach (var flag in Flags(flags))
                    yield return flag;
            }
        }
    }

    private bool Matches(string cfgKey)
    {
        try
        {
            return CfgExpression.Matches(cfgKey, _rustcCfg());
        }
        catch (FormatException e)
        {
            throw new RustPgoException(Codes.InvalidCargoConfig, $"The cargo config table [target.'{cfgKey}'] has an expression cargo would reject: {e.Message}");
        }
    }

    /// <summary>Config files in cargo's precedence order: the working directory's first, CARGO_HOME's last.</summary>
    internal IEnumerable<string> ConfigFiles(string workingDirectory)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var folders = new List<string>();
        for (var dir = new DirectoryInfo(workingDirectory); dir != null; dir = dir.Parent)
            folders.Add(Path.Combine(dir.FullName, ".cargo"));
        var cargoHome = _environment("CARGO_HOME")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cargo");
        folders.Add(cargoHome);

        foreach (var folder in folders)
        {
            // cargo prefers `config.toml` and reads the legacy `config` only when it is absent.
            var file = new[] { "config.toml", "config" }.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
            if (file != null && seen.Add(Path.GetFullPath(file)))
                yield return file;
        }
    }

    private static TomlTable LoadFile(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>A `--config` value: a `key=value` TOML fragment, or else the path of a TOML file.</summary>
    private static TomlTable LoadArgument(string value, string workingDirectory)
    {
        var path = Path.Combine(workingDirectory, value);
        if (value.EndsWith(".toml", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
            return LoadFile(path);
        if (!value.Contains("="))
            throw new RustPgoException(Codes.InvalidCargoConfig, $"The cargo argument --config {value} is neither key=value nor an existing TOML file ({path}).");
        return Parse(value, "--config " + value);
    }

    private static TomlTable Parse(string toml, string source)
    {
        try
        {
            return Toml.Parse(toml);
        }
        catch (TomlException e)
        {
            throw new RustPgoException(Codes.InvalidCargoConfig, $"{source} is not valid TOML, so the crate's rustflags cannot be read: {e.Message}", File.Exists(source) ? source : null);
        }
    }

    private static TomlTable? Table(TomlTable parent, string key) =>
        parent.TryGetValue(key, out var value) ? value as TomlTable : null;

    private static IEnumerable<string> Flags(object value) => value switch
    {
        string text => SplitSpaces(text),
        List<object> array => array.OfType<string>(),
        _ => Enumerable.Empty<string>(),
    };

    private static string[] SplitSpaces(string text) =>
        text.Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries);
}
