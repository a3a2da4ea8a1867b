using Microsoft.Build.Framework;
using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.Optimize;
using RustPgo.Sdk.Tasks.Train;

namespace RustPgo.Sdk.Tasks.Merge;

/// <summary>
/// Merges the training's raw profiles, each with its workload's weight, into the project's one indexed
/// profile, with llvm-profdata of rustc's LLVM version or the built-in merger. A corrupt raw profile (a
/// crashed run) is left out with a warning, or fails the build in strict mode. The output appears whole
/// or not at all; beside it, a <see cref="MergeRecord"/> with each crate's function counts.
/// </summary>
public sealed class MergePgoProfiles : ProcessTask
{
    /// <summary>The raw-profile versions the built-in reader knows, and the LLVM versions whose indexed format it writes.</summary>
    private const int BuiltInRawVersion = RawProfileReader.SupportedVersion;
    private const int OldestBuiltInLlvm = 19;
    private const int NewestBuiltInLlvm = 22;

    /// <summary>RustPgoTrain's result: the raw profiles to merge.</summary>
    [Required] public string TrainingResultFile { get; set; } = "";

    [Required] public string OutputFile { get; set; } = "";
    [Required] public string MergeRecordFile { get; set; } = "";

    /// <summary>The instrumented stage's items: the first one's folder and cargo name the rustc whose LLVM the profile is for.</summary>
    [Required] public ITaskItem[] InstrumentedCrates { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>auto, llvm or builtin.</summary>
    public string Merger { get; set; } = "auto";
    public string? LlvmProfdataPath { get; set; }
    public bool Strict { get; set; }

    protected override bool ExecuteCore()
    {
        // CheckRustPgoProperties has checked the value.
        var mode = Merger.Trim().ToLowerInvariant();

        var rawProfiles = TrainingResult.Read(TrainingResultFile);
        // One merged profile serves every crate, so one rustc (its rust-toolchain.toml decides the LLVM) speaks for all.
        var crate = InstrumentedCrates.First();
        var cargo = ToolLocator.RequireCargo(crate.GetMetadata(StageItem.CargoPath));
        var rustc = RustcInfo.Query(ToolLocator.FindRustc(cargo) ?? "rustc", crate.GetMetadata(StageItem.CrateDirectory));
        var profdata = mode == "builtin" ? null : FindLlvmProfdata(mode, rustc);
        if (profdata == null)
            RequireBuiltInSupports(rustc, rawProfiles);

        // The built-in reader checks every raw profile it can read (exactly, for its version); llvm-profdata
        // judges the others. Its counts give each crate's function counts.
        var read = rawProfiles.ToDictionary(p => p, TryRead);
        var usable = rawProfiles.Where(p => read[p] is not Unreadable).ToList();
        if (Log.HasLoggedErrors)
            return false;
        if (usable.Count == 0)
            throw new RustPgoException(Codes.MergeFailed, $"None of the {rawProfiles.Count} raw profile(s) is readable, so there is nothing to merge. Check the training runs' output: they must exit normally.");

        var temp = AtomicFile.TempSibling(OutputFile);
        try
        {
            var merged = profdata != null ? MergeWithLlvm(profdata, usable, temp) : MergeBuiltIn(usable, temp, rustc);
            if (merged == null)
                return false;
            new MergeRecord
            {
                Merger = profdata?.Path ?? "built-in",
                Merged = merged,
                Crates = CountsPerCrate(merged, read),
            }.Write(MergeRecordFile);
            AtomicFile.Replace(temp, OutputFile);
            Log.LogMessage(MessageImportance.Normal, "  RustPgo: merged {0} raw profile(s) with {1} -> {2}", merged.Count, profdata?.Path ?? "built-in", OutputFile);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
        return true;
    }

    private abstract record ReadOutcome;
    private sealed record Readable(InstrProfile Profile) : ReadOutcome;
    private sealed record Unreadable : ReadOutcome;
    private sealed record ForLlvmProfdata : ReadOutcome;

    private ReadOutcome TryRead(TrainedRawProfile rawProfile)
    {
        if (RawProfileReader.PeekVersion(rawProfile.Path) is { } version && version != BuiltInRawVersion)
            return new ForLlvmProfdata();
        try
        {
            return new Readable(RawProfileReader.Read(rawProfile.Path));
        }
        catch (ProfileFormatException e)
        {
            var message = $"The raw profile {rawProfile.Path} (training '{rawProfile.TrainingName}', crate {rawProfile.Package}) is unreadable: {e.Problem}. A training run that crashed or was killed while writing leaves such a file.";
            if (Strict)
                Coded.Error(Codes.CorruptRawProfile, message + " RustPgoStrict is true, so the build stops.", rawProfile.Path);
            else
                Coded.Warning(Codes.CorruptRawProfile, message + " It is left out of the merge (set RustPgoStrict=true to make this an error).", rawProfile.Path);
            return new Unreadable();
        }
    }

    private LlvmProfdata? FindLlvmProfdata(string mode, RustcInfo rustc)
    {
        var locator = new LlvmProfdataLocator();
        var found = locator.Find(LlvmProfdataPath, Environment.GetEnvironmentVariable("LLVM_PROFDATA"), rustc);
        if (found != null)
            return found;
        var considered = locator.Considered.Count > 0 ? " Considered: " + string.Join("; ", locator.Considered) + "." : "";
        if (locator.MissingExplicit is { } missing)
            throw new RustPgoException(Codes.ProfdataNotFound, $"The llvm-profdata '{missing}' (from RustPgoLlvmProfdataPath or LLVM_PROFDATA) does not exist. {LlvmProfdataLocator.InstallHint(rustc.LlvmMajor)}");
        if (locator.Mismatched is { } wrong)
            throw new RustPgoException(Codes.ProfdataVersionMismatch,
                $"{wrong.Path} (from {wrong.Source}) is LLVM {wrong.LlvmMajor}, but rustc uses LLVM {rustc.LlvmMajor}; an llvm-profdata of another LLVM reads rustc's raw profiles wrongly or writes a profile rustc ignores. {LlvmProfdataLocator.InstallHint(rustc.LlvmMajor)}{considered}");
        if (mode == "llvm")
            throw new RustPgoException(Codes.ProfdataNotFound,
                $"No llvm-profdata of LLVM {rustc.LlvmMajor} (rustc's) was found and RustPgoProfileMerger is 'llvm'. {LlvmProfdataLocator.InstallHint(rustc.LlvmMajor)}{considered}");
        return null;
    }

    /// <summary>The built-in merger reads raw version 10 and writes what rustc of LLVM 19–22 reads; outside that, llvm-profdata must merge.</summary>
    private void RequireBuiltInSupports(RustcInfo rustc, IReadOnlyList<TrainedRawProfile> rawProfiles)
    {
        var outside = rustc.LlvmMajor < OldestBuiltInLlvm || rustc.LlvmMajor > NewestBuiltInLlvm
            ? $"rustc uses LLVM {rustc.LlvmMajor}"
            : rawProfiles.Select(p => (p, RawProfileReader.PeekVersion(p.Path))).FirstOrDefault(x => x.Item2 is { } v && v != BuiltInRawVersion) is { p: { } odd, Item2: { } version }
                ? $"{odd.Path} is raw profile version {version}"
                : null;
        if (outside != null)
            throw new RustPgoException(Codes.UnsupportedProfileFormat,
                $"The built-in merger reads raw profiles of version {BuiltInRawVersion} and writes profiles for LLVM {OldestBuiltInLlvm}–{NewestBuiltInLlvm} (rustc 1.82 and later), but {outside}. Install the llvm-profdata of rustc's LLVM: {LlvmProfdataLocator.InstallHint(rustc.LlvmMajor)}");
    }

    private List<TrainedRawProfile>? MergeWithLlvm(LlvmProfdata profdata, IReadOnlyList<TrainedRawProfile> rawProfiles, string output)
    {
        // llvm-profdata's own failure mode judges the inputs the built-in reader left to it.
        var arguments = new List<string> { "merge", "--failure-mode=" + (Strict ? "any" : "all"), "-o", output };
        arguments.AddRange(rawProfiles.Select(p => $"--weighted-input={p.Weight},{p.Path}"));
        var errors = new List<string>();
        int exitCode;
        try
        {
            exitCode = Runner.Run(new ProcessSpec(profdata.Path, arguments, Path.GetDirectoryName(Path.GetFullPath(OutputFile))!),
                line => Log.LogMessage(MessageImportance.Low, line),
                line => { lock (errors) errors.Add(line); Log.LogMessage(MessageImportance.Low, line); });
        }
        catch (ProcessStartException e)
        {
            throw new RustPgoException(Codes.MergeFailed, $"{profdata.Path} could not be started: {e.InnerException?.Message}. Set RustPgoLlvmProfdataPath to a working llvm-profdata, or RustPgoProfileMerger=builtin.");
        }
        if (Runner.WasCancelled)
            return null;
        if (exitCode != 0)
            throw new RustPgoException(Codes.MergeFailed, $"{profdata.Path} merge failed with exit code {exitCode}: {errors.FirstOrDefault(e => e.Trim().Length > 0) ?? "it printed nothing"} Set RustPgoProfileMerger=builtin to merge without it, or RustPgoLlvmProfdataPath to another llvm-profdata.",
                detail: string.Join(Environment.NewLine, errors));

        var merged = new List<TrainedRawProfile>();
        foreach (var rawProfile in rawProfiles)
        {
            var warning = errors.FirstOrDefault(e => e.StartsWith("warning: " + rawProfile.Path + ":", StringComparison.Ordinal));
            if (warning == null)
                merged.Add(rawProfile);
            else
                Coded.Warning(Codes.CorruptRawProfile, $"llvm-profdata left out the raw profile {rawProfile.Path} (training '{rawProfile.TrainingName}'): {warning.Substring(("warning: " + rawProfile.Path + ":").Length).Trim()}", rawProfile.Path);
        }
        return merged;
    }

    private List<TrainedRawProfile>? MergeBuiltIn(IReadOnlyList<TrainedRawProfile> rawProfiles, string output, RustcInfo rustc)
    {
        // rustc of LLVM 22 reads indexed version 13 (what llvm-profdata 22 writes); LLVM 19–21 read 12.
        var version = LlvmProfdataSearch.IndexedVersionFor(rustc.LlvmMajor);
        MergeResult result;
        try
        {
            result = ProfileMerger.MergeFiles(rawProfiles.Select(p => new WeightedInput(p.Path, p.Weight)).ToList());
        }
        catch (ProfileFormatException e)
        {
            throw new RustPgoException(Codes.MergeFailed, $"The built-in merger failed: {e.Message}", e.FileName);
        }
        foreach (var diagnostic in result.Diagnostics)
            Coded.Warning(Codes.MergeDroppedCounts, $"{NameText.Escape(diagnostic.FunctionName)}: {diagnostic.Message}; the merge dropped that function's counts from {diagnostic.InputFile}. The raw profiles come from different builds of the crate: rebuild with -t:Rebuild.", diagnostic.InputFile);
        IndexedProfileWriter.Write(output, result.Profile, version);
        return rawProfiles.ToList();
    }

    /// <summary>Each crate's functions and executed functions, over the raw profiles of its own library that were merged.</summary>
    private static List<CrateProfileCounts> CountsPerCrate(IReadOnlyList<TrainedRawProfile> merged, IReadOnlyDictionary<TrainedRawProfile, ReadOutcome> read) =>
        merged.GroupBy(p => (p.CrateKey, p.Package))
            .Where(crate => crate.All(p => read[p] is Readable))
            .Select(crate =>
            {
                var functions = new HashSet<(string, ulong)>(FunctionKeyComparer.Instance);
                var executed = new HashSet<(string, ulong)>(FunctionKeyComparer.Instance);
                foreach (var record in crate.SelectMany(p => ((Readable)read[p]).Profile.Records))
                {
                    functions.Add((record.Name, record.Hash));
                    if (record.MaxCount != 0)
                        executed.Add((record.Name, record.Hash));
                }
                return new CrateProfileCounts(crate.Key.CrateKey, crate.Key.Package, functions.Count, executed.Count, crate.Count());
            })
            .ToList();
}
