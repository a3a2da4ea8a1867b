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

        var cargoConfig = CargoConfig.Load(workingDirectory, configArguments, _environment);
        // Arrays join lower precedence first: CARGO_HOME's file, the farthest folder, …, the nearest.
        var configs = cargoConfig.Files.Reverse().ToList();
        var commandLineConfigs = cargoConfig.CommandLine;

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
        CargoConfig.Table(config, "build") is { } build && build.TryGetValue("rustflags", out var flags) ? Flags(flags) : Enumerable.Empty<string>();

    /// <summary>`target.&lt;triple&gt;.rustflags` and those of matching `target.'cfg(…)'` tables of one config.</summary>
    private IEnumerable<string> TargetFlags(TomlTable config, string triple)
    {
        if (CargoConfig.Table(config, "target") is not { } targets)
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

    private static IEnumerable<string> Flags(object value) => value switch
    {
        string text => SplitSpaces(text),
        List<object> array => array.OfType<string>(),
        _ => Enumerable.Empty<string>(),
    };

    private static string[] SplitSpaces(string text) =>
        text.Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries);
}
