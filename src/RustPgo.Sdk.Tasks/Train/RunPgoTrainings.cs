using System.Runtime.InteropServices;
using Microsoft.Build.Framework;
using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Train;

/// <summary>
/// Runs the planned training workloads against the instrumented libraries, one after another. Each
/// instrumented library writes its raw profile into its own folder (its -Cprofile-generate), emptied
/// before every workload (the runtime merges into existing files, so stale counts would pollute it);
/// after the workload the files move to raw/&lt;workload&gt;/&lt;crate&gt;/, so every raw profile is known by
/// its workload (weight) and its crate.
/// </summary>
public sealed class RunPgoTrainings : ProcessTask
{
    private const int OutputTailLines = 25;

    [Required] public string PlanFile { get; set; } = "";

    /// <summary>The instrumented stage's items (from RustPgoInstrument).</summary>
    [Required] public ITaskItem[] InstrumentedCrates { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The built training projects' assemblies, metadata Number naming their workload.</summary>
    public ITaskItem[] TrainingAssemblies { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>raw/: workload k's raw profiles land in raw/k/&lt;crate&gt;/.</summary>
    [Required] public string RawProfilesDirectory { get; set; } = "";

    [Required] public string ResultFile { get; set; } = "";

    public string DotnetHost { get; set; } = "dotnet";

    protected override bool ExecuteCore()
    {
        var workloads = TrainingPlan.Read(PlanFile);
        var crates = InstrumentedCrates.Select(c => new InstrumentedCrate(c, CargoBuildRecord.Read(c.GetMetadata(StageItem.BuildRecord)))).ToList();
        var context = new TrainingContext(
            HostOs,
            crates.Select(c => Path.GetDirectoryName(c.Record.DynamicLibrary!)!).Distinct().ToList(),
            DotnetHost,
            Environment.GetEnvironmentVariable(RustTargets.LibraryPathVariable(HostOs)));

        // Raw profiles of an earlier training (maybe of more workloads than now) must not leak in.
        if (Directory.Exists(RawProfilesDirectory))
            Directory.Delete(RawProfilesDirectory, recursive: true);
        var profiles = new List<TrainedRawProfile>();
        foreach (var workload in workloads)
        {
            var spec = SpecFor(workload, crates, context);
            if (!Run(workload, workloads.Count, spec, crates, profiles))
                return false;
        }

        var untrained = crates.Where(c => !profiles.Any(p => p.CrateKey == c.Key)).ToList();
        foreach (var crate in untrained)
        {
            Coded.Error(Codes.NoRawProfile,
                $"No training wrote a raw profile for the crate {crate.Record.Package} ({crate.Manifest}): none of the {workloads.Count} workload(s) loaded its instrumented library {crate.Record.DynamicLibrary}. Add a workload that calls into it, or move the crate to a project of its own.",
                crate.Manifest);
        }
        if (untrained.Count > 0)
            return false;
        TrainingResult.Write(ResultFile, profiles);
        return true;
    }

    private static TargetOs HostOs =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? TargetOs.Windows
        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? TargetOs.MacOS
        : TargetOs.Unix;

    private ProcessSpec SpecFor(Workload workload, List<InstrumentedCrate> crates, TrainingContext context)
    {
        switch (workload.Kind)
        {
            case WorkloadKind.CommandLine:
                return TrainingCommand.ForCommandLine(workload, context);
            case WorkloadKind.Cargo:
                var crate = crates.FirstOrDefault(c => string.Equals(c.Manifest, workload.Crate, StringComparison.Ordinal))
                    ?? throw new RustPgoException(Codes.InvalidTraining, $"The training '{workload.Name}' names the crate {workload.Crate}, which is not a RustCrate of this project.");
                return TrainingCommand.ForCargo(workload, ToolLocator.RequireCargo(crate.Item.GetMetadata(StageItem.CargoPath)), CargoBuildSettings.Of(crate.Item), crate.Record.RustFlags, context);
            default:
                var assembly = TrainingAssemblies.FirstOrDefault(a => a.GetMetadata("Number") == workload.Number.ToString())
                    ?? throw new RustPgoException(Codes.StateUnreadable, $"The training project {workload.What} was not built; RustPgoTrain builds it. Build again without -t:.");
                return TrainingCommand.ForAssembly(workload, assembly.GetMetadata("FullPath"), context);
        }
    }

    private bool Run(Workload workload, int count, ProcessSpec spec, List<InstrumentedCrate> crates, List<TrainedRawProfile> profiles)
    {
        foreach (var crate in crates)
            EmptyFolder(crate.RawProfileDirectory);
        Log.LogMessage(MessageImportance.High, "  RustPgo: training {0} of {1}: {2}", workload.Number, count, workload.Name);
        Log.LogMessage(MessageImportance.Low, "RustPgo: {0} (in {1})", spec, spec.WorkingDirectory);

        var tail = new Queue<string>();
        void Keep(string line)
        {
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > OutputTailLines)
                    tail.Dequeue();
            }
            Log.LogMessage(MessageImportance.Low, "    {0}", line);
        }

        int exitCode;
        using (var heartbeat = new Heartbeat(seconds =>
            Log.LogMessage(MessageImportance.High, "  RustPgo: training {0} of {1}: {2} still running ({3}s)", workload.Number, count, workload.Name, seconds)))
        {
            try
            {
                exitCode = Runner.Run(spec, Keep, Keep, workload.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(workload.TimeoutSeconds) : null);
            }
            catch (ProcessStartException e)
            {
                throw new RustPgoException(Codes.TrainingNotStartable, $"The training '{workload.Name}' could not start: {e.Message}. Check its command, and that its WorkingDirectory exists. Command: {spec}");
            }
            if (Runner.WasCancelled)
                return false;
            if (Runner.TimedOut)
            {
                Coded.Error(Codes.TrainingTimedOut,
                    $"The training '{workload.Name}' ran longer than its limit of {workload.TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s and was ended, with every process it started; nothing of it is merged. Give it more time (Timeout metadata on its RustPgoTraining item, or RustPgoTrainingTimeout; 0 for none), or find what made it hang. Command: {spec}");
                return false;
            }
            if (exitCode != 0)
            {
                Coded.Error(Codes.TrainingFailed,
                    $"The training '{workload.Name}' exited with code {exitCode}; the last lines of its output follow. Fix the workload: it must succeed. Command: {spec}",
                    detail: "Last lines of its output:" + Environment.NewLine + string.Join(Environment.NewLine, tail.Select(line => "    " + line)));
                return false;
            }

            var written = CollectRawProfiles(workload, crates);
            if (written.Count == 0)
            {
                Coded.Error(Codes.NoRawProfile,
                    $"The training '{workload.Name}' finished but no instrumented library wrote a raw profile. Either it never loaded one (check that it calls into the crate and that nothing loads another copy of the library, e.g. from the app's folder), or the process did not exit normally: profiles are written at exit, so Environment.FailFast, _exit or a kill write nothing. Command: {spec}");
                return false;
            }
            profiles.AddRange(written);
            Log.LogMessage(MessageImportance.High, "  RustPgo: training {0} of {1}: {2} done in {3}s, {4} raw profile(s)",
                workload.Number, count, workload.Name, heartbeat.Seconds("0.00"), written.Count);
        }
        return true;
    }

