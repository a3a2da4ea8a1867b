using Microsoft.Build.Framework;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Optimize;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// Runs the cargo build of each crate in one stage (ResolveRustStage items), or takes over the one
/// StartCargoBuild started for it, reports rustc's and cargo's diagnostics as MSBuild errors and warnings,
/// and writes the crate's <see cref="CargoBuildRecord"/>. cargo runs on every build: it alone knows every
/// input of the crate (sources, env!, build scripts, config, toolchain), and says so in a few milliseconds.
/// </summary>
public sealed class CargoBuild : RustPgoTask, ICancelableTask
{
    private readonly object _gate = new();
    private CargoRun? _current;
    private bool _cancelled;

    /// <summary>Stage items of ResolveRustStage, built in this order.</summary>
    [Required] public ITaskItem[] Crates { get; set; } = Array.Empty<ITaskItem>();

    public void Cancel()
    {
        lock (_gate)
        {
            _cancelled = true;
            _current?.Cancel();
        }
    }

    protected override bool ExecuteCore()
    {
        foreach (var crate in Crates)
        {
            if (!Build(crate))
                return false;
        }
        return true;
    }

    private bool Build(ITaskItem crate)
    {
        var invocation = CargoInvocation.For(crate);
        var settings = invocation.Settings;
        var manifest = settings.ManifestPath;
        var package = CargoManifest.Read(manifest).PackageName;
        var what = invocation.Stage.Describe(settings.CargoProfile);
        var run = CargoRuns.Take(BuildEngine, crate, invocation);
        Log.LogMessage(MessageImportance.Low, "RustPgo: {0}{1}", run == null ? "" : "(started before the C# compile) ", invocation.Spec);
        if (invocation.RustFlags.Count > 0)
            Log.LogMessage(MessageImportance.Low, "RustPgo: rustflags (user's, then PGO's): {0}", string.Join(" ", invocation.RustFlags));
        lock (_gate)
        {
            if (_cancelled)
            {
                run?.Cancel();
                return false;
            }
            _current = run ??= CargoRun.Start(invocation);
        }

        var session = new CargoSession(Coded, settings, collectProfileWarnings: invocation.Stage == RustStage.PgoOptimize);
        int exitCode;
        using (new Heartbeat(seconds => Log.LogMessage(MessageImportance.High, "  {0} ({1}): cargo still building ({2}s)", package, what, seconds)))
        {
            run.Attach(session.OnStdout, session.OnStderr);
            try
            {
                exitCode = run.Wait();
            }
            catch (ProcessStartException e)
            {
                throw new RustPgoException(Codes.CargoNotStartable, $"cargo ({invocation.Spec.FileName}) exists but could not be started: {e.InnerException?.Message}. Check that it is an executable for this machine, or set RustCargoPath to one that is.", manifest);
            }
        }
        if (run.WasCancelled || !session.Finish(exitCode))
            return false;
        if (invocation.ProfileUse != null && !ProfileWasRead(session.ProfileWarnings, invocation.ProfileUse))
        {
            // cargo would call that library fresh next time, and rustc would say nothing: it must go.
            foreach (var file in session.Artifact!.Filenames.Where(File.Exists))
                File.Delete(file);
            return false;
        }

        var recordPath = crate.GetMetadata(StageItem.BuildRecord);
        // rustc speaks only when it compiles: what it said last time still holds for a crate cargo found fresh.
        var previous = session.CompiledTheCrate ? null : CargoBuildRecord.TryRead(recordPath);
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
            NativeStaticLibs = session.NativeStaticLibs.Count > 0 ? session.NativeStaticLibs : previous?.NativeStaticLibs ?? Array.Empty<string>(),
            RustFlags = invocation.RustFlags,
            ProfileWarnings = session.CompiledTheCrate ? session.ProfileWarnings : previous?.ProfileWarnings ?? Array.Empty<string>(),
            LocalPackageDirectories = session.LocalPackageDirectories.ToList(),
        };
        if (record.WriteWhenChanged(recordPath) || session.CompiledTheCrate)
            Log.LogMessage(MessageImportance.High, "  {0} ({1}{2}) -> {3} [{4}s]",
                package, what, settings.TargetTriple == null ? "" : ", " + settings.TargetTriple, dynamicLibrary, run.Seconds("0.0"));
        else
            Log.LogMessage(MessageImportance.Normal, "  {0} ({1}): up to date, cargo says [{2}s]", package, what, run.Seconds("0.00"));
        return true;
    }

    /// <summary>
    /// rustc builds without PGO, with a mere warning, when it cannot read the profile: that library must
    /// never ship as a PGO build, so it is an error, no record is written and the library is deleted.
    /// </summary>
    private bool ProfileWasRead(IEnumerable<string> warnings, string profdata)
    {
        var unreadable = new ProfileUseDiagnostics(warnings, profdata).Unreadable;
        if (unreadable.Count == 0)
            return true;
        Coded.Error(Codes.ProfdataUnreadable,
            $"rustc could not read the profile {profdata}, so the library would be built without PGO: {string.Join(" ", unreadable)} The profile must come from llvm-profdata (or the built-in merger) of rustc's LLVM version; re-run the training, or regenerate a checked-in profile with RustPgoProfdataOutput.",
            profdata);
        return false;
    }
}
