using RustPgo.Sdk.Tasks.Merge;

namespace RustPgo.Sdk.Tasks.Optimize;

/// <summary>
/// What PGO did for one crate, in the one line every PGO build prints per crate. The function counts are
/// the crate's own: those of the raw profiles its instrumented library wrote, less what rustc found
/// stale, plus what rustc found missing.
/// </summary>
internal sealed record CrateSummary(
    string Package,
    CrateProfileCounts? Counts,
    int Mismatched,
    int Missing,
    string Source,
    long ProfdataBytes,
    bool LinkedStatically = false,
    string Codegen = "",
    bool Optimized = true)
{
    /// <summary>Ends the line of a crate whose optimized staticlib a Native AOT publish links.</summary>
    public const string NativeAotSuffix = "; Native AOT publishes link its staticlib";

    /// <summary>Functions rustc compiled: those in the crate's raw profiles and those it found none for.</summary>
    public int? Total => Counts == null ? null : Counts.Functions + Missing;

    public int? WithData => Counts == null ? null : Counts.Functions - Mismatched;

    public int Unfit => Mismatched + Missing;

    public string Line()
    {
        // Without the crate's own raw profiles (a checked-in profile, a raw format only llvm-profdata reads)
        // the function counts are unknown; what rustc said about the profile is not.
        var functions = Counts != null
            ? $"{WithData}/{Total} functions with profile data, {Counts.Executed} executed in training"
            : Unfit == 0 ? "every function rustc compiled found its profile data" : $"{Unfit} function(s) without usable profile data";
        var aot = LinkedStatically ? NativeAotSuffix : "";
        var codegen = Codegen.Length > 0 ? "; " + Codegen : "";
        // At opt-level 0 rustc optimizes nothing, so the profile guided nothing (RUSTPGO119 says so too).
        var what = Optimized ? "PGO-optimized" : "built with a profile but NOT optimized (opt-level 0, RUSTPGO119)";
        return $"RustPgo: {Package}: {what}, {functions}; {Source}; profile {FormatSize(ProfdataBytes)}{codegen}{aot}";
    }

    /// <summary>The share of functions the profile does not fit, for RUSTPGO108.</summary>
    public string UnfitShare() => Total is { } total and > 0 ? $" ({100.0 * Unfit / total:0.#}%)" : "";

    private static string FormatSize(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024.0:0.0} MiB" : $"{bytes / 1024.0:0.0} KiB";
}