    /// <summary>Moves what the workload wrote into raw/&lt;workload&gt;/&lt;crate&gt;/, where no later workload touches it.</summary>
    private List<TrainedRawProfile> CollectRawProfiles(Workload workload, List<InstrumentedCrate> crates)
    {
        var written = new List<TrainedRawProfile>();
        foreach (var crate in crates)
        {
            if (!Directory.Exists(crate.RawProfileDirectory))
                continue;
            var destination = Path.Combine(RawProfilesDirectory, workload.Number.ToString(), crate.Key);
            foreach (var file in Directory.GetFiles(crate.RawProfileDirectory, "*.profraw").OrderBy(f => f, StringComparer.Ordinal))
            {
                Directory.CreateDirectory(destination);
                var target = Path.Combine(destination, Path.GetFileName(file));
                File.Move(file, target);
                written.Add(new TrainedRawProfile(target, workload.Number, workload.Name, workload.Weight, crate.Key, crate.Record.Package));
            }
        }
        return written;
    }

    private static void EmptyFolder(string folder)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
    }

    private sealed record InstrumentedCrate(ITaskItem Item, CargoBuildRecord Record)
    {
        public string Manifest => Item.ItemSpec;
        public string Key => Item.GetMetadata(StageItem.CrateKey);
        public string RawProfileDirectory => Item.GetMetadata(StageItem.ProfileGenerateDirectory);
    }
}
