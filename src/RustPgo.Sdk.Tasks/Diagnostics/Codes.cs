namespace RustPgo.Sdk.Tasks.Diagnostics;

/// <summary>
/// The coded errors and warnings of RustPgo.Sdk, each raised in exactly one cause. Every one is listed in
/// the README's error table with its fix; a unit test keeps the two in step.
/// </summary>
internal static class Codes
{
    // Building a crate (RUSTPGO0xx).
    public const string CrateNotFound = "RUSTPGO001";
    public const string NotACargoManifest = "RUSTPGO002";
    public const string NoCdylib = "RUSTPGO003";
    public const string CargoNotFound = "RUSTPGO004";
    public const string UnknownRuntimeIdentifier = "RUSTPGO005";
    public const string TargetNotInstalled = "RUSTPGO006";
    public const string CargoFailed = "RUSTPGO007";
    public const string RustCompileFailed = "RUSTPGO008";
    public const string CargoNotStartable = "RUSTPGO009";
    public const string StateUnreadable = "RUSTPGO010";
    public const string InvalidCargoConfig = "RUSTPGO011";
    public const string FileSystemError = "RUSTPGO012";
    public const string ShippedFilesUnexpected = "RUSTPGO013";
    public const string InvalidPropertyValue = "RUSTPGO014";

    // Profile-guided optimization (RUSTPGO1xx).
    public const string ProfdataNotFound = "RUSTPGO101";
    public const string ProfdataVersionMismatch = "RUSTPGO102";
    public const string TrainingFailed = "RUSTPGO103";
    public const string NoRawProfile = "RUSTPGO104";
    public const string CorruptRawProfile = "RUSTPGO105";
    public const string MergeFailed = "RUSTPGO106";
    public const string ProfdataUnreadable = "RUSTPGO107";
    public const string ProfileMismatch = "RUSTPGO108";
    public const string CheckedInProfdataNotFound = "RUSTPGO109";
    public const string NoTrainingWorkload = "RUSTPGO110";
    public const string InvalidTraining = "RUSTPGO111";
    public const string RustcNotFound = "RUSTPGO112";
    public const string InvalidMerger = "RUSTPGO113";
    public const string UnsupportedProfileFormat = "RUSTPGO114";
    public const string TrainingNotStartable = "RUSTPGO115";
    public const string MergeDroppedCounts = "RUSTPGO116";
    public const string TrainingTargetNotHost = "RUSTPGO117";
    public const string TrainingTimedOut = "RUSTPGO118";
    public const string PgoWithoutOptimization = "RUSTPGO119";

    // Field profiles (RustPgoInstrumented, rustpgo merge).
    /// <summary>Raised by `rustpgo merge` (RustPgo.Tool): raw profiles of another build of a library than the rest.</summary>
    public const string RawProfileFromAnotherBuild = "RUSTPGO120";
    public const string InstrumentedNativeAot = "RUSTPGO121";
    public const string ProfileExportsFailed = "RUSTPGO122";

    // Native AOT (RUSTPGO2xx).
    public const string NoStaticlib = "RUSTPGO201";
    public const string DirectPInvokeWithoutCrate = "RUSTPGO202";
    public const string CrateExportsNothing = "RUSTPGO203";
    public const string NoCLinker = "RUSTPGO204";

    /// <summary>A defect of the SDK itself: an exception no cause above explains.</summary>
    public const string InternalError = "RUSTPGO900";
}
