using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Pgo;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;
using Task = Microsoft.Build.Utilities.Task;

namespace RustPgo.Sdk.Tasks;

/// <summary>
/// Merges the trainings' raw profiles, each with its training's weight, into one indexed profile, with
/// llvm-profdata of rustc's LLVM version or the built-in merger. Corrupt raw profiles (a crashed run)
/// are left out with a warning, or fail the build in strict mode. The output appears whole or not at all.
/// </summary>
public sealed class MergePgoProfiles : Task, ICancelableTask
{
    private readonly ProcessRunner _runner = new();

    /// <summary>RunPgoTrainings' list of raw profiles: `weight|path|training` per line.</summary>
    [Required] public string RawProfilesFile { get; set; } = "";
    [Required] public string OutputFile { get; set; } = "";

    /// <summary>The folder rustc runs in (its rust-toolchain.toml decides the LLVM version).</summary>
    [Required] public string CrateDirectory { get; set; } = "";

    /// <summary>auto, llvm or builtin.</summary>
    public string Merger { get; set; } = "auto";
    public string? LlvmProfdataPath { get; set; }
    public string? CargoPath { get; set; }
    public bool Strict { get; set; }

    /// <summary>The raw profiles that went into the merge (corrupt ones left out).</summary>
    [Output] public ITaskItem[] MergedRawProfiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Which merger ran: the llvm-profdata path, or "built-in".</summary>
    [Output] public string MergerUsed { get; private set; } = "";

    public void Cancel() => _runner.Cancel();

    public override bool Execute()
    {
        var rawProfiles = File.ReadAllLines(RawProfilesFile).Where(l => l.Length > 0).Select(ParseRawProfileLine).ToArray();
        var usable = rawProfiles.Where(IsReadable).ToArray();
        if (Log.HasLoggedErrors)
            return false;
        if (usable.Length == 0)
        {
            Log.Error(Codes.MergeFailed, $"None of the {rawProfiles.Length} raw profile(s) is readable, so there is nothing to merge. Check the training runs' output: they must exit normally.");
            return false;
        }

        var rustc = FindRustc();
        if (rustc == null)
            return false;

        var mode = Merger.Trim().ToLowerInvariant();
        if (mode is not ("auto" or "llvm" or "builtin"))
        {
            Log.Error(Codes.MergeFailed, $"RustPgoProfileMerger is '{Merger}'; use auto, llvm or builtin.");
            return false;
        }

        LlvmProfdata? profdata = null;
        if (mode != "builtin")
        {
            var locator = new LlvmProfdataLocator();
            profdata = locator.Find(LlvmProfdataPath, Environment.GetEnvironmentVariable("LLVM_PROFDATA"), rustc);
            if (profdata == null && (mode == "llvm" || locator.Mismatched != null || locator.MissingExplicit != null))
            {
                ReportNoProfdata(locator, rustc);
                return false;
            }
        }

        var temp = AtomicFile.TempSibling(OutputFile);
        try
        {
            var merged = profdata != null ? MergeWithLlvm(profdata, usable, temp) : MergeBuiltIn(usable, temp, rustc);
            if (!merged)
                return false;
            AtomicFile.Replace(temp, OutputFile);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }

        MergedRawProfiles = usable;
        MergerUsed = profdata?.Path ?? "built-in";
        Log.LogMessage(MessageImportance.Normal, "  RustPgo: merged {0} raw profile(s) with {1} -> {2}", usable.Length, MergerUsed, OutputFile);
        return true;
    }

    private static ITaskItem ParseRawProfileLine(string line)
    {
        var parts = line.Split('|');
        var item = new TaskItem(parts[1]);
        item.SetMetadata("Weight", parts[0]);
        item.SetMetadata("Training", parts.Length > 2 ? parts[2] : "");
        return item;
    }

    private bool IsReadable(ITaskItem rawProfile)
    {
        try
        {
            RawProfileReader.Read(rawProfile.ItemSpec);
            return true;
        }
        catch (ProfileFormatException e)
        {
            var message = $"The raw profile {rawProfile.ItemSpec} (training '{rawProfile.GetMetadata("Training")}') is unreadable: {e.Problem}. A training run that crashed or was killed while writing leaves such a file.";
            if (Strict)
                Log.Error(Codes.CorruptRawProfile, message + " RustPgoStrict is true, so the build stops.", rawProfile.ItemSpec);
            else
                Log.Warning(Codes.CorruptRawProfile, message + " It is left out of the merge (set RustPgoStrict=true to make this an error).", rawProfile.ItemSpec);
            return false;
        }
    }

