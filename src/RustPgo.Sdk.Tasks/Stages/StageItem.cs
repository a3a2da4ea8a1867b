namespace RustPgo.Sdk.Tasks.Stages;

/// <summary>
/// The metadata of a stage item: one item per crate and stage (ItemSpec: the crate's Cargo.toml), carrying
/// everything that stage's cargo build needs. ResolveRustStage writes them; the targets and tasks read them
/// by these names.
/// </summary>
internal static class StageItem
{
    public const string Stage = "Stage";
    public const string CrateDirectory = "CrateDirectory";
    public const string CrateKey = "CrateKey";
    public const string StateDirectory = "StateDirectory";
    public const string BuildRecord = "BuildRecord";
    public const string Inputs = "Inputs";
    public const string CargoPath = "CargoPath";
    public const string CargoProfile = "CargoProfile";
    public const string TargetTriple = "TargetTriple";
    public const string TargetDirectory = "TargetDirectory";
    public const string Features = "Features";
    public const string NoDefaultFeatures = "NoDefaultFeatures";
    public const string AllFeatures = "AllFeatures";
    public const string CargoArguments = "CargoArguments";
    public const string ProfileGenerateDirectory = "ProfileGenerateDirectory";
    public const string ProfileUse = "ProfileUse";
    public const string NativeStaticLibs = "NativeStaticLibs";
    public const string NativeRuntimeIdentifier = "NativeRuntimeIdentifier";

    /// <summary>
    /// A list of paths as one metadata value that MSBuild's Inputs attribute splits back into the paths:
    /// each escaped (a `;` or `%` in a path must not split or decode it), joined by `;`.
    /// </summary>
    public static string JoinPaths(IEnumerable<string> paths) => string.Join(";", paths.Select(Escape));

    /// <summary>MSBuild's escaping of the characters it gives meaning to in item specs and metadata.</summary>
    public static string Escape(string text)
    {
        if (text.IndexOfAny(Special) < 0)
            return text;
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (System.Array.IndexOf(Special, c) >= 0)
                escaped.Append('%').Append(((int)c).ToString("x2"));
            else
                escaped.Append(c);
        }
        return escaped.ToString();
    }

    private static readonly char[] Special = { '%', '*', '?', '@', '$', '(', ')', ';', '\'' };
}
