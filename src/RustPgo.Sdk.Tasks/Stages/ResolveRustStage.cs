using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Stages;

/// <summary>
/// Turns the project's RustCrate items into one item per crate for one stage, carrying everything that
/// stage's cargo build needs (see <see cref="StageItem"/>), including the files whose change reruns it.
/// Starts no process: it runs on every build, the no-op ones included.
/// </summary>
public sealed class ResolveRustStage : RustPgoTask
{
    [Required] public ITaskItem[] Crates { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>`build`, `pgo-instrument` or `pgo-optimize`.</summary>
    [Required] public string Stage { get; set; } = "";

    /// <summary>obj/rust/&lt;Configuration&gt;/, under which all state lives.</summary>
    [Required] public string IntermediateDirectory { get; set; } = "";

    [Required] public string DefaultCargoProfile { get; set; } = "";

    public string? RuntimeIdentifier { get; set; }

    /// <summary>The SDK's own RID: names the native library's RID when the project sets none.</summary>
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

    /// <summary>Only describe the stage: write no settings, forget no stale build (another build owns the state).</summary>
    public bool ReadOnly { get; set; }

    [Output] public ITaskItem[] StageCrates { get; private set; } = Array.Empty<ITaskItem>();

    protected override bool ExecuteCore()
    {
        var stage = RustStage.Parse(Stage);
        var rid = string.IsNullOrWhiteSpace(RuntimeIdentifier) ? null : RuntimeIdentifier!.Trim();
        var profileUse = stage == RustStage.PgoOptimize ? ContentAddressedProfdata() : null;
        var resolved = new List<ITaskItem>();
        foreach (var crate in Crates)
        {
            if (Resolve(crate, stage, rid, profileUse) is { } item)
                resolved.Add(item);
        }
        StageCrates = resolved.ToArray();
        return !Log.HasLoggedErrors;
    }

    private ITaskItem? Resolve(ITaskItem crate, RustStage stage, string? rid, string? profileUse)
    {
        var manifest = ManifestOf(crate);
        if (manifest == null)
            return null;
        // The PGO stages name the host's triple too (the SDK's RID names the host), see RustStage.ExplicitTarget.
        var triple = crate.GetMetadata("RustTargetTriple") is { Length: > 0 } explicitTriple
            ? explicitTriple
            : TripleFor(rid ?? (stage.ExplicitTarget ? HostRuntimeIdentifier : null));
        if (triple == null)
            return null;

        var crateDirectory = Path.GetDirectoryName(manifest)!;
        // Keyed by RID, not triple: the PGO stages pass the host triple explicitly, and the shipped
        // library of either mode must be found in the same place.
        var crateKey = Path.GetFileName(crateDirectory) + "-" + Digest(Encoding.UTF8.GetBytes(manifest)).Substring(0, 8);
        var crateStateDirectory = Path.Combine(Path.GetFullPath(IntermediateDirectory), rid ?? "host", crateKey);
        var stateDirectory = Path.Combine(crateStateDirectory, stage.Name) + Path.DirectorySeparatorChar;
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [StageItem.Stage] = stage.Name,
            [StageItem.CrateDirectory] = crateDirectory,
            [StageItem.CrateKey] = crateKey,
            [StageItem.StateDirectory] = stateDirectory,
            [StageItem.BuildRecord] = Path.Combine(stateDirectory, "build.txt"),
            [StageItem.CargoPath] = CargoPath ?? "",
            [StageItem.CargoProfile] = crate.GetMetadata("CargoProfile") is { Length: > 0 } profile ? profile : DefaultCargoProfile,
            [StageItem.TargetTriple] = triple,
            [StageItem.TargetDirectory] = stage.TargetDirectory(Path.GetFullPath(IntermediateDirectory), Path.GetFullPath(PlainTargetDirectory)),
            [StageItem.Features] = crate.GetMetadata("Features"),
            [StageItem.NoDefaultFeatures] = IsTrue(crate.GetMetadata("NoDefaultFeatures")),
            [StageItem.AllFeatures] = IsTrue(crate.GetMetadata("AllFeatures")),
            [StageItem.CargoArguments] = crate.GetMetadata("CargoArguments"),
            [StageItem.NativeStaticLibs] = NativeStaticLibs ? "true" : "false",
            [StageItem.NativeRuntimeIdentifier] = rid ?? HostRuntimeIdentifier,
        };
        if (stage == RustStage.PgoInstrument)
            settings[StageItem.ProfileGenerateDirectory] = Path.Combine(stateDirectory, "raw") + Path.DirectorySeparatorChar;
        if (profileUse != null)
            settings[StageItem.ProfileUse] = profileUse;

        var settingsFile = Path.Combine(stateDirectory, "settings.cache");
        var recordPath = settings[StageItem.BuildRecord];
        var record = CargoBuildRecord.TryRead(recordPath);
        if (!ReadOnly)
        {
            WriteWhenChanged(settingsFile, SettingsText(manifest, settings));
            if (record != null && StaleReason(record) is { } reason)
            {
                Log.LogMessage(MessageImportance.Low, "RustPgo: {0} ({1}) rebuilds: {2}", crateKey, stage.Name, reason);
                File.Delete(recordPath);
                record = null;
            }
        }

        var item = new TaskItem(StageItem.Escape(manifest));
        foreach (var pair in settings)
            ((ITaskItem2)item).SetMetadataValueLiteral(pair.Key, pair.Value);
        var inputs = new[] { manifest, settingsFile }.Concat(record?.Inputs ?? Array.Empty<string>()).Distinct(StringComparer.Ordinal);
        item.SetMetadata(StageItem.Inputs, StageItem.JoinPaths(inputs));
        return item;
    }

