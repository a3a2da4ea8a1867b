using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tasks.Pgo;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;
using Task = Microsoft.Build.Utilities.Task;

namespace RustPgo.Sdk.Tasks;

/// <summary>
/// Runs `cargo build` for one crate, reports rustc's diagnostics as MSBuild errors and warnings, and
/// records which cdylib cargo wrote and which files it read (for the next build's up-to-date check).
/// </summary>
public sealed class CargoBuild : Task, ICancelableTask
{
    private readonly ProcessRunner _runner = new();

    [Required] public string ManifestPath { get; set; } = "";
    [Required] public string Profile { get; set; } = "";
    [Required] public string TargetDirectory { get; set; } = "";

    /// <summary>The file listing the built native library; written last, so it marks a finished build.</summary>
    [Required] public string ArtifactsFile { get; set; } = "";

    /// <summary>The file listing every input of the crate, read by the next build's up-to-date check.</summary>
    [Required] public string InputsFile { get; set; } = "";

    public string? CargoPath { get; set; }
    public string? TargetTriple { get; set; }
    public string Features { get; set; } = "";
    public bool NoDefaultFeatures { get; set; }
    public bool AllFeatures { get; set; }
    public string CargoArguments { get; set; } = "";

    /// <summary>
    /// Flags the PGO builds add. They go to rustc after the user's own rustflags, whichever source
    /// those come from, in CARGO_ENCODED_RUSTFLAGS (the one source cargo never merges).
    /// </summary>
    public string[] PgoRustFlags { get; set; } = Array.Empty<string>();

    /// <summary>What this build is, for the one line it logs ("release", "PGO instrumented"…).</summary>
    public string Description { get; set; } = "";

    /// <summary>Fold rustc's per-function PGO warnings instead of logging each (see ProfileUseDiagnostics).</summary>
    public bool CollectProfileDiagnostics { get; set; }

