using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Diagnostics;

namespace RustPgo.Sdk.Tasks.Train;

/// <summary>
/// Turns the RustPgoTraining items (or, for an Exe with none, the app itself) into the training plan,
/// checks each definition, and names the projects to build against the instrumented libraries. A training
/// result that no longer stands (a raw profile of it is gone, or RustPgoRetrain asks) is forgotten, so the
/// trainings run again.
/// </summary>
public sealed class PlanPgoTrainings : RustPgoTask
{
    public ITaskItem[] Trainings { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The RustCrate items, which a cargo-side training's Crate metadata names.</summary>
    public ITaskItem[] Crates { get; set; } = Array.Empty<ITaskItem>();

    public string OutputType { get; set; } = "";

    /// <summary>RustPgoTrainArguments: the arguments of the app's run on itself when it has no RustPgoTraining item.</summary>
    public string SelfTrainingArguments { get; set; } = "";

    /// <summary>RustPgoTrainingTimeout: seconds a workload without Timeout metadata may run (0: no limit).</summary>
    public string DefaultTimeout { get; set; } = "0";

    /// <summary>Each training project is built into &lt;AppsDirectory&gt;/&lt;project name&gt;/.</summary>
    [Required] public string AppsDirectory { get; set; } = "";

    [Required] public string PlanFile { get; set; } = "";

    /// <summary>The last training's result (RunPgoTrainings writes it).</summary>
    public string ResultFile { get; set; } = "";

    /// <summary>RustPgoRetrain: train again even though nothing the SDK watches changed.</summary>
    public bool Retrain { get; set; }

    /// <summary>The projects to build: metadata Number, IsSelf (this project itself) and AdditionalProperties (their OutDir).</summary>
    [Output] public ITaskItem[] Projects { get; private set; } = Array.Empty<ITaskItem>();

    protected override bool ExecuteCore()
    {
        var definitions = Trainings.Length > 0 ? Trainings : SelfTraining();
        if (definitions.Length == 0)
        {
            Coded.Error(Codes.NoTrainingWorkload,
                $"RustPgo is true but {Path.GetFileNameWithoutExtension(ProjectFullPath)} has no training workload: a {(OutputType.Length > 0 ? OutputType : "Library")} is not run by default. Add one, e.g. <RustPgoTraining Include=\"../MyApp.Tests/MyApp.Tests.csproj\" /> or <RustPgoTraining Include=\"bench\" CargoCommand=\"bench\" />; see the README.");
            return false;
        }

        var workloads = new List<Workload>();
        var projects = new List<ITaskItem>();
        for (var i = 0; i < definitions.Length; i++)
        {
            var workload = Define(definitions[i], i + 1);
            if (workload == null)
                continue;
            workloads.Add(workload);
            if (workload.Kind == WorkloadKind.Project)
                projects.Add(ProjectToBuild(workload));
        }
        if (Log.HasLoggedErrors)
            return false;
        TrainingPlan.WriteWhenChanged(PlanFile, workloads);
        ForgetResultThatNoLongerStands();
        Projects = projects.ToArray();
        return true;
    }

    private void ForgetResultThatNoLongerStands()
    {
        if (ResultFile.Length == 0 || !File.Exists(ResultFile))
            return;
        var result = Retrain ? null : TrainingResult.TryRead(ResultFile);
        var reason = Retrain ? "RustPgoRetrain is true"
            : result == null ? "the last result is unreadable"
            : result.FirstOrDefault(p => !File.Exists(p.Path)) is { } gone ? $"the raw profile {gone.Path} is gone"
            : null;
        if (reason == null)
            return;
        Log.LogMessage(MessageImportance.Normal, "  RustPgo: training again: {0}", reason);
        File.Delete(ResultFile);
    }

    private ITaskItem[] SelfTraining()
    {
        if (OutputType is not ("Exe" or "WinExe"))
            return Array.Empty<ITaskItem>();
        var self = new TaskItem(ProjectFullPath);
        self.SetMetadata("Arguments", SelfTrainingArguments);
        return new ITaskItem[] { self };
    }

    private Workload? Define(ITaskItem item, int number)
    {
        var name = item.ItemSpec;
        var weightText = item.GetMetadata("Weight");
        if (!ulong.TryParse(weightText.Length == 0 ? "1" : weightText, out var weight) || weight == 0)
            return Invalid(name, $"has Weight '{weightText}'; a weight is a whole number of at least 1");

        var timeoutText = item.GetMetadata("Timeout") is { Length: > 0 } own ? own : DefaultTimeout;
        if (!TryParseSeconds(timeoutText, out var timeout))
            return Invalid(name, $"has Timeout '{timeoutText}'; a timeout is a number of seconds, 0 for none");

        var commandLine = item.GetMetadata("CommandLine");
        var cargoCommand = item.GetMetadata("CargoCommand");
        if (commandLine.Length > 0 && cargoCommand.Length > 0)
            return Invalid(name, "has both CommandLine and CargoCommand; a training is one of a project, a command line or a cargo command");

        var projectDirectory = Path.GetDirectoryName(ProjectFullPath)!;
        var workload = new Workload
        {
            Number = number,
            Name = name,
            Weight = weight,
            Arguments = item.GetMetadata("Arguments"),
            Environment = item.GetMetadata("Environment"),
            WorkingDirectory = item.GetMetadata("WorkingDirectory") is { Length: > 0 } dir ? Path.GetFullPath(Path.Combine(projectDirectory, dir)) : projectDirectory,
            TimeoutSeconds = timeout,
        };
        if (commandLine.Length > 0)
            return workload with { Kind = WorkloadKind.CommandLine, What = commandLine };
        if (cargoCommand.Length > 0)
        {
            var crate = CrateOf(item.GetMetadata("Crate"), projectDirectory);
            return crate == null
                ? Invalid(name, $"names the crate '{item.GetMetadata("Crate")}', which is not a RustCrate of this project")
                : workload with { Kind = WorkloadKind.Cargo, What = cargoCommand, Crate = crate };
        }

        var project = item.GetMetadata("FullPath");
        if (!File.Exists(project))
            return Invalid(name, $"is a project path, but {project} does not exist. A RustPgoTraining item is a project path, or has CommandLine or CargoCommand metadata");
        return workload with { Kind = WorkloadKind.Project, What = project, Name = Path.GetFileNameWithoutExtension(project) };
    }

    /// <summary>A whole or decimal number of seconds, at least 0.</summary>
    internal static bool TryParseSeconds(string text, out double seconds) =>
        double.TryParse(text.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out seconds)
        && seconds >= 0 && !double.IsInfinity(seconds);

    /// <summary>The Cargo.toml of the RustCrate named by a cargo-side training's Crate metadata (default: the first).</summary>
    private string? CrateOf(string crate, string projectDirectory)
    {
        var manifests = Crates.Select(c => ManifestPath(c.GetMetadata("FullPath"))).ToList();
        if (crate.Length == 0)
            return manifests.FirstOrDefault();
        var wanted = ManifestPath(Path.GetFullPath(Path.Combine(projectDirectory, crate)));
        return manifests.FirstOrDefault(m => string.Equals(m, wanted, StringComparison.Ordinal));
    }

    private static string ManifestPath(string path) =>
        Directory.Exists(path) ? Path.Combine(path, "Cargo.toml") : path;

    private ITaskItem ProjectToBuild(Workload workload)
    {
        var isSelf = string.Equals(Path.GetFullPath(workload.What), Path.GetFullPath(ProjectFullPath), StringComparison.Ordinal);
        // Escaped: a `;` or `%` in a path must not split the MSBuild call's properties (OutDir=…;Configuration=…).
        var item = new TaskItem(Stages.StageItem.Escape(workload.What));
        item.SetMetadata("Number", workload.Number.ToString());
        item.SetMetadata("IsSelf", isSelf ? "true" : "false");
        var outDir = Path.Combine(AppsDirectory, Path.GetFileNameWithoutExtension(workload.What)) + Path.DirectorySeparatorChar;
        item.SetMetadata("AdditionalProperties", "OutDir=" + Stages.StageItem.Escape(outDir));
        return item;
    }

    private Workload? Invalid(string name, string problem)
    {
        Coded.Error(Codes.InvalidTraining, $"The RustPgoTraining '{name}' {problem}.");
        return null;
    }
}
