using Microsoft.Build.Utilities;

namespace RustPgo.Sdk.Tasks;

/// <summary>
/// The coded errors and warnings of RustPgo.Sdk. Every one is listed in the README with its fix;
/// keep the two in step.
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

    // Profile-guided optimization (RUSTPGO1xx).
    public const string ProfdataNotFound = "RUSTPGO101";
    public const string ProfdataVersionMismatch = "RUSTPGO102";
    public const string TrainingFailed = "RUSTPGO103";
    public const string NoRawProfile = "RUSTPGO104";
    public const string CorruptRawProfile = "RUSTPGO105";
    public const string MergeFailed = "RUSTPGO106";
    public const string ProfileUnreadable = "RUSTPGO107";
    public const string ProfileMismatch = "RUSTPGO108";
    public const string ProfileNotFound = "RUSTPGO109";
    public const string NoTrainingWorkload = "RUSTPGO110";
    public const string InvalidTraining = "RUSTPGO111";
    public const string RustcNotFound = "RUSTPGO112";
}

internal static class LogExtensions
{
    public static void Error(this TaskLoggingHelper log, string code, string message, string? file = null) =>
        log.LogError(null, code, null, file, 0, 0, 0, 0, message);

    public static void Warning(this TaskLoggingHelper log, string code, string message, string? file = null) =>
        log.LogWarning(null, code, null, file, 0, 0, 0, 0, message);
}
