using Microsoft.Build.Framework;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Optimize;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;
using RustPgo.Sdk.Tasks.RustFlags;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// Runs the cargo build of one crate in one stage (a ResolveRustStage item), reports rustc's and cargo's
/// diagnostics as MSBuild errors and warnings, and writes the crate's <see cref="CargoBuildRecord"/>:
/// the libraries cargo wrote and every file the build read, for the next build's up-to-date check.
/// </summary>
public sealed class CargoBuild : ProcessTask
{
    /// <summary>One stage item of ResolveRustStage.</summary>
    [Required] public ITaskItem Crate { get; set; } = null!;

    protected override bool ExecuteCore()
    {
        var stage = RustStage.Parse(Crate.GetMetadata(StageItem.Stage));
        var manifest = Crate.ItemSpec;
        var crateDirectory = Crate.GetMetadata(StageItem.CrateDirectory);
        var recordPath = Crate.GetMetadata(StageItem.BuildRecord);
        var cargo = ToolLocator.RequireCargo(Crate.GetMetadata(StageItem.CargoPath));
        var package = CargoManifest.PackageName(manifest);

        var settings = CargoBuildSettings.Of(Crate);
        var spec = new ProcessSpec(cargo, CargoCommandLines.ForBuild(settings), crateDirectory);
        spec.Environment["CARGO_TERM_PROGRESS_WHEN"] = "never";
        ToolLocator.UseToolchainOf(cargo, spec);
        var rustFlags = stage.IsPgo ? PgoRustFlags(stage, cargo, settings, crateDirectory) : Array.Empty<string>();
        if (stage.IsPgo)
        {
            // CARGO_ENCODED_RUSTFLAGS is the one source cargo never merges with another: the user's flags
            // (resolved as cargo would) go first, then PGO's.
            spec.Environment["CARGO_ENCODED_RUSTFLAGS"] = string.Join("\u001f", rustFlags);
            spec.Environment["RUSTFLAGS"] = null;
            Log.LogMessage(MessageImportance.Low, "RustPgo: rustflags (user's, then PGO's): {0}", string.Join(" ", rustFlags));
        }

        Log.LogMessage(MessageImportance.Low, "RustPgo: {0}", spec);
        // The record claims a finished build: it goes before cargo starts, returns when it succeeded.
        if (File.Exists(recordPath))
            File.Delete(recordPath);
        var session = new CargoSession(Log, settings, collectProfileWarnings: stage == RustStage.PgoOptimize);
        var what = stage.Describe(settings.CargoProfile);
        using var heartbeat = new Heartbeat(seconds => Log.LogMessage(MessageImportance.High, "  {0} ({1}): cargo still building ({2}s)", package, what, seconds));
        int exitCode;
        try
        {
            exitCode = Runner.Run(spec, session.OnStdout, session.OnStderr);
        }
        catch (ProcessStartException e)
        {
            throw new RustPgoException(Codes.CargoNotStartable, $"cargo ({cargo}) exists but could not be started: {e.InnerException?.Message}. Check that it is an executable for this machine, or set RustCargoPath to one that is.", manifest);
        }
        heartbeat.Dispose();
        if (Runner.WasCancelled || !session.Finish(exitCode))
            return false;
        if (stage == RustStage.PgoOptimize && !ProfileWasRead(session.ProfileWarnings))
            return false;

        var filenames = session.Artifact!.Filenames;
        var dynamicLibrary = filenames.First(NativeFiles.IsDynamicLibrary);
        var record = new CargoBuildRecord
        {
            Package = package,
            LibraryName = session.Artifact.TargetName,
            CrateTypes = session.Artifact.CrateTypes,
            DynamicLibrary = dynamicLibrary,
            DebugSymbols = filenames.Where(NativeFiles.IsDebugSymbols).ToList(),
            StaticLibrary = filenames.FirstOrDefault(NativeFiles.IsStaticLibrary),
            NativeStaticLibs = session.NativeStaticLibs,
            RustFlags = rustFlags,
            ProfileWarnings = session.ProfileWarnings,
        };
        var packages = session.LocalPackages().ToList();
        var inputs = CrateInputs.Collect(manifest, DepInfo.Of(dynamicLibrary), packages,
            CargoCommandLines.ConfigValues(settings.ExtraArguments).Where(v => !v.Contains("=")).Select(v => Path.Combine(crateDirectory, v)),
            ToolLocator.CargoHome());
        record = record with
        {
            Inputs = inputs.Present.ToList(),
            AbsentInputs = inputs.Absent.ToList(),
            EnvironmentInputs = packages.SelectMany(p => p.BuildScriptOutput?.RerunIfEnvChanged ?? new List<string>()).Distinct()
                .Select(name => Environment.GetEnvironmentVariable(name) is { } value ? name + "=" + value : name).ToList(),
        };
        record.Write(recordPath);

        Log.LogMessage(MessageImportance.High, "  {0} ({1}{2}) -> {3} [{4}s]",
            package, what, settings.TargetTriple == null ? "" : ", " + settings.TargetTriple, dynamicLibrary, heartbeat.Seconds("0.0"));
        return true;
    }

    /// <summary>The user's rustflags, resolved as cargo would have, then the stage's PGO flags.</summary>
    private IReadOnlyList<string> PgoRustFlags(RustStage stage, string cargo, CargoBuildSettings settings, string workingDirectory)
    {
        if (settings.TargetTriple == null)
            throw new InvalidOperationException("PGO builds pass --target explicitly, so that build scripts and proc-macros stay uninstrumented.");
        var rustc = ToolLocator.FindRustc(cargo) ?? "rustc";
        var userFlags = new UserRustFlags(Environment.GetEnvironmentVariable, () => RustcInfo.PrintCfg(rustc, workingDirectory, settings.TargetTriple))
            .Resolve(workingDirectory, settings.TargetTriple, CargoCommandLines.ConfigValues(settings.ExtraArguments).ToList());
        var pgoFlags = stage == RustStage.PgoInstrument
            ? new[] { "-Cprofile-generate=" + Crate.GetMetadata(StageItem.ProfileGenerateDirectory).TrimEnd('/', '\\') }
            : new[] { "-Cprofile-use=" + Crate.GetMetadata(StageItem.ProfileUse), "-Cllvm-args=-pgo-warn-missing-function" };
        return userFlags.Concat(pgoFlags).ToList();
    }

    /// <summary>
    /// rustc builds without PGO, with a mere warning, when it cannot read the profile: that library must
    /// never ship as a PGO build, so it is an error and no record is written.
    /// </summary>
    private bool ProfileWasRead(IEnumerable<string> warnings)
    {
        var profdata = Crate.GetMetadata(StageItem.ProfileUse);
        var unreadable = new ProfileUseDiagnostics(warnings, profdata).Unreadable;
        if (unreadable.Count == 0)
            return true;
        Log.Error(Codes.ProfdataUnreadable,
            $"rustc could not read the profile {profdata}, so the library would be built without PGO: {string.Join(" ", unreadable)} The profile must come from llvm-profdata (or the built-in merger) of rustc's LLVM version; re-run the training, or regenerate a checked-in profile with RustPgoProfdataOutput.",
            profdata);
        return false;
    }
}
