using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Platform;
using Task = Microsoft.Build.Utilities.Task;

namespace RustPgo.Sdk.Tasks;

/// <summary>
/// Turns the project's RustCrate items into what one build stage of each crate needs: its settings,
/// its state folder, and the list of inputs its last build read (for the stage target's Inputs).
/// Starts no process: it runs on every build, including the no-op ones.
/// </summary>
public sealed class ResolveRustCrates : Task
{
    [Required] public ITaskItem[] Crates { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The stage: `build`, `pgo-instrument` or `pgo-optimize`. Each has its own state.</summary>
    [Required] public string Stage { get; set; } = "";

    /// <summary>obj/rust/&lt;Configuration&gt;/, under which each crate's state lives.</summary>
    [Required] public string IntermediateDirectory { get; set; } = "";

    [Required] public string DefaultProfile { get; set; } = "";

    public string? RuntimeIdentifier { get; set; }

    /// <summary>The SDK's own RID, naming the host for packaging and for stages that need an explicit --target.</summary>
    [Required] public string HostRuntimeIdentifier { get; set; } = "";

    /// <summary>Pass --target even without a RuntimeIdentifier (the PGO stages do).</summary>
    public bool ExplicitTarget { get; set; }

    /// <summary>Anything else this stage's output depends on (environment, tool paths, PGO flags).</summary>
    public string[] ExtraSettings { get; set; } = Array.Empty<string>();

    [Output] public ITaskItem[] ResolvedCrates { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Every input file of every crate, with its crate's ArtifactsFile as metadata.</summary>
    [Output] public ITaskItem[] CrateInputs { get; private set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        var rid = string.IsNullOrWhiteSpace(RuntimeIdentifier) ? null : RuntimeIdentifier!.Trim();
        var needsTriple = rid != null || ExplicitTarget;
        var triple = needsTriple ? RustTargets.TripleFor(rid ?? HostRuntimeIdentifier) : null;

        var resolved = new List<ITaskItem>();
        var inputs = new List<ITaskItem>();
        foreach (var crate in Crates)
        {
            var item = Resolve(crate, rid, triple, needsTriple);
            if (item == null)
                continue;
            resolved.Add(item);
            inputs.AddRange(InputsOf(item));
        }
        ResolvedCrates = resolved.ToArray();
        CrateInputs = inputs.ToArray();
        return !Log.HasLoggedErrors;
    }

    private ITaskItem? Resolve(ITaskItem crate, string? rid, string? triple, bool needsTriple)
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

        var crateTriple = crate.GetMetadata("RustTargetTriple") is { Length: > 0 } t ? t : triple;
        if (crateTriple == null && needsTriple)
        {
            Log.Error(Codes.UnknownRuntimeIdentifier,
                $"No Rust target triple is known for the runtime identifier '{rid ?? HostRuntimeIdentifier}'. Known: {string.Join(", ", RustTargets.KnownRuntimeIdentifiers)}. Set RustTargetTriple on the RustCrate item to choose one.");
            return null;
        }
        var profile = crate.GetMetadata("CargoProfile") is { Length: > 0 } p ? p : DefaultProfile;
        var crateName = Path.GetFileName(Path.GetDirectoryName(manifest));
        // Keyed by RID, not triple: the PGO stages pass the host triple explicitly, and the shipped
        // library of either mode must be found in the same place.
        var crateStateDirectory = Path.Combine(
            Path.GetFullPath(IntermediateDirectory),
            rid ?? "host",
            crateName + "-" + ShortHash(manifest));
        var stateDirectory = Path.Combine(crateStateDirectory, Stage);

        var item = new TaskItem(manifest);
        item.SetMetadata("CrateName", crateName);
        item.SetMetadata("CrateDirectory", Path.GetDirectoryName(manifest));
        item.SetMetadata("CargoProfile", profile);
        item.SetMetadata("TargetTriple", crateTriple ?? "");
        item.SetMetadata("NativeRuntimeIdentifier", rid ?? HostRuntimeIdentifier);
        item.SetMetadata("Features", crate.GetMetadata("Features"));
        item.SetMetadata("NoDefaultFeatures", IsTrue(crate.GetMetadata("NoDefaultFeatures")).ToString().ToLowerInvariant());
        item.SetMetadata("AllFeatures", IsTrue(crate.GetMetadata("AllFeatures")).ToString().ToLowerInvariant());
        item.SetMetadata("CargoArguments", crate.GetMetadata("CargoArguments"));
        item.SetMetadata("CrateStateDirectory", crateStateDirectory + Path.DirectorySeparatorChar);
        item.SetMetadata("StateDirectory", stateDirectory + Path.DirectorySeparatorChar);
        item.SetMetadata("ArtifactsFile", Path.Combine(stateDirectory, "artifacts.txt"));
        item.SetMetadata("InputsFile", Path.Combine(stateDirectory, "inputs.txt"));
        item.SetMetadata("SettingsFile", Path.Combine(stateDirectory, "settings.cache"));

        WriteSettingsWhenChanged(item);
        ForgetVanishedArtifacts(item.GetMetadata("ArtifactsFile"));
        return item;
    }

    /// <summary>
    /// The settings file changes exactly when a setting does, so its timestamp in the stage's Inputs
    /// rebuilds on a changed profile, feature, RID or environment (like CoreCompileInputs.cache).
    /// </summary>
    private void WriteSettingsWhenChanged(ITaskItem item)
    {
        var lines = new[] { "manifest=" + item.ItemSpec }
            .Concat(new[] { "CargoProfile", "TargetTriple", "Features", "NoDefaultFeatures", "AllFeatures", "CargoArguments" }
                .Select(name => name + "=" + item.GetMetadata(name)))
            .Concat(ExtraSettings);
        var text = string.Join("\n", lines) + "\n";
        var path = item.GetMetadata("SettingsFile");
        if (File.Exists(path) && File.ReadAllText(path) == text)
            return;
        AtomicFile.WriteAllText(path, text);
    }

    /// <summary>
    /// The artifacts file is the stage's Outputs; when a library it lists is gone (a deleted cargo target
    /// folder), the stage must run again, so the record of it goes.
    /// </summary>
    private static void ForgetVanishedArtifacts(string artifactsFile)
    {
        if (File.Exists(artifactsFile) && File.ReadAllLines(artifactsFile).Any(line => line.Length > 0 && !File.Exists(line)))
            File.Delete(artifactsFile);
    }

    private static IEnumerable<ITaskItem> InputsOf(ITaskItem crate)
    {
        var files = new List<string> { crate.ItemSpec, crate.GetMetadata("SettingsFile") };
        var inputsFile = crate.GetMetadata("InputsFile");
        if (File.Exists(inputsFile))
            files.AddRange(File.ReadAllLines(inputsFile).Where(line => line.Length > 0));

        foreach (var file in files.Distinct())
        {
            var input = new TaskItem(file);
            crate.CopyMetadataTo(input);
            input.SetMetadata("Manifest", crate.ItemSpec);
            yield return input;
        }
    }

    private static bool IsTrue(string value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static string ShortHash(string text)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        return string.Concat(hash.Take(4).Select(b => b.ToString("x2")));
    }
}
