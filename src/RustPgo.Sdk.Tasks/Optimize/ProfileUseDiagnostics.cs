using System.Text.RegularExpressions;

namespace RustPgo.Sdk.Tasks.Optimize;

/// <summary>
/// Sorts rustc's warnings from a `-Cprofile-use` build. rustc only warns when it cannot read the profile
/// (and then builds without PGO), and warns once per function whose profile is stale or missing.
/// </summary>
internal sealed class ProfileUseDiagnostics
{
    private static readonly Regex HashMismatch = new(@"function control flow change detected \(hash mismatch\) (?<name>.+?) Hash = ");
    private static readonly Regex NoData = new(@"no profile data available for function (?<name>.+?) Hash = ");

    public ProfileUseDiagnostics(IEnumerable<string> warnings, string profilePath)
    {
        foreach (var warning in warnings)
        {
            if (HashMismatch.Match(warning) is { Success: true } mismatch)
                Mismatched.Add(mismatch.Groups["name"].Value);
            else if (NoData.Match(warning) is { Success: true } missing)
                Missing.Add(missing.Groups["name"].Value);
            else if (IsUnreadable(warning, profilePath))
                Unreadable.Add(warning);
            else
                Other.Add(warning);
        }
    }

    /// <summary>Functions whose code changed since the training (their counts were discarded).</summary>
    public List<string> Mismatched { get; } = new();

    /// <summary>Functions the profile has nothing for (new since the training).</summary>
    public List<string> Missing { get; } = new();

    /// <summary>rustc could not read the profile at all: the build is not profile-guided.</summary>
    public List<string> Unreadable { get; } = new();

    public List<string> Other { get; } = new();

    // "<path>: invalid instrumentation profile data (bad magic)", "Error in reading profile <path>: …"
    private static bool IsUnreadable(string warning, string profilePath) =>
        warning.IndexOf(profilePath, StringComparison.Ordinal) >= 0
        || warning.IndexOf("instrumentation profile", StringComparison.OrdinalIgnoreCase) >= 0
        || warning.IndexOf("reading profile", StringComparison.OrdinalIgnoreCase) >= 0;
}
