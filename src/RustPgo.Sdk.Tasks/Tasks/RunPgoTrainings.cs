using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Processes;
using Task = Microsoft.Build.Utilities.Task;

namespace RustPgo.Sdk.Tasks;

/// <summary>
/// Runs the training workloads against the instrumented libraries, one after another, each writing its
/// raw profiles into a folder of its own (emptied first: the runtime merges into existing files, so
/// stale counts would pollute this training). Returns the raw profiles with their training's weight.
/// </summary>
public sealed class RunPgoTrainings : Task, ICancelableTask
{
    private const int OutputTailLines = 25;
    private readonly ProcessRunner _runner = new();

    /// <summary>
    /// One item per workload, ItemSpec the name shown. It runs Command with Arguments; or CommandLine
    /// through the shell; or `cargo CargoCommand` of the crate named by Crate (default: the first).
    /// Also: WorkingDirectory, Weight (default 1), Environment (`NAME=value` pairs separated by `;`).
    /// </summary>
    [Required] public ITaskItem[] Trainings { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Training k writes its raw profiles into &lt;ProfileRoot&gt;/k/.</summary>
    [Required] public string ProfileRoot { get; set; } = "";

    /// <summary>Lists the raw profiles (`weight|path|training` per line) for RustPgoMerge.</summary>
    [Required] public string RawProfilesFile { get; set; } = "";

    /// <summary>The instrumented crates (ResolveRustCrates items), for cargo-side trainings.</summary>
    public ITaskItem[] InstrumentedCrates { get; set; } = Array.Empty<ITaskItem>();

    public string? CargoPath { get; set; }

    /// <summary>The instrumented build's cargo target folder, which cargo-side trainings reuse.</summary>
    public string CargoTargetDirectory { get; set; } = "";

    /// <summary>Folders holding the instrumented libraries, put first on the loader's search path.</summary>
    public string[] LibraryDirectories { get; set; } = Array.Empty<string>();

    public string LibraryPathVariable { get; set; } = "LD_LIBRARY_PATH";

    /// <summary>Each raw profile written, with Weight and Training metadata.</summary>
    [Output] public ITaskItem[] RawProfiles { get; private set; } = Array.Empty<ITaskItem>();

    public void Cancel() => _runner.Cancel();

    public override bool Execute()
    {
        // Raw profiles of an earlier training (maybe of more workloads than now) must not leak in.
        if (Directory.Exists(ProfileRoot))
            Directory.Delete(ProfileRoot, recursive: true);
        var profiles = new List<ITaskItem>();
        for (var i = 0; i < Trainings.Length; i++)
        {
            if (!Run(Trainings[i], i + 1, profiles))
                return false;
        }
        RawProfiles = profiles.ToArray();
        AtomicFile.WriteAllLines(RawProfilesFile, profiles.Select(p => $"{p.GetMetadata("Weight")}|{p.ItemSpec}|{p.GetMetadata("Training")}"));
        return !Log.HasLoggedErrors;
    }

    private bool Run(ITaskItem training, int number, List<ITaskItem> profiles)
    {
        var name = training.GetMetadata("DisplayName") is { Length: > 0 } displayName ? displayName : training.ItemSpec;
        var weight = training.GetMetadata("Weight");
        if (!ulong.TryParse(string.IsNullOrEmpty(weight) ? "1" : weight, out var weightValue) || weightValue == 0)
        {
            Log.Error(Codes.InvalidTraining, $"The training '{name}' has Weight '{weight}'; a weight is a whole number of at least 1.");
            return false;
        }

        var profileDirectory = Path.GetFullPath(Path.Combine(ProfileRoot, number.ToString()));
        Directory.CreateDirectory(profileDirectory);

        var spec = SpecFor(training, profileDirectory);
        if (spec == null)
            return false;
        Log.LogMessage(MessageImportance.High, "  RustPgo: training {0} of {1}: {2}", number, Trainings.Length, name);
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
        using var heartbeat = new Heartbeat(seconds =>
            Log.LogMessage(MessageImportance.High, "  RustPgo: training {0} of {1}: {2} still running ({3}s)", number, Trainings.Length, name, seconds));
        try
        {
            exitCode = _runner.Run(spec, Keep, Keep);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Log.Error(Codes.TrainingFailed, $"The training '{name}' could not start '{spec.FileName}': {e.Message}");
            return false;
        }
        heartbeat.Dispose();
        if (_runner.WasCancelled)
            return false;

        if (exitCode != 0)
        {
            Log.Error(Codes.TrainingFailed,
                $"The training '{name}' exited with code {exitCode}. Command: {spec}{Environment.NewLine}Last lines of its output:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}");
            return false;
        }

        var written = Directory.GetFiles(profileDirectory, "*.profraw", SearchOption.AllDirectories);
        if (written.Length == 0)
        {
            Log.Error(Codes.NoRawProfile,
                $"The training '{name}' finished but wrote no raw profile into {profileDirectory}. Either it never loaded the instrumented library (check that it calls into the crate and that nothing loads another copy of the library), or the process did not exit normally: profiles are written at exit, so Environment.FailFast, _exit or a kill write nothing. Command: {spec}");
            return false;
        }

        Log.LogMessage(MessageImportance.High, "  RustPgo: training {0} of {1}: {2} done in {3}s, {4} raw profile(s)",
            number, Trainings.Length, name, heartbeat.Seconds("0.00"), written.Length);
        foreach (var file in written.OrderBy(f => f, StringComparer.Ordinal))
        {
            var item = new TaskItem(file);
            item.SetMetadata("Weight", weightValue.ToString());
            item.SetMetadata("Training", name);
            profiles.Add(item);
        }
        return true;
    }

    private ProcessSpec? SpecFor(ITaskItem training, string profileDirectory)
    {
        if (training.GetMetadata("CargoCommand").Length > 0)
        {
            var cargoSpec = CargoSpecFor(training);
            if (cargoSpec != null)
                cargoSpec.Environment["LLVM_PROFILE_FILE"] = Path.Combine(profileDirectory, "%m_%p.profraw");
            return cargoSpec;
        }

        var workingDirectory = training.GetMetadata("WorkingDirectory");
        if (string.IsNullOrEmpty(workingDirectory))
            workingDirectory = Directory.GetCurrentDirectory();

        // A user's own command line runs through the shell, as it would in a terminal.
        var commandLine = training.GetMetadata("CommandLine");
        var spec = commandLine.Length > 0
            ? (Path.DirectorySeparatorChar == '\\'
                ? new ProcessSpec("cmd.exe", new[] { "/d", "/s", "/c", commandLine }, workingDirectory)
                : new ProcessSpec("/bin/sh", new[] { "-c", commandLine }, workingDirectory))
            : new ProcessSpec(training.GetMetadata("Command"), Cargo.CargoArguments.SplitArguments(training.GetMetadata("Arguments")), workingDirectory);

        // %p keeps concurrent processes of one training apart; %m names one file per instrumented module.
        spec.Environment["LLVM_PROFILE_FILE"] = Path.Combine(profileDirectory, "%m_%p.profraw");
        var libraryPath = string.Join(Path.PathSeparator.ToString(), LibraryDirectories.Where(d => d.Length > 0));
        if (libraryPath.Length > 0)
        {
            var existing = Environment.GetEnvironmentVariable(LibraryPathVariable);
            spec.Environment[LibraryPathVariable] = string.IsNullOrEmpty(existing) ? libraryPath : libraryPath + Path.PathSeparator + existing;
            spec.Environment["RUSTPGO_INSTRUMENTED_LIBRARY_DIR"] = libraryPath;
        }
        foreach (var pair in training.GetMetadata("Environment").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0)
                spec.Environment[pair.Substring(0, eq).Trim()] = pair.Substring(eq + 1);
        }
        return spec;
    }

