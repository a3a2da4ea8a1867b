using RustPgo.Sdk.Tasks.Cargo;
using TomlTable = System.Collections.Generic.Dictionary<string, object>;

namespace RustPgo.Sdk.Tasks.RustFlags;

/// <summary>
/// The rustflags cargo would give rustc for a target if we set none, from the first source that has
/// any, as cargo picks them: CARGO_ENCODED_RUSTFLAGS, RUSTFLAGS, then the target tier —
/// `target.&lt;triple&gt;.rustflags` of the config files, CARGO_TARGET_&lt;TRIPLE&gt;_RUSTFLAGS and `--config`
/// arguments, followed by the rustflags of each matching `target.'cfg(…)'` table in the order of its key —
/// then `build.rustflags` of the same three sources (CARGO_BUILD_RUSTFLAGS for the environment). One key's
/// arrays join like cargo joins them: lower precedence first (CARGO_HOME, the farthest folder, …, the
/// nearest folder, the environment, `--config` in order). A cfg table applies when rustc's cfg for the target,
/// given the flags found without the cfg tables, matches it (cargo asks rustc once more when the tables changed
/// the flags); one cargo cannot parse never applies. RUSTFLAGS splits at spaces; the string form of a config
/// value (and its environment variable) at any whitespace. The PGO builds append their flags to
/// these and pass the lot in CARGO_ENCODED_RUSTFLAGS, so no user flag is lost. UserRustFlagsDifferentialTests
/// checks all of this against cargo itself.
/// </summary>
internal sealed class UserRustFlags
{
    private readonly Func<string, string?> _environment;
    private readonly Func<IReadOnlyList<string>, IReadOnlyCollection<string>> _rustcCfg;

    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="rustcCfg">`rustc --print cfg --target T`, asked only when a config has cfg tables.</param>
    public UserRustFlags(Func<string, string?> environment, Func<IReadOnlyCollection<string>> rustcCfg)
        : this(environment, _ => rustcCfg())
    {
    }

    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="rustcCfg">
    /// `rustc --print cfg --target T` with the given rustflags, asked only when a config has cfg tables. cargo
    /// asks rustc with the flags it has without the cfg tables, then once more if the tables changed them.
    /// </param>
    public UserRustFlags(Func<string, string?> environment, Func<IReadOnlyList<string>, IReadOnlyCollection<string>> rustcCfg)
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

        // cargo splits RUSTFLAGS at spaces only (a tab or line feed stays inside an argument).
        var plain = _environment("RUSTFLAGS");
        if (plain != null)
            return plain.Split(' ').Select(flag => flag.Trim()).Where(flag => flag.Length > 0).ToList();