    private RustcInfo? FindRustc()
    {
        var cargo = ToolLocator.FindCargo(CargoPath);
        var rustc = cargo != null ? ToolLocator.FindRustc(cargo) : ToolLocator.FindOnPath("rustc");
        if (rustc == null)
        {
            Log.Error(Codes.RustcNotFound, "rustc was not found, so its LLVM version is unknown. Install Rust from https://rustup.rs, or set RustCargoPath.");
            return null;
        }
        try
        {
            return RustcInfo.Query(rustc, CrateDirectory);
        }
        catch (Exception e) when (e is FormatException or System.ComponentModel.Win32Exception)
        {
            Log.Error(Codes.RustcNotFound, e.Message);
            return null;
        }
    }

    private void ReportNoProfdata(LlvmProfdataLocator locator, RustcInfo rustc)
    {
        var considered = locator.Considered.Count > 0 ? " Considered: " + string.Join("; ", locator.Considered) + "." : "";
        if (locator.MissingExplicit is { } missing)
        {
            Log.Error(Codes.ProfdataNotFound, $"The llvm-profdata '{missing}' (from RustPgoLlvmProfdataPath or LLVM_PROFDATA) does not exist. {LlvmProfdataLocator.InstallHint(rustc.LlvmMajor)}");
            return;
        }
        if (locator.Mismatched is { } wrong)
        {
            Log.Error(Codes.ProfdataVersionMismatch,
                $"{wrong.Path} (from {wrong.Source}) is LLVM {wrong.LlvmMajor}, but rustc uses LLVM {rustc.LlvmMajor}; an llvm-profdata of another LLVM reads rustc's raw profiles wrongly or writes a profile rustc ignores. {LlvmProfdataLocator.InstallHint(rustc.LlvmMajor)}{considered}");
            return;
        }
        Log.Error(Codes.ProfdataNotFound,
            $"No llvm-profdata of LLVM {rustc.LlvmMajor} (rustc's) was found and RustPgoProfileMerger is 'llvm'. {LlvmProfdataLocator.InstallHint(rustc.LlvmMajor)}{considered}");
    }

    private bool MergeWithLlvm(LlvmProfdata profdata, ITaskItem[] rawProfiles, string output)
    {
        var arguments = new List<string> { "merge", "-o", output };
        arguments.AddRange(rawProfiles.Select(p => $"--weighted-input={p.GetMetadata("Weight")},{p.ItemSpec}"));
        var errors = new List<string>();
        var exitCode = _runner.Run(
            new ProcessSpec(profdata.Path, arguments, Path.GetDirectoryName(Path.GetFullPath(OutputFile))!),
            line => Log.LogMessage(MessageImportance.Low, line),
            line => { errors.Add(line); Log.LogMessage(MessageImportance.Low, line); });
        if (_runner.WasCancelled)
            return false;
        if (exitCode != 0)
        {
            Log.Error(Codes.MergeFailed, $"{profdata.Path} merge failed with exit code {exitCode}: {string.Join(Environment.NewLine, errors)}");
            return false;
        }
        return true;
    }

    private bool MergeBuiltIn(ITaskItem[] rawProfiles, string output, RustcInfo rustc)
    {
        // rustc of LLVM 22 reads indexed version 13 (what llvm-profdata 22 writes); LLVM 19–21 read 12.
        var version = rustc.LlvmMajor >= 22 ? 13 : 12;
        try
        {
            BuiltInMerger.Merge(rawProfiles.Select(p => (p.ItemSpec, ulong.Parse(p.GetMetadata("Weight")))).ToList(), output, version,
                warning => Log.Warning(Codes.MergeFailed, warning));
            return true;
        }
        catch (ProfileFormatException e)
        {
            Log.Error(Codes.MergeFailed, $"The built-in merger failed: {e.Message}", e.FileName);
            return false;
        }
    }
}