    [Output] public ITaskItem[] NativeLibraries { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Where the PGO builds record the CARGO_ENCODED_RUSTFLAGS they used (for cargo-side trainings).</summary>
    public string? RustFlagsFile { get; set; }

    /// <summary>rustc's profile warnings, when <see cref="CollectProfileDiagnostics"/> is set.</summary>
    [Output] public ITaskItem[] ProfileDiagnostics { get; private set; } = Array.Empty<ITaskItem>();

    public void Cancel() => _runner.Cancel();

    public override bool Execute()
    {
        var cargo = ToolLocator.FindCargo(CargoPath);
        if (cargo == null)
        {
            Log.Error(Codes.CargoNotFound, string.IsNullOrWhiteSpace(CargoPath)
                ? "cargo was not found on PATH nor in ~/.cargo/bin. Install Rust from https://rustup.rs, or set RustCargoPath to the cargo executable."
                : $"RustCargoPath '{CargoPath}' is neither the cargo executable nor a folder holding it.");
            return false;
        }

        var settings = new CargoBuildSettings
        {
            ManifestPath = Path.GetFullPath(ManifestPath),
            Profile = Profile,
            TargetTriple = string.IsNullOrWhiteSpace(TargetTriple) ? null : TargetTriple,
            TargetDirectory = Path.GetFullPath(TargetDirectory),
            Features = Features,
            NoDefaultFeatures = NoDefaultFeatures,
            AllFeatures = AllFeatures,
            ExtraArguments = Cargo.CargoArguments.SplitArguments(CargoArguments),
        };
        var spec = new ProcessSpec(cargo, Cargo.CargoArguments.ForBuild(settings), Path.GetDirectoryName(settings.ManifestPath)!);
        spec.Environment["CARGO_TERM_PROGRESS_WHEN"] = "never";
        if (PgoRustFlags.Length > 0 && !AddPgoRustFlags(spec, cargo, settings))
            return false;

        Log.LogMessage(MessageImportance.Low, "RustPgo: {0}", spec);
        // The artifacts file claims a finished build: it goes before cargo starts, returns when it succeeded.
        if (File.Exists(ArtifactsFile))
            File.Delete(ArtifactsFile);
        var session = new CargoSession(Log, settings, CollectProfileDiagnostics);
        var name = Path.GetFileName(Path.GetDirectoryName(settings.ManifestPath));
        var what = string.IsNullOrEmpty(Description) ? Profile : Description;
        using var heartbeat = new Heartbeat(seconds => Log.LogMessage(MessageImportance.High, "  {0} ({1}): cargo still building ({2}s)", name, what, seconds));
        var exitCode = _runner.Run(spec, session.OnStdout, session.OnStderr);
        heartbeat.Dispose();
        if (_runner.WasCancelled)
            return false;

        if (!session.Finish(exitCode))
            return false;

        if (CollectProfileDiagnostics && !ProfileWasRead(session.ProfileDiagnostics))
            return false;

        var library = session.Artifact!;
        // The library first (it names the build in the log), then its Windows debug symbols for debuggers.
        NativeLibraries = library.Filenames.Where(IsNativeLibraryFile)
            .Concat(library.Filenames.Where(f => Path.GetExtension(f).Equals(".pdb", StringComparison.OrdinalIgnoreCase)))
            .Select(f => (ITaskItem)new TaskItem(f)).ToArray();
        ProfileDiagnostics = session.ProfileDiagnostics.Select(d => (ITaskItem)new TaskItem(d)).ToArray();

        WriteInputsFile(library);
        AtomicFile.WriteAllLines(ArtifactsFile, NativeLibraries.Select(i => i.ItemSpec));

        Log.LogMessage(MessageImportance.High, "  {0} ({1}{2}) -> {3} [{4}s]",
            name, what, settings.TargetTriple == null ? "" : ", " + settings.TargetTriple,
            NativeLibraries.First().ItemSpec, heartbeat.Seconds("0.0"));
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// rustc builds without PGO, with a mere warning, when it cannot read the profile: that library must
    /// never ship as a PGO build, so it is an error and no artifact is recorded.
    /// </summary>
    private bool ProfileWasRead(IEnumerable<string> warnings)
    {
        var profile = PgoRustFlags.Select(f => f.StartsWith("-Cprofile-use=", StringComparison.Ordinal) ? f.Substring("-Cprofile-use=".Length) : null)
            .FirstOrDefault(f => f != null) ?? "";
        var unreadable = new ProfileUseDiagnostics(warnings, profile).Unreadable;
        if (unreadable.Count == 0)
            return true;
        Log.Error(Codes.ProfileUnreadable,
            $"rustc could not read the profile {profile}, so the library would be built without PGO: {string.Join(" ", unreadable)} The profile must come from llvm-profdata (or the built-in merger) of rustc's LLVM version; re-run the training, or regenerate a checked-in profile with RustPgoProfileOutput.",
            profile);
        return false;
    }

    private bool AddPgoRustFlags(ProcessSpec spec, string cargo, CargoBuildSettings settings)
    {
        if (settings.TargetTriple == null)
            throw new InvalidOperationException("PGO builds pass --target explicitly, so that build scripts and proc-macros stay uninstrumented.");

        IReadOnlyList<string> userFlags;
        try
        {
            var rustc = ToolLocator.FindRustc(cargo) ?? "rustc";
            userFlags = new UserRustFlags(Environment.GetEnvironmentVariable, () => RustcInfo.Run(rustc, spec.WorkingDirectory, "--print", "cfg", "--target", settings.TargetTriple))
                .Resolve(spec.WorkingDirectory, settings.TargetTriple);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            Log.Error(Codes.CargoFailed, "Cannot read the crate's rustflags from its cargo configuration: " + e.Message, settings.ManifestPath);
            return false;
        }

        var flags = userFlags.Concat(PgoRustFlags).ToList();
        Log.LogMessage(MessageImportance.Low, "RustPgo: rustflags (user's, then PGO's): {0}", string.Join(" ", flags));
        var encoded = string.Join("\u001f", flags);
        spec.Environment["CARGO_ENCODED_RUSTFLAGS"] = encoded;
        if (!string.IsNullOrEmpty(RustFlagsFile))
            AtomicFile.WriteAllText(RustFlagsFile!, encoded);
        spec.Environment["RUSTFLAGS"] = null;
        return true;
    }

    private void WriteInputsFile(CompilerArtifact library)
    {
        var primary = library.Filenames.First(IsNativeLibraryFile);
        var depInfoPath = Path.Combine(Path.GetDirectoryName(primary)!, Path.GetFileNameWithoutExtension(primary) + ".d");
        IReadOnlyList<string> sources = File.Exists(depInfoPath)
            ? DepInfo.ParseDependencies(File.ReadAllText(depInfoPath))
            : Array.Empty<string>();
        AtomicFile.WriteAllLines(InputsFile, CrateInputs.Collect(ManifestPath, sources));
    }

    internal static bool IsNativeLibraryFile(string path)
    {
        var extension = Path.GetExtension(path);
        return extension.Equals(".so", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".dll", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".dylib", StringComparison.OrdinalIgnoreCase);
    }
}
