using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Pgo;
using Task = Microsoft.Build.Utilities.Task;

namespace RustPgo.Sdk.Tasks;

/// <summary>
/// Says what PGO did for one crate: one summary line (printed by every PGO build), one folded warning
/// when the profile does not fit the sources, and a Markdown report with the detail.
/// </summary>
public sealed class WritePgoReport : Task
{
    [Required] public string CrateName { get; set; } = "";

    /// <summary>The profile rustc read.</summary>
    [Required] public string Profile { get; set; } = "";

    /// <summary>Where that profile came from (the merged one, or the checked-in one).</summary>
    public string ProfileSource { get; set; } = "";
    public string CheckedInProfile { get; set; } = "";

    /// <summary>rustc's profile warnings from the optimized build.</summary>
    public ITaskItem[] ProfileDiagnostics { get; set; } = Array.Empty<ITaskItem>();

    public string RawProfilesFile { get; set; } = "";
    public string TrainingsFile { get; set; } = "";
    public int TopFunctions { get; set; } = 20;

    [Required] public string ReportFile { get; set; } = "";
    [Required] public string SummaryFile { get; set; } = "";

    public override bool Execute()
    {
        IndexedProfile profile;
        try
        {
            profile = IndexedProfileReader.Read(Profile);
        }
        catch (ProfileFormatException e)
        {
            Log.Error(Codes.ProfileUnreadable, $"The profile {Profile} cannot be read: {e.Problem}", Profile);
            return false;
        }

        var diagnostics = new ProfileUseDiagnostics(ProfileDiagnostics.Select(d => d.ItemSpec), Profile);
        var checkedIn = CheckedInProfile.Length > 0;
        var rawProfiles = !checkedIn && File.Exists(RawProfilesFile) ? File.ReadAllLines(RawProfilesFile).Where(l => l.Length > 0).ToList() : new List<string>();
        var trainings = !checkedIn && File.Exists(TrainingsFile) ? File.ReadAllLines(TrainingsFile).Where(l => l.Length > 0).ToList() : new List<string>();

        var inProfile = ProfileStatistics.TotalFunctions(profile);
        var total = inProfile + diagnostics.Missing.Count;
        var withData = inProfile - diagnostics.Mismatched.Count;
        var executed = ProfileStatistics.FunctionsWithAnyCount(profile);
        var size = new FileInfo(Profile).Length;

        var source = checkedIn ? $"checked-in profile {CheckedInProfile}" : $"{trainings.Count} training run(s), {rawProfiles.Count} raw profile(s) merged";
        var summary = $"RustPgo: {CrateName}: PGO-optimized, {withData}/{total} functions with profile data, {executed} executed in training; {source}; profile {FormatSize(size)}";
        AtomicFile.WriteAllText(SummaryFile, summary + Environment.NewLine);

        var unfit = diagnostics.Mismatched.Count + diagnostics.Missing.Count;
        if (unfit > 0)
        {
            Log.Warning(Codes.ProfileMismatch,
                $"{CrateName}: the profile does not fit {unfit} of {total} functions ({100.0 * unfit / Math.Max(total, 1):0.#}%): {diagnostics.Mismatched.Count} changed since the training (hash mismatch), {diagnostics.Missing.Count} without profile data. " +
                (checkedIn ? "Refresh the checked-in profile: build once without RustPgoProfile and with RustPgoProfileOutput." : "The training may not match these sources.") +
                $" Details: {ReportFile}");
        }
        foreach (var other in diagnostics.Other)
            Log.LogWarning("rustc", "", "", Profile, 0, 0, 0, 0, other);

        AtomicFile.WriteAllText(ReportFile, Report(profile, diagnostics, summary, rawProfiles, trainings));
        return !Log.HasLoggedErrors;
    }

    private string Report(IndexedProfile profile, ProfileUseDiagnostics diagnostics, string summary, List<string> rawProfiles, List<string> trainings)
    {
        var report = new StringBuilder();
        report.AppendLine($"# RustPgo report: {CrateName}").AppendLine();
        report.AppendLine(summary).AppendLine();
        report.AppendLine($"- Profile: `{ProfileSource}` (used as `{Profile}`)");
        report.AppendLine($"- Generated: {DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture)}").AppendLine();

        // LLVM's IR instrumentation counts a spanning tree of edges, not always the entry block, so the
        // largest counter is the honest measure of heat (it is what `llvm-profdata show --topn` ranks by).
        report.AppendLine($"## Hottest functions (top {TopFunctions} by largest block count)").AppendLine();
        report.AppendLine("| # | Function | Max block count | Counters |").AppendLine("|---:|---|---:|---:|");
        var rank = 0;
        foreach (var hot in ProfileStatistics.Hottest(profile.Records, TopFunctions, HotnessMeasure.MaxCount))
            report.AppendLine($"| {++rank} | `{RustSymbolDemangler.Demangle(hot.Record.Name)}` | {hot.Count:N0} | {hot.Record.Counts.Count} |");
        report.AppendLine();

        report.AppendLine("## Functions without profile data").AppendLine();
        if (diagnostics.Mismatched.Count + diagnostics.Missing.Count == 0)
            report.AppendLine("None: every function rustc compiled found its counts in the profile.");
        foreach (var name in diagnostics.Mismatched)
            report.AppendLine($"- `{RustSymbolDemangler.Demangle(name)}`: changed since the training (hash mismatch)");
        foreach (var name in diagnostics.Missing)
            report.AppendLine($"- `{RustSymbolDemangler.Demangle(name)}`: not in the profile");
        var neverRun = profile.Records.Where(r => r.MaxCount == 0).Select(r => RustSymbolDemangler.Demangle(r.Name)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        report.AppendLine().AppendLine($"{neverRun.Count} function(s) are in the profile but never ran in the training (optimized as cold):").AppendLine();
        foreach (var name in neverRun.Take(100))
            report.AppendLine($"- `{name}`");
        if (neverRun.Count > 100)
            report.AppendLine($"- … and {neverRun.Count - 100} more");
        report.AppendLine();

        if (trainings.Count > 0)
        {
            // One trainings.cache line per workload: name|command|arguments|command line|cargo command|crate|weight|environment|working directory.
            report.AppendLine("## Training runs").AppendLine();
            report.AppendLine("| Workload | Command | Weight | Working directory |").AppendLine("|---|---|---:|---|");
            foreach (var fields in trainings.Select(t => t.Split('|')).Where(f => f.Length >= 9))
            {
                var command = fields[3].Length > 0 ? fields[3]
                    : fields[4].Length > 0 ? $"cargo {fields[4]}" + (fields[5].Length > 0 ? $" ({fields[5]})" : "")
                    : $"{fields[1]} {fields[2]}".Trim();
                report.AppendLine($"| `{Path.GetFileName(fields[0])}` | `{command}` | {(fields[6].Length > 0 ? fields[6] : "1")} | `{fields[8]}` |");
            }
            report.AppendLine();
            report.AppendLine("## Raw profiles merged").AppendLine();
            report.AppendLine("| Weight | File | Training |").AppendLine("|---:|---|---|");
            foreach (var fields in rawProfiles.Select(r => r.Split('|')).Where(f => f.Length >= 3))
                report.AppendLine($"| {fields[0]} | `{fields[1]}` | {fields[2]} |");
        }
        return report.ToString();
    }

    private static string FormatSize(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024.0:0.0} MiB" : $"{bytes / 1024.0:0.0} KiB";
}
