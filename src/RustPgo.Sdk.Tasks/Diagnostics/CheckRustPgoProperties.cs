using Microsoft.Build.Framework;

namespace RustPgo.Sdk.Tasks.Diagnostics;

/// <summary>
/// Checks every property and RustCrate metadata value the SDK reads before any cargo build or training
/// starts: a bad value is one coded error at the project, naming the property, the value and what is
/// allowed — not MSBuild's generic MSB4030 after minutes of work, and never a value silently ignored.
/// Booleans and names are read case-insensitively, as MSBuild's own conditions read them.
/// </summary>
public sealed class CheckRustPgoProperties : RustPgoTask
{
    public string RustPgo { get; set; } = "";
    public string RustPgoStrict { get; set; } = "";
    public string RustPgoRetrain { get; set; } = "";
    public string RustPgoProfileMerger { get; set; } = "";
    public string RustPgoLto { get; set; } = "";
    public string RustPgoReportTopFunctions { get; set; } = "";
    public string RustPgoTrainingTimeout { get; set; } = "";
    public string RustPgoInstrumented { get; set; } = "";
    public string RustPgoProfdata { get; set; } = "";

    /// <summary>A Native AOT `dotnet publish`, which links the staticlibs into the app.</summary>
    public bool NativeAotPublish { get; set; }

    /// <summary>The RustCrate items: their NoDefaultFeatures and AllFeatures are booleans too.</summary>
    public ITaskItem[] Crates { get; set; } = Array.Empty<ITaskItem>();

    protected override bool ExecuteCore()
    {
        Boolean(nameof(RustPgo), RustPgo);
        Boolean(nameof(RustPgoStrict), RustPgoStrict);
        Boolean(nameof(RustPgoRetrain), RustPgoRetrain);
        Boolean(nameof(RustPgoInstrumented), RustPgoInstrumented);
        if (IsOneOf(RustPgoInstrumented, "true"))
            CheckInstrumented();
        if (!IsOneOf(RustPgoProfileMerger, "auto", "llvm", "builtin"))
            Coded.Error(Codes.InvalidMerger, $"RustPgoProfileMerger is '{RustPgoProfileMerger}'; use auto (llvm-profdata when one of rustc's LLVM version is found, else the built-in merger), llvm or builtin.");
        if (!IsOneOf(RustPgoLto, "auto", "fat", "off"))
            Coded.Error(Codes.InvalidPropertyValue, $"RustPgoLto is '{RustPgoLto}'; use auto (fat LTO and one codegen unit unless the crate's cargo profile sets lto or codegen-units), fat or off (the profile as it is).");
        if (!int.TryParse(RustPgoReportTopFunctions.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            Coded.Error(Codes.InvalidPropertyValue, $"RustPgoReportTopFunctions is '{RustPgoReportTopFunctions}'; use a whole number of at least 0 (the rows of the report's table of hottest functions).");
        if (!Train.PlanPgoTrainings.TryParseSeconds(RustPgoTrainingTimeout, out _))
            Coded.Error(Codes.InvalidPropertyValue, $"RustPgoTrainingTimeout is '{RustPgoTrainingTimeout}'; use a number of seconds (0 for no limit).");
        foreach (var crate in Crates)
        {
            foreach (var name in new[] { "NoDefaultFeatures", "AllFeatures" })
            {
                var value = crate.GetMetadata(name);
                if (!IsBooleanOrUnset(value))
                    Coded.Error(Codes.InvalidPropertyValue, $"The RustCrate '{crate.ItemSpec}' has {name}='{value}'; use true or false.");
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>What ships instrumented cannot also ship optimized, nor be linked into a Native AOT app.</summary>
    private void CheckInstrumented()
    {
        if (IsOneOf(RustPgo, "true") || RustPgoProfdata.Trim().Length > 0)
            Coded.Error(Codes.InvalidPropertyValue,
                $"RustPgoInstrumented is true together with {(IsOneOf(RustPgo, "true") ? "RustPgo=true" : $"RustPgoProfdata='{RustPgoProfdata}'")}: the first ships the instrumented libraries that collect profiles, the second the optimized ones. Build each on its own: -p:RustPgoInstrumented=true to collect, -p:RustPgoProfdata=<merged.profdata> to ship the release.");
        if (NativeAotPublish)
            Coded.Error(Codes.InstrumentedNativeAot,
                "RustPgoInstrumented=true with a Native AOT publish: the SDK ships instrumented libraries only as cdylibs beside a JIT app (RustPgo.Runtime finds them there). Publish the instrumented build without PublishAot (-p:PublishAot=false) to collect the profiles; the optimized Native AOT publish then uses them (-p:RustPgoProfdata=<merged.profdata>): the cdylib and the staticlib come from one cargo build.");
    }

    private void Boolean(string name, string value)
    {
        if (!IsBooleanOrUnset(value))
            Coded.Error(Codes.InvalidPropertyValue, $"{name} is '{value}'; use true or false.");
    }

    private static bool IsBooleanOrUnset(string value) => value.Length == 0 || IsOneOf(value, "true", "false");

    private static bool IsOneOf(string value, params string[] allowed) =>
        allowed.Any(a => string.Equals(value.Trim(), a, StringComparison.OrdinalIgnoreCase));
}
