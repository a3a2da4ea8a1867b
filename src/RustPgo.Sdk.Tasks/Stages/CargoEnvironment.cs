using System.Collections;

namespace RustPgo.Sdk.Tasks.Stages;

/// <summary>The environment variables through which cargo and rustc change what a build produces.</summary>
internal static class CargoEnvironment
{
    private static readonly string[] Names = { "RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "RUSTC", "RUSTUP_TOOLCHAIN", "RUSTC_BOOTSTRAP", "CARGO_HOME", "CARGO_INCREMENTAL" };

    // build.rustflags, target.<triple>.rustflags, [profile.*] and unstable flags, as environment overrides.
    private static readonly string[] Prefixes = { "CARGO_BUILD_", "CARGO_TARGET_", "CARGO_PROFILE_", "CARGO_UNSTABLE_" };

    /// <summary>The relevant variables that are set, sorted by name.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Relevant() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, e.Value as string ?? ""))
            .Where(e => IsRelevant(e.Key))
            .OrderBy(e => e.Key, StringComparer.Ordinal);

    public static bool IsRelevant(string name) =>
        Array.IndexOf(Names, name) >= 0 || Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
}
