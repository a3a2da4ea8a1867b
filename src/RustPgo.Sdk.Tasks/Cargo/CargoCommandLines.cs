using Microsoft.Build.Framework;
using RustPgo.Sdk.Tasks.Stages;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>What one cargo build of a crate's library is asked to do.</summary>
internal sealed record CargoBuildSettings
{
    public required string ManifestPath { get; init; }

    /// <summary>The cargo profile: `release`, `dev` or one of the crate's custom profiles.</summary>
    public required string CargoProfile { get; init; }

    /// <summary>`--target`; null builds for the host the way a plain `cargo build` does.</summary>
    public string? TargetTriple { get; init; }

    public required string TargetDirectory { get; init; }
    public string Features { get; init; } = "";
    public bool NoDefaultFeatures { get; init; }
    public bool AllFeatures { get; init; }

    /// <summary>The RustCrate's CargoArguments, split.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = Array.Empty<string>();

    /// <summary>`--config` values the PGO builds add for their codegen (fat LTO, one codegen unit; see RustPgoLto).</summary>
    public IReadOnlyList<string> CodegenConfig { get; init; } = Array.Empty<string>();

    /// <summary>Have rustc print the staticlib's native link dependencies (`--print=native-static-libs`).</summary>
    public bool PrintNativeStaticLibs { get; init; }

    /// <summary>The build a stage item (of ResolveRustStage) describes.</summary>
    public static CargoBuildSettings Of(ITaskItem stageCrate) => new()
    {
        ManifestPath = stageCrate.ItemSpec,
        CargoProfile = stageCrate.GetMetadata(StageItem.CargoProfile),
        TargetTriple = stageCrate.GetMetadata(StageItem.TargetTriple) is { Length: > 0 } triple ? triple : null,
        TargetDirectory = stageCrate.GetMetadata(StageItem.TargetDirectory),
        Features = stageCrate.GetMetadata(StageItem.Features),
        NoDefaultFeatures = stageCrate.GetMetadata(StageItem.NoDefaultFeatures) == "true",
        AllFeatures = stageCrate.GetMetadata(StageItem.AllFeatures) == "true",
        ExtraArguments = CargoCommandLines.SplitArguments(stageCrate.GetMetadata(StageItem.CargoArguments)),
        CodegenConfig = stageCrate.GetMetadata(StageItem.PgoCodegenConfig).Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries),
        PrintNativeStaticLibs = stageCrate.GetMetadata(StageItem.NativeStaticLibs) == "true",
    };
}

/// <summary>The command lines the SDK gives cargo.</summary>
internal static class CargoCommandLines
{
    /// <summary>
    /// Builds the library alone: `cargo build --lib`, or `cargo rustc --lib … -- --print=native-static-libs`
    /// when the link dependencies of the staticlib are wanted (the extra rustc arguments reach only the
    /// crate itself and do not change its `-C metadata`, so the profile's names still match).
    /// </summary>
    public static List<string> ForBuild(CargoBuildSettings settings)
    {
        var arguments = new List<string>
        {
            settings.PrintNativeStaticLibs ? "rustc" : "build",
            "--lib",
            "--manifest-path", settings.ManifestPath,
            "--profile", settings.CargoProfile,
            "--target-dir", settings.TargetDirectory,
            "--message-format=json",
            "--color", "never",
        };
        if (!string.IsNullOrWhiteSpace(settings.TargetTriple))
            arguments.AddRange(new[] { "--target", settings.TargetTriple! });
        arguments.AddRange(ForFeatures(settings.Features, settings.NoDefaultFeatures, settings.AllFeatures));
        arguments.AddRange(settings.ExtraArguments);
        arguments.AddRange(ForCodegen(settings));
        if (settings.PrintNativeStaticLibs)
            arguments.AddRange(new[] { "--", "--print=native-static-libs" });
        return arguments;
    }

    /// <summary>The PGO builds' codegen settings, after the user's arguments (the last `--config` of a key wins), for the crate's build and its cargo-side trainings alike.</summary>
    public static IEnumerable<string> ForCodegen(CargoBuildSettings settings) =>
        settings.CodegenConfig.SelectMany(value => new[] { "--config", value });

    /// <summary>The feature selection of a crate, for its build and for cargo-side trainings alike.</summary>
    public static IEnumerable<string> ForFeatures(string features, bool noDefaultFeatures, bool allFeatures)
    {
        if (allFeatures)
            yield return "--all-features";
        if (noDefaultFeatures)
            yield return "--no-default-features";
        var normalized = NormalizeFeatures(features);
        if (normalized.Length > 0)
        {
            yield return "--features";
            yield return normalized;
        }
    }

    /// <summary>Features as MSBuild users write them (`a;b`, `a,b` or `a b`) in cargo's comma form.</summary>
    public static string NormalizeFeatures(string features) =>
        string.Join(",", features.Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The values of `--config` options among <paramref name="arguments"/> (`--config X` or `--config=X`):
    /// each a `key=value` TOML fragment or the path of a TOML file.
    /// </summary>
    public static IEnumerable<string> ConfigValues(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "--config" && i + 1 < arguments.Count)
                yield return arguments[++i];
            else if (arguments[i].StartsWith("--config=", StringComparison.Ordinal))
                yield return arguments[i].Substring("--config=".Length);
        }
    }

    /// <summary>Splits arguments written in one MSBuild string the way a POSIX shell would (quotes group).</summary>
    public static List<string> SplitArguments(string text)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote != null)
            {
                if (c == quote)
                    quote = null;
                else
                    current.Append(c);
                continue;
            }
            if (c == '"' || c == '\'')
            {
                quote = c;
                inWord = true;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    result.Add(current.ToString());
                current.Clear();
                inWord = false;
                continue;
            }
            current.Append(c);
            inWord = true;
        }
        if (inWord)
            result.Add(current.ToString());
        return result;
    }
}
