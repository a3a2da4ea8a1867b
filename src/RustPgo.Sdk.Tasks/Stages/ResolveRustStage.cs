using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Stages;

/// <summary>
/// Turns the project's RustCrate items into one item per crate for one stage, carrying everything that
/// stage's cargo build needs and where its libraries ship from (see <see cref="StageItem"/>). Starts no
/// process and writes nothing: it runs on every build, design-time builds included. Whether the crate is
/// up to date is cargo's to say: every real build runs cargo.
/// </summary>
public sealed class ResolveRustStage : RustPgoTask
{
    [Required] public ITaskItem[] Crates { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>`build`, `pgo-instrument`, `pgo-field` or `pgo-optimize`.</summary>
    [Required] public string Stage { get; set; } = "";

    /// <summary>obj/rust/&lt;Configuration&gt;/, under which all state lives.</summary>
    [Required] public string IntermediateDirectory { get; set; } = "";

    /// <summary>
    /// The RID (or `host`) whose state this is: what one RID's builds record never feeds another's. A
    /// training project's build of this project takes its trainer's key.
    /// </summary>
    [Required] public string StateKey { get; set; } = "";

    [Required] public string DefaultCargoProfile { get; set; } = "";

    public string? RuntimeIdentifier { get; set; }

    /// <summary>The SDK's own RID: the host the PGO builds name when there is no other target.</summary>
    [Required] public string HostRuntimeIdentifier { get; set; } = "";

    public string? CargoPath { get; set; }

    /// <summary>The plain build's cargo target folder (RustCargoTargetDirectory).</summary>
    [Required] public string PlainTargetDirectory { get; set; } = "";

    /// <summary>pgo-optimize: the .profdata to optimize with (the merged one, or a checked-in one).</summary>
    public string? Profdata { get; set; }

    /// <summary>Whether <see cref="Profdata"/> is the user's checked-in profile (RustPgoProfdata).</summary>
    public bool ProfdataIsCheckedIn { get; set; }

    /// <summary>Have rustc print the staticlib's native link dependencies (a Native AOT publish links them).</summary>
    public bool NativeStaticLibs { get; set; }

    /// <summary>A Native AOT `dotnet publish`: a crate without a staticlib is an error before any work starts.</summary>
    public bool RequireStaticLibrary { get; set; }

    /// <summary>
    /// RustPgoLto: the codegen of the PGO builds. `auto`: fat LTO and one codegen unit unless the crate's
    /// profile sets `lto` or `codegen-units` itself (or optimizes nothing); `fat`: always; `off`: the
    /// profile as it is (CheckRustPgoProperties has checked the value).
    /// </summary>
    public string Lto { get; set; } = "auto";

    /// <summary>An IDE's design-time build: a crate that cannot be resolved is left out, never an error.</summary>
    public bool DesignTime { get; set; }

    [Output] public ITaskItem[] StageCrates { get; private set; } = Array.Empty<ITaskItem>();

    protected override bool ExecuteCore()
    {
        var stage = RustStage.Parse(Stage);
        var rid = string.IsNullOrWhiteSpace(RuntimeIdentifier) ? null : RuntimeIdentifier!.Trim();
        var resolved = new List<ITaskItem>();
        foreach (var crate in Crates)
        {
            try
            {
                if (Resolve(crate, stage, rid) is { } item)
                    resolved.Add(item);
            }
            catch (RustPgoException e)
            {
                // A design-time build leaves it to the real build to report.
                if (!DesignTime)
                    Coded.Error(e.Code, e.Message, e.File);
            }
        }
        StageCrates = resolved.ToArray();
        return DesignTime || !Log.HasLoggedErrors;
    }

    private ITaskItem? Resolve(ITaskItem crate, RustStage stage, string? rid)
    {
        var manifest = ManifestOf(crate);
        if (manifest == null)
            return null;
        var crateDirectory = Path.GetDirectoryName(manifest)!;
        var cargoArguments = crate.GetMetadata("CargoArguments");
        var configArguments = CargoCommandLines.ConfigValues(CargoCommandLines.SplitArguments(cargoArguments)).ToList();
        var config = new Lazy<CargoConfig>(() => CargoConfig.Load(crateDirectory, configArguments, Environment.GetEnvironmentVariable));
        var triple = TripleOf(crate, rid, config);
        if (triple == null)
            return null;
        if (stage == RustStage.PgoInstrument && HostTriple() is { } host && triple != host)
            throw new RustPgoException(Codes.TrainingTargetNotHost,
                $"RustPgo trains the crate {manifest} on this machine ({host}), but its library is built for {triple}, which this machine cannot load. Build the PGO library for this machine's RID, or optimize the {triple} build with a profile trained where it runs: -p:RustPgoProfdata=<file.profdata> (see the README's checked-in profiles).",
                manifest);

        var intermediate = Path.GetFullPath(IntermediateDirectory);
        // The crate's folder name keeps the state readable; the digest of its manifest path keeps it apart
        // from a namesake.
        var crateKey = Path.GetFileName(crateDirectory) + "-" + Digest.Of(manifest).Substring(0, 8);
        var crateStateDirectory = Path.Combine(intermediate, StateKey, crateKey);
        var stateDirectory = Path.Combine(crateStateDirectory, stage.Name) + Path.DirectorySeparatorChar;
        var cargoProfile = crate.GetMetadata("CargoProfile") is { Length: > 0 } named ? named : DefaultCargoProfile;
        var cargoManifest = CargoManifest.Read(manifest);
        // A Native AOT publish links the staticlib: without one, say so before any build or training.
        if (RequireStaticLibrary && !cargoManifest.CrateTypes.Contains("staticlib"))
            throw new RustPgoException(Codes.NoStaticlib, NativeAot.GetNativeAotLinkItems.NoStaticlibMessage(cargoManifest.PackageName), manifest);
        var metadata = new Dictionary<string, string>
        {
            [StageItem.Stage] = stage.Name,
            [StageItem.CrateDirectory] = crateDirectory,
            [StageItem.CrateKey] = crateKey,
            [StageItem.StateDirectory] = stateDirectory,
            [StageItem.BuildRecord] = Path.Combine(stateDirectory, "build.txt"),
            [StageItem.ShipDirectory] = Path.Combine(crateStateDirectory, "ship") + Path.DirectorySeparatorChar,
            [StageItem.CargoPath] = CargoPath ?? "",
            [StageItem.CargoProfile] = cargoProfile,
            [StageItem.Triple] = triple,
            [StageItem.TargetTriple] = stage.ExplicitTarget || rid != null || crate.GetMetadata("RustTargetTriple").Length > 0 ? triple : "",
            [StageItem.TargetDirectory] = stage == RustStage.Build
                ? Path.GetFullPath(PlainTargetDirectory)
                : Path.Combine(intermediate, StateKey, stage.Name, "target") + Path.DirectorySeparatorChar,
            [StageItem.Features] = crate.GetMetadata("Features"),
            [StageItem.NoDefaultFeatures] = IsTrue(crate.GetMetadata("NoDefaultFeatures")),
            [StageItem.AllFeatures] = IsTrue(crate.GetMetadata("AllFeatures")),
            [StageItem.CargoArguments] = cargoArguments,
            [StageItem.NativeStaticLibs] = NativeStaticLibs ? "true" : "false",
            [StageItem.NativeRuntimeIdentifier] = rid ?? HostRuntimeIdentifier,
            [StageItem.LibraryFileName] = RustTargets.CdylibFileName(cargoManifest.LibraryName, RustTargets.OsOf(triple)),
            [StageItem.BuildsBeforeCompile] = RustTargets.OsOf(triple) == TargetOs.Windows ? "true" : "false",
        };
        if (stage.IsPgo)
        {
            var profile = CargoProfile.Resolve(manifest, cargoProfile, config.Value, Environment.GetEnvironmentVariable);
            (metadata[StageItem.PgoCodegenConfig], metadata[StageItem.PgoCodegen]) = PgoCodegen(cargoProfile, profile);
            metadata[StageItem.OptLevel] = profile.OptLevel;
            if (stage == RustStage.PgoOptimize && profile.OptLevel == "0" && !DesignTime)
                Coded.Warning(Codes.PgoWithoutOptimization,
                    $"The crate {manifest} is built with the cargo profile '{cargoProfile}' at opt-level 0, where PGO gains nothing: rustc does not optimize, so it has nothing to guide (-c Debug builds the dev profile). Build with -c Release, or give the crate an optimizing profile (CargoProfile on the RustCrate, or RustCargoProfile).",
                    manifest);
        }
        if (stage == RustStage.PgoInstrument)
            metadata[StageItem.ProfileGenerateDirectory] = Path.Combine(stateDirectory, "raw") + Path.DirectorySeparatorChar;
        if (stage == RustStage.PgoField)
            metadata[StageItem.ProfileGenerateDirectory] = FieldProfileDirectory(cargoManifest.LibraryName, RustTargets.OsOf(triple));
        if (stage == RustStage.PgoOptimize)
        {
            metadata[StageItem.Profdata] = Profdata ?? "";
            metadata[StageItem.ProfdataIsCheckedIn] = ProfdataIsCheckedIn ? "true" : "false";
        }

        var item = new TaskItem(StageItem.Escape(manifest));
        foreach (var pair in metadata)
            ((ITaskItem2)item).SetMetadataValueLiteral(pair.Key, pair.Value);
        return item;
    }

    private string? ManifestOf(ITaskItem crate)
    {
        var manifest = crate.GetMetadata("FullPath");
        if (Directory.Exists(manifest))
            manifest = Path.Combine(manifest, "Cargo.toml");
        if (!File.Exists(manifest))
            throw new RustPgoException(Codes.CrateNotFound, $"The RustCrate '{crate.ItemSpec}' does not exist (looked for {manifest}). Point RustCrate at the crate's Cargo.toml.");
        if (!string.Equals(Path.GetFileName(manifest), "Cargo.toml", StringComparison.Ordinal))
            throw new RustPgoException(Codes.NotACargoManifest, $"The RustCrate '{crate.ItemSpec}' is not a Cargo.toml. Point RustCrate at the crate's Cargo.toml (or its folder).", manifest);
        return manifest;
    }

    /// <summary>
    /// The triple cargo builds the crate for, one rule for every stage: RustTargetTriple, else the RID's,
    /// else the cargo config's `build.target` (or CARGO_BUILD_TARGET), else the host's. Null after an error.
    /// </summary>
    private string? TripleOf(ITaskItem crate, string? rid, Lazy<CargoConfig> config)
    {
        if (crate.GetMetadata("RustTargetTriple") is { Length: > 0 } explicitTriple)
            return explicitTriple;
        if (rid != null)
            return TripleFor(rid);
        return config.Value.BuildTarget() ?? HostTriple();
    }

    /// <summary>
    /// The PGO builds' codegen, the same for the instrumented and the optimized build so that the profile
    /// fits: PGO guides inlining and layout, which work best when the optimizer sees the whole crate graph
    /// at once (fat LTO) in one codegen unit. Applied as cargo takes settings for that profile alone
    /// (`--config profile.&lt;name&gt;.…`), never by editing the user's files. The `--config` values and what
    /// the summary says.
    /// </summary>
    private (string Config, string Description) PgoCodegen(string cargoProfile, CargoProfile profile)
    {
        var mode = Lto.Trim().ToLowerInvariant();
        const string own = "the profile's own LTO and codegen units";
        if (profile.OptLevel == "0")
            return ("", own + " (opt-level 0)");
        if (mode == "off")
            return ("", own + " (RustPgoLto=off)");
        if (mode == "auto" && profile.SetsLtoOrCodegenUnits)
        {
            var sets = new[] { profile.Lto == null ? null : "lto = " + profile.Lto, profile.CodegenUnits == null ? null : "codegen-units = " + profile.CodegenUnits };
            return ("", $"{own} (RustPgoLto=auto: the profile sets {string.Join(" and ", sets.Where(s => s != null))})");
        }
        var values = $"profile.{cargoProfile}.lto=\"fat\";profile.{cargoProfile}.codegen-units=1";
        return (values, mode == "auto" ? "fat LTO, 1 codegen unit (RustPgoLto=auto: the profile sets neither)" : "fat LTO, 1 codegen unit (RustPgoLto=fat)");
    }

    /// <summary>
    /// Where a shipped instrumented library writes when LLVM_PROFILE_FILE is unset: a folder per host and
    /// process (LLVM expands `%h` and `%p` in the folder too) under the machine's temporary folder, which is
    /// writable where the app's own folder is not; no path of the build machine. rustc appends
    /// `default_%m.profraw`.
    /// </summary>
    internal static string FieldProfileDirectory(string libraryName, TargetOs os) =>
        (os == TargetOs.Windows ? "C:/ProgramData/rustpgo-profiles/" : "/tmp/rustpgo-profiles/") + libraryName + "/%h-%p";

    private string? HostTriple() => TripleFor(HostRuntimeIdentifier);

    private string? TripleFor(string rid)
    {
        var mapping = RustTargets.Map(rid);
        if (mapping.Triple != null)
            return mapping.Triple;
        throw new RustPgoException(Codes.UnknownRuntimeIdentifier,
            $"No Rust target for the runtime identifier: {mapping.UnsupportedReason} To build for a Rust target of your choice anyway, set RustTargetTriple on the RustCrate item (e.g. <RustCrate Include=\"…\" RustTargetTriple=\"x86_64-unknown-linux-gnu\" />).");
    }

    private static string IsTrue(string value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? "true" : "false";
}