    /// <summary>
    /// `cargo test|bench|run --example X` of a crate, built exactly as RustPgoInstrument built it (same
    /// profile, target, target folder and rustflags), so the crate's code is instrumented the same way.
    /// </summary>
    private ProcessSpec? CargoSpecFor(ITaskItem training)
    {
        var crateManifest = training.GetMetadata("Crate");
        var crate = crateManifest.Length == 0
            ? InstrumentedCrates.FirstOrDefault()
            : InstrumentedCrates.FirstOrDefault(c => string.Equals(Path.GetFullPath(c.ItemSpec), Path.GetFullPath(crateManifest), StringComparison.Ordinal)
                                                    || string.Equals(c.GetMetadata("CrateDirectory"), Path.GetFullPath(crateManifest).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal));
        if (crate == null)
        {
            Log.Error(Codes.InvalidTraining, $"The training '{training.ItemSpec}' names the crate '{crateManifest}', which is not a RustCrate of this project.");
            return null;
        }

        var cargo = Platform.ToolLocator.FindCargo(CargoPath) ?? "cargo";
        var arguments = Cargo.CargoArguments.SplitArguments(training.GetMetadata("CargoCommand"));
        arguments.AddRange(new[]
        {
            "--manifest-path", crate.ItemSpec,
            "--profile", crate.GetMetadata("CargoProfile"),
            "--target", crate.GetMetadata("TargetTriple"),
            "--target-dir", CargoTargetDirectory,
        });
        arguments.AddRange(Cargo.CargoArguments.ForFeatures(
            crate.GetMetadata("Features"), crate.GetMetadata("NoDefaultFeatures") == "true", crate.GetMetadata("AllFeatures") == "true"));
        var extra = training.GetMetadata("Arguments");
        if (extra.Length > 0)
        {
            arguments.Add("--");
            arguments.AddRange(Cargo.CargoArguments.SplitArguments(extra));
        }

        var spec = new ProcessSpec(cargo, arguments, crate.GetMetadata("CrateDirectory"));
        spec.Environment["CARGO_ENCODED_RUSTFLAGS"] = File.ReadAllText(Path.Combine(crate.GetMetadata("StateDirectory"), "rustflags.txt"));
        spec.Environment["RUSTFLAGS"] = null;
        spec.Environment["CARGO_TERM_PROGRESS_WHEN"] = "never";
        return spec;
    }
}