        var cargoConfig = CargoConfig.Load(workingDirectory, configArguments, _environment);
        // Arrays join lower precedence first: CARGO_HOME's file, the farthest folder, …, the nearest, then --config.
        var sources = new Sources(cargoConfig.Files.Reverse().ToList(), cargoConfig.CommandLine);
        var flags = FromConfig(sources, triple, null);
        if (!sources.All.Any(config => CfgKeys(config).Any()))
            return flags;
        // As cargo's TargetInfo: the cfg of rustc given the flags so far picks the cfg tables; at most twice.
        for (var turn = 0; ; turn++)
        {
            var next = FromConfig(sources, triple, CargoCfg(_rustcCfg(flags)));
            if (next.SequenceEqual(flags) || turn == 1)
                return next;
            flags = next;
        }
    }

    private sealed record Sources(IReadOnlyList<TomlTable> Files, IReadOnlyList<TomlTable> CommandLine)
    {
        public IEnumerable<TomlTable> All => Files.Concat(CommandLine);
    }

    /// <summary>The target tier (with the cfg tables matching <paramref name="cfg"/>, none when null), else the build tier.</summary>
    private List<string> FromConfig(Sources sources, string triple, IReadOnlyCollection<string>? cfg)
    {
        var targetFlags = new List<string>();
        foreach (var config in sources.Files)
            targetFlags.AddRange(TargetFlags(config, triple));
        var targetEnv = _environment(TargetRustFlagsVariable(triple));
        if (targetEnv != null)
            targetFlags.AddRange(SplitWhitespace(targetEnv));
        foreach (var config in sources.CommandLine)
            targetFlags.AddRange(TargetFlags(config, triple));
        // Then each matching cfg table, by its key in ordinal order (cargo reads them into a BTreeMap), joined across the sources.
        if (cfg != null)
        {
            foreach (var key in sources.All.SelectMany(CfgKeys).Distinct(StringComparer.Ordinal).OrderBy(key => key, StringComparer.Ordinal))
            {
                if (Matches(key, cfg))
                {
                    foreach (var config in sources.All)
                        targetFlags.AddRange(TargetFlags(config, key));
                }
            }
        }
        if (targetFlags.Count > 0)
            return targetFlags;

        var buildFlags = sources.Files.SelectMany(BuildFlags).ToList();
        var buildEnv = _environment("CARGO_BUILD_RUSTFLAGS");
        if (buildEnv != null)
            buildFlags.AddRange(SplitWhitespace(buildEnv));
        buildFlags.AddRange(sources.CommandLine.SelectMany(BuildFlags));
        return buildFlags;
    }

    /// <summary>rustc's cfg as cargo matches tables against it: without `proc_macro`, which cargo leaves out.</summary>
    private static IReadOnlyCollection<string> CargoCfg(IReadOnlyCollection<string> rustcCfg) =>
        rustcCfg.Where(line => line.Trim() != "proc_macro").ToList();

    /// <summary>The environment variable of `target.&lt;triple&gt;.rustflags`.</summary>
    public static string TargetRustFlagsVariable(string triple) =>
        "CARGO_TARGET_" + triple.ToUpperInvariant().Replace('-', '_').Replace('.', '_') + "_RUSTFLAGS";

    private static IEnumerable<string> BuildFlags(TomlTable config) =>
        CargoConfig.Table(config, "build") is { } build && build.TryGetValue("rustflags", out var flags) ? Flags(flags) : Enumerable.Empty<string>();

    /// <summary>`target.&lt;key&gt;.rustflags` of one config (the key a triple or a `cfg(…)`).</summary>
    private static IEnumerable<string> TargetFlags(TomlTable config, string key) =>
        CargoConfig.Table(config, "target") is { } targets && targets.TryGetValue(key, out var value) && value is TomlTable table && table.TryGetValue("rustflags", out var flags)
            ? Flags(flags)
            : Enumerable.Empty<string>();

    /// <summary>The `target.'cfg(…)'` keys of one config that set rustflags.</summary>
    private static IEnumerable<string> CfgKeys(TomlTable config) =>
        CargoConfig.Table(config, "target") is { } targets
            ? targets.Where(pair => CfgExpression.IsCfg(pair.Key) && pair.Value is TomlTable table && table.ContainsKey("rustflags")).Select(pair => pair.Key)
            : Enumerable.Empty<string>();

    /// <summary>Whether a cfg table applies; one whose expression cargo cannot parse never does (cargo ignores it silently).</summary>
    private static bool Matches(string cfgKey, IReadOnlyCollection<string> cfg)
    {
        try
        {
            return CfgExpression.Matches(cfgKey, cfg);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IEnumerable<string> Flags(object value) => value switch
    {
        string text => SplitWhitespace(text),
        List<object> array => array.OfType<string>(),
        _ => Enumerable.Empty<string>(),
    };

    /// <summary>Rust's `split_whitespace`, as cargo splits a string list: at any Unicode whitespace.</summary>
    private static IEnumerable<string> SplitWhitespace(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                word.Append(c);
                continue;
            }
            if (word.Length > 0)
                yield return word.ToString();
            word.Clear();
        }
        if (word.Length > 0)
            yield return word.ToString();
    }
}