    private string? ManifestOf(ITaskItem crate)
    {
        var manifest = crate.GetMetadata("FullPath");
        if (Directory.Exists(manifest))
            manifest = Path.Combine(manifest, "Cargo.toml");
        if (!File.Exists(manifest))
        {
            Log.Error(Codes.CrateNotFound, $"The RustCrate '{crate.ItemSpec}' does not exist (looked for {manifest}). Point RustCrate at the crate's Cargo.toml.");
            return null;
        }
        if (!string.Equals(Path.GetFileName(manifest), "Cargo.toml", StringComparison.Ordinal))
        {
            Log.Error(Codes.NotACargoManifest, $"The RustCrate '{crate.ItemSpec}' is not a Cargo.toml. Point RustCrate at the crate's Cargo.toml (or its folder).", manifest);
            return null;
        }
        return manifest;
    }

    /// <summary>The triple for a RID ("" for none: build for the host without naming it); null after an error.</summary>
    private string? TripleFor(string? rid)
    {
        if (rid == null)
            return "";
        var mapping = RustTargets.Map(rid);
        if (mapping.Triple != null)
            return mapping.Triple;
        Log.Error(Codes.UnknownRuntimeIdentifier,
            $"No Rust target for the runtime identifier: {mapping.UnsupportedReason} To build for a Rust target of your choice anyway, set RustTargetTriple on the RustCrate item (e.g. <RustCrate Include=\"…\" RustTargetTriple=\"x86_64-unknown-linux-gnu\" />).");
        return null;
    }

    /// <summary>
    /// The profile rustc reads is named by its content hash, so a changed profile changes the rustflags and
    /// cargo's fingerprint with them: rewriting a profile in place can never leave a stale library.
    /// </summary>
    private string? ContentAddressedProfdata()
    {
        if (string.IsNullOrEmpty(Profdata) || !File.Exists(Profdata))
        {
            if (ProfdataIsCheckedIn)
                throw new RustPgoException(Codes.CheckedInProfdataNotFound,
                    $"The profile '{Profdata}' named by RustPgoProfdata does not exist. It names a .profdata written by a training build (see RustPgoProfdataOutput).");
            throw new RustPgoException(Codes.StateUnreadable,
                $"The merged profile '{Profdata}' is missing; RustPgoMerge writes it. Build again with -p:RustPgo=true (without -t:), so that every stage runs.", Profdata);
        }
        var hash = Digest(File.ReadAllBytes(Profdata!));
        var use = Path.Combine(Path.GetFullPath(IntermediateDirectory), "pgo", "use", hash + ".profdata");
        if (!ReadOnly && !File.Exists(use))
            AtomicFile.Copy(Profdata!, use);
        return use;
    }

    /// <summary>Why a finished build no longer stands, though no input file is newer than it; null if it stands.</summary>
    private static string? StaleReason(CargoBuildRecord record)
    {
        if (!record.OutputsExist)
            return "a library it built is gone";
        if (record.AbsentInputs.FirstOrDefault(File.Exists) is { } appeared)
            return appeared + " appeared";
        foreach (var entry in record.EnvironmentInputs)
        {
            var eq = entry.IndexOf('=');
            var name = eq < 0 ? entry : entry.Substring(0, eq);
            var value = eq < 0 ? null : entry.Substring(eq + 1);
            if (Environment.GetEnvironmentVariable(name) != value)
                return $"the environment variable {name} changed";
        }
        return null;
    }

    /// <summary>
    /// What the stage's output depends on besides files: the item's settings and the environment cargo
    /// and rustc read. The settings file changes exactly when one of these does, so its timestamp in the
    /// stage's Inputs reruns the build (like CoreCompileInputs.cache).
    /// </summary>
    private static string SettingsText(string manifest, SortedDictionary<string, string> settings)
    {
        var text = new StringBuilder("manifest=").Append(manifest).Append('\n');
        foreach (var pair in settings)
            text.Append(pair.Key).Append('=').Append(pair.Value).Append('\n');
        foreach (var variable in CargoEnvironment.Relevant())
            text.Append("env:").Append(variable.Key).Append('=').Append(variable.Value).Append('\n');
        return text.ToString();
    }

    private static void WriteWhenChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
            return;
        AtomicFile.WriteAllText(path, text);
    }

    private static string IsTrue(string value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? "true" : "false";

    /// <summary>
    /// A name-sized digest (64-bit FNV-1a, which loads no crypto library into a no-op build): it names a
    /// crate's state folder after its manifest path, and a profile after its content.
    /// </summary>
    private static string Digest(byte[] bytes)
    {
        var hash = 0xcbf29ce484222325UL;
        foreach (var b in bytes)
            hash = (hash ^ b) * 0x100000001b3UL;
        return hash.ToString("x16");
    }
}
