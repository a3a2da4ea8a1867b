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
    public const string CargoPath = "CargoPath";
    public const string CargoProfile = "CargoProfile";
    /// <summary>The `--target` cargo gets; empty for a plain build that leaves the target to cargo.</summary>
    public const string TargetTriple = "TargetTriple";

    /// <summary>The triple cargo builds for, with or without `--target`: it names the files and the link.</summary>
    public const string Triple = "Triple";
    public const string TargetDirectory = "TargetDirectory";
    public const string Features = "Features";
    public const string NoDefaultFeatures = "NoDefaultFeatures";
    public const string AllFeatures = "AllFeatures";
    public const string CargoArguments = "CargoArguments";
    public const string ProfileGenerateDirectory = "ProfileGenerateDirectory";
    /// <summary>pgo-optimize: the .profdata to optimize with (the merged one, or the checked-in one).</summary>
    public const string Profdata = "Profdata";
    public const string ProfdataIsCheckedIn = "ProfdataIsCheckedIn";
    public const string NativeStaticLibs = "NativeStaticLibs";

    /// <summary>PGO stages: `--config` values for the codegen RustPgoLto chose (`;`-separated; empty: the profile's own).</summary>
    public const string PgoCodegenConfig = "PgoCodegenConfig";

    /// <summary>PGO stages: what codegen the builds use and why, for the summary and the report.</summary>
    public const string PgoCodegen = "PgoCodegen";

    /// <summary>PGO stages: the cargo profile's opt-level (`0` builds nothing PGO could guide).</summary>
    public const string OptLevel = "OptLevel";
    public const string NativeRuntimeIdentifier = "NativeRuntimeIdentifier";

    /// <summary>Where the shipped copies of the crate's libraries live, one folder per configuration and RID.</summary>
    public const string ShipDirectory = "ShipDirectory";

    /// <summary>The cdylib's file name, known from Cargo.toml before cargo runs.</summary>
    public const string LibraryFileName = "LibraryFileName";

    /// <summary>
    /// "true" when the files of a build are known only once it ran (a Windows .pdb comes and goes with the
    /// cargo profile's debug settings): that build runs before the C# compile, not beside it.
    /// </summary>
    public const string BuildsBeforeCompile = "BuildsBeforeCompile";

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
