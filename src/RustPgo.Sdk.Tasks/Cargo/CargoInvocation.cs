using Microsoft.Build.Framework;
using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Field;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;
using RustPgo.Sdk.Tasks.RustFlags;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// The cargo command of one crate's build in one stage (a ResolveRustStage item): its command line and
/// environment, with the rustflags of a PGO stage (the user's, resolved as cargo would, then PGO's).
/// </summary>
internal sealed class CargoInvocation
{
    private CargoInvocation(RustStage stage, CargoBuildSettings settings, ProcessSpec spec, IReadOnlyList<string> rustFlags, string? profileUse)
    {
        Stage = stage;
        Settings = settings;
        Spec = spec;
        RustFlags = rustFlags;
        ProfileUse = profileUse;
    }

    public RustStage Stage { get; }
    public CargoBuildSettings Settings { get; }
    public ProcessSpec Spec { get; }

    /// <summary>The rustflags the build gives rustc in CARGO_ENCODED_RUSTFLAGS: the user's, then PGO's (and a musl target's); none when the SDK adds none.</summary>
    public IReadOnlyList<string> RustFlags { get; }

    /// <summary>pgo-optimize: the profile rustc reads, named by its content.</summary>
    public string? ProfileUse { get; }

    /// <summary>The command line and environment: two invocations with the same text run the same build.</summary>
    public string Text => Spec + "\n" + string.Join("\n", Spec.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value));

    public static CargoInvocation For(ITaskItem crate)
    {
        var stage = RustStage.Parse(crate.GetMetadata(StageItem.Stage));
        var crateDirectory = crate.GetMetadata(StageItem.CrateDirectory);
        var cargo = ToolLocator.RequireCargo(crate.GetMetadata(StageItem.CargoPath));
        var settings = CargoBuildSettings.Of(crate);
        var spec = new ProcessSpec(cargo, CargoCommandLines.ForBuild(settings), crateDirectory);
        spec.Environment["CARGO_TERM_PROGRESS_WHEN"] = "never";
        ToolLocator.UseToolchainOf(cargo, spec);
        var profileUse = stage == RustStage.PgoOptimize ? ContentAddressedProfdata(crate) : null;
        var sdkFlags = new List<string>();
        // musl targets link the C runtime statically by default, and then refuse to build a cdylib; the
        // dynamic one is what a .NET app on Alpine loads it with. (A staticlib links no C runtime either way.)
        if (settings.TargetTriple != null && settings.TargetTriple.Contains("-musl"))
            sdkFlags.Add("-Ctarget-feature=-crt-static");
        if (stage.IsInstrumented)
            sdkFlags.Add("-Cprofile-generate=" + crate.GetMetadata(StageItem.ProfileGenerateDirectory).TrimEnd('/', '\\'));
        if (stage == RustStage.PgoField)
            sdkFlags.AddRange(ProfileExports.RustFlags(cargo, settings.TargetTriple!, crate.GetMetadata(StageItem.StateDirectory), crateDirectory));
        if (stage == RustStage.PgoOptimize)
            sdkFlags.AddRange(new[] { "-Cprofile-use=" + profileUse, "-Cllvm-args=-pgo-warn-missing-function" });
        if (sdkFlags.Count == 0)
            return new CargoInvocation(stage, settings, spec, Array.Empty<string>(), null);

        var rustFlags = UserRustFlags(cargo, settings, crateDirectory).Concat(sdkFlags).ToList();
        // CARGO_ENCODED_RUSTFLAGS is the one source cargo never merges with another: the user's flags
        // (resolved as cargo would) go first, then the SDK's.
        spec.Environment["CARGO_ENCODED_RUSTFLAGS"] = string.Join("\u001f", rustFlags);
        spec.Environment["RUSTFLAGS"] = null;
        return new CargoInvocation(stage, settings, spec, rustFlags, profileUse);
    }

    /// <summary>The user's rustflags, resolved as cargo would have for the build's explicit target.</summary>
    private static IReadOnlyList<string> UserRustFlags(string cargo, CargoBuildSettings settings, string workingDirectory)
    {
        if (settings.TargetTriple == null)
            throw new InvalidOperationException("Builds the SDK adds rustflags to pass --target explicitly, so that build scripts and proc-macros keep theirs.");
        var rustc = ToolLocator.FindRustc(cargo) ?? "rustc";
        return new UserRustFlags(Environment.GetEnvironmentVariable, flags => RustcInfo.PrintCfg(rustc, workingDirectory, settings.TargetTriple, flags))
            .Resolve(workingDirectory, settings.TargetTriple, CargoCommandLines.ConfigValues(settings.ExtraArguments).ToList());
    }

    /// <summary>
    /// The profile rustc reads is a copy named by its content hash, so a changed profile changes the
    /// rustflags and cargo's fingerprint with them: rewriting a profile in place can never leave a stale
    /// library, whatever its timestamp (a checked-in profile checked out again keeps an old one).
    /// </summary>
    private static string ContentAddressedProfdata(ITaskItem crate)
    {
        var profdata = crate.GetMetadata(StageItem.Profdata);
        if (profdata.Length == 0 || !File.Exists(profdata))
        {
            if (crate.GetMetadata(StageItem.ProfdataIsCheckedIn) == "true")
                throw new RustPgoException(Codes.CheckedInProfdataNotFound,
                    $"The profile '{profdata}' named by RustPgoProfdata does not exist. It names a .profdata written by a training build (see RustPgoProfdataOutput).");
            throw new RustPgoException(Codes.StateUnreadable,
                $"The merged profile '{profdata}' is missing; RustPgoMerge writes it. Build again with -p:RustPgo=true (without -t:), so that every stage runs.", profdata);
        }
        var folder = Path.Combine(crate.GetMetadata(StageItem.StateDirectory), "profile");
        var use = Path.Combine(folder, Digest.OfFile(profdata) + ".profdata");
        if (File.Exists(use))
            return use;
        AtomicFile.Copy(profdata, use);
        foreach (var older in Directory.GetFiles(folder, "*.profdata").Where(f => f != use))
            File.Delete(older);
        return use;
    }
}
