using System.Globalization;
using Microsoft.Build.Framework;
using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Merge;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.State;
using RustPgo.Sdk.Tasks.Train;

namespace RustPgo.Sdk.Tasks.Optimize;

/// <summary>
/// Says what PGO did for each crate of the optimized stage: its summary line (printed by every PGO build,
/// the no-op ones included), one folded warning when the profile does not fit its sources, and a Markdown
/// report with the detail. The report is rewritten only when the build, the merge or the profile is newer.
/// </summary>
public sealed class WritePgoReports : RustPgoTask
{
    /// <summary>The pgo-optimize stage items.</summary>
    [Required] public ITaskItem[] Crates { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>RustPgoMerge's record; empty for a checked-in profile.</summary>
    public string MergeRecordFile { get; set; } = "";

    /// <summary>The training plan, for the report's table of workloads.</summary>
    public string TrainingPlanFile { get; set; } = "";

    /// <summary>RustPgoProfdata as the user wrote it, when a checked-in profile replaces the training.</summary>
    public string CheckedInProfdata { get; set; } = "";

    public int TopFunctions { get; set; } = 20;

    /// <summary>A Native AOT app links the crates' staticlibs (PublishAot): the summary says so.</summary>
    public bool LinkedStatically { get; set; }

    protected override bool ExecuteCore()
    {
        foreach (var crate in Crates)
        {
            var reportFile = Path.Combine(crate.GetMetadata(StageItem.StateDirectory), "rustpgo-report.md");
            var summary = IsUpToDate(crate, reportFile) ? ReadSummary(reportFile) : null;
            if (summary != null && (summary.EndsWith(CrateSummary.NativeAotSuffix, StringComparison.Ordinal) != LinkedStatically
                || !summary.Contains(crate.GetMetadata(StageItem.PgoCodegen))))
                summary = null;
            summary ??= Write(crate, reportFile);
            Log.LogMessage(MessageImportance.High, "  {0}", summary);
        }
        return !Log.HasLoggedErrors;
    }

    private bool IsUpToDate(ITaskItem crate, string reportFile)
    {
        if (!File.Exists(reportFile))
            return false;
        var written = File.GetLastWriteTimeUtc(reportFile);
        // The build record names the profile it was built with (a new profile is a new record).
        var inputs = new[] { crate.GetMetadata(StageItem.BuildRecord), MergeRecordFile, TrainingPlanFile };
        return inputs.Where(f => f.Length > 0 && File.Exists(f)).All(f => File.GetLastWriteTimeUtc(f) <= written);
    }

    /// <summary>The summary line is the report's third line.</summary>
    private static string? ReadSummary(string reportFile) =>
        File.ReadLines(reportFile).Skip(2).FirstOrDefault() is { } line && line.StartsWith("RustPgo: ", StringComparison.Ordinal) ? line : null;

    private string Write(ITaskItem crate, string reportFile)
    {
        var record = CargoBuildRecord.Read(crate.GetMetadata(StageItem.BuildRecord));
        var profdataPath = record.ProfileUse ?? throw new RustPgoException(Codes.StateUnreadable,
            $"The build record {crate.GetMetadata(StageItem.BuildRecord)} names no profile; RustPgoOptimize writes it. Build again (without -t:).");
        IndexedProfile profile;
        try
        {
            profile = IndexedProfileReader.Read(profdataPath);
        }
        catch (ProfileFormatException e)
        {
            throw new RustPgoException(Codes.ProfdataUnreadable, $"The profile {profdataPath} cannot be read: {e.Problem}", profdataPath);
        }

        var checkedIn = CheckedInProfdata.Length > 0;
        var merge = checkedIn ? null : MergeRecord.Read(MergeRecordFile);
        var crateKey = crate.GetMetadata(StageItem.CrateKey);
        var rawProfiles = merge?.Merged.Where(p => p.CrateKey == crateKey).ToList() ?? new List<TrainedRawProfile>();
        var diagnostics = new ProfileUseDiagnostics(record.ProfileWarnings, profdataPath);
        var source = checkedIn
            ? $"checked-in profile {CheckedInProfdata}"
            : $"{rawProfiles.Select(p => p.Training).Distinct().Count()} training run(s), {rawProfiles.Count} raw profile(s) merged";
        var summary = new CrateSummary(record.Package, merge?.Crates.FirstOrDefault(c => c.CrateKey == crateKey),
            diagnostics.Mismatched.Count, diagnostics.Missing.Count, source, new FileInfo(profdataPath).Length, LinkedStatically && record.StaticLibrary != null,
            crate.GetMetadata(StageItem.PgoCodegen), crate.GetMetadata(StageItem.OptLevel) != "0");

        if (summary.Unfit > 0)
        {
            Coded.Warning(Codes.ProfileMismatch,
                $"{record.Package}: the profile does not fit {summary.Unfit}{(summary.Total is { } total ? " of " + total : "")} functions{summary.UnfitShare()}: {diagnostics.Mismatched.Count} changed since the training (hash mismatch), {diagnostics.Missing.Count} without profile data. " +
                (checkedIn ? "Refresh the checked-in profile: build once without RustPgoProfdata and with RustPgoProfdataOutput." : "The training may not match these sources.") +
                $" Details: {reportFile}");
        }
        foreach (var other in diagnostics.Other)
            Log.LogWarning("rustc", "", "", profdataPath, 0, 0, 0, 0, other);

        var crateFunctions = CrateFunctionKeys(rawProfiles);
        var records = crateFunctions == null ? profile.Records : profile.Records.Where(r => crateFunctions.Contains((r.Name, r.Hash))).ToList();
        AtomicFile.WriteAllText(reportFile, Report(record.Package, summary, profdataPath, records, diagnostics, rawProfiles));
        return summary.Line();
    }

    /// <summary>The functions of the crate's own raw profiles (null when none can be read: show the whole profile).</summary>
    private static HashSet<(string, ulong)>? CrateFunctionKeys(List<TrainedRawProfile> rawProfiles)
    {
        var keys = new HashSet<(string, ulong)>(FunctionKeyComparer.Instance);
        foreach (var rawProfile in rawProfiles)
        {
            try
            {
                foreach (var record in RawProfileReader.Read(rawProfile.Path).Records)
                    keys.Add((record.Name, record.Hash));
            }
            catch (Exception e) when (e is ProfileFormatException or IOException)
            {
                return null;
            }
        }
        return rawProfiles.Count == 0 ? null : keys;
    }

    /// <summary>The Markdown report. Function names come from the profile (a checked-in one too): every one is escaped.</summary>
    internal string Report(string package, CrateSummary summary, string profdataPath, IReadOnlyList<ProfileRecord> records,
        ProfileUseDiagnostics diagnostics, List<TrainedRawProfile> rawProfiles)
    {
        var report = new StringBuilder();
        report.AppendLine($"# RustPgo report: {MarkdownText.Text(package)}").AppendLine();
        report.AppendLine(summary.Line()).AppendLine();
        report.AppendLine($"- Profile: {MarkdownText.Code(profdataPath)}{(CheckedInProfdata.Length > 0 ? $" (from {MarkdownText.Code(CheckedInProfdata)})" : "")}");
        report.AppendLine($"- Generated: {DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture)}").AppendLine();

        // LLVM's IR instrumentation counts a spanning tree of edges, not always the entry block, so the
        // largest counter is the honest measure of heat (it is what `llvm-profdata show --topn` ranks by).
        report.AppendLine($"## Hottest functions (top {TopFunctions} by largest block count)").AppendLine();
        report.AppendLine("| # | Function | Max block count | Entry count | Counters |").AppendLine("|---:|---|---:|---:|---:|");
        var rank = 0;
        foreach (var hot in ProfileStatistics.Hottest(records, TopFunctions, HotnessMeasure.MaxCount))
            report.AppendLine($"| {++rank} | {MarkdownText.Code(RustSymbolDemangler.Demangle(hot.Record.Name), inTable: true)} | {hot.Count:N0} | {hot.Record.EntryCount:N0} | {hot.Record.Counts.Count} |");
        report.AppendLine();

        report.AppendLine("## Functions without profile data").AppendLine();
        if (summary.Unfit == 0)
            report.AppendLine("None: every function rustc compiled found its counts in the profile.");
        foreach (var name in diagnostics.Mismatched)
            report.AppendLine($"- {MarkdownText.Code(RustSymbolDemangler.Demangle(name))}: changed since the training (hash mismatch)");
        foreach (var name in diagnostics.Missing)
            report.AppendLine($"- {MarkdownText.Code(RustSymbolDemangler.Demangle(name))}: not in the profile");
        var (neverRunCount, neverRun) = FirstInOrder(records.Where(r => r.MaxCount == 0).Select(r => RustSymbolDemangler.Demangle(r.Name)), NeverRunListed);
        report.AppendLine().AppendLine($"{neverRunCount} function(s) are in the profile but never ran in the training (optimized as cold):").AppendLine();
        foreach (var name in neverRun)
            report.AppendLine($"- {MarkdownText.Code(name)}");
        if (neverRunCount > NeverRunListed)
            report.AppendLine($"- … and {neverRunCount - NeverRunListed} more");
        report.AppendLine();

        if (rawProfiles.Count > 0)
        {
            var workloads = TrainingPlanFile.Length > 0 && File.Exists(TrainingPlanFile) ? TrainingPlan.Read(TrainingPlanFile) : Array.Empty<Workload>();
            report.AppendLine("## Training runs").AppendLine();
            report.AppendLine("| # | Workload | Command | Weight | Working directory |").AppendLine("|---:|---|---|---:|---|");
            foreach (var w in workloads)
                report.AppendLine($"| {w.Number} | {MarkdownText.Text(w.Name)} | {MarkdownText.Code(w.Describe(), inTable: true)} | {w.Weight} | {MarkdownText.Code(w.WorkingDirectory, inTable: true)} |");
            report.AppendLine();
            report.AppendLine("## Raw profiles of this crate, merged").AppendLine();
            report.AppendLine("| Training | Weight | File |").AppendLine("|---|---:|---|");
            foreach (var p in rawProfiles)
                report.AppendLine($"| {p.Training}: {MarkdownText.Text(p.TrainingName)} | {p.Weight} | {MarkdownText.Code(p.Path, inTable: true)} |");
        }
        return report.ToString();
    }

    private const int NeverRunListed = 100;

    /// <summary>
    /// How many names there are, and the first <paramref name="limit"/> of them in ordinal order, holding no more than
    /// that many at a time: a profile can hold any number of never-run functions.
    /// </summary>
    internal static (int Count, List<string> First) FirstInOrder(IEnumerable<string> names, int limit)
    {
        var first = new List<string>(limit + 1);
        var count = 0;
        foreach (var name in names)
        {
            count++;
            if (first.Count == limit && string.CompareOrdinal(name, first[limit - 1]) >= 0)
                continue;
            var at = first.BinarySearch(name, StringComparer.Ordinal);
            first.Insert(at < 0 ? ~at : at, name);
            if (first.Count > limit)
                first.RemoveAt(limit);
        }
        return (count, first);
    }
}

/// <summary>
/// Text for the report's Markdown, escaped for where it goes. Function names come from profiles, which anyone can
/// write: a legacy-mangled <c>$u60$</c>, <c>$u7c$</c> or <c>$u0a$</c> demangles to a backtick, a pipe or a line
/// break, and raw names hold any bytes; unescaped, a name could end its code span, split a table row, or inject a link
/// or HTML.
/// </summary>
internal static class MarkdownText
{
    /// <summary>
    /// <paramref name="text"/> as a code span, shown verbatim: control characters as <c>\xNN</c> (so no line break),
    /// fenced by one backtick more than its longest run of backticks, padded with a space where CommonMark would
    /// otherwise strip one or merge the fence with a backtick of the text; in a table cell, pipes as <c>\|</c>
    /// (GitHub's tables unescape those inside code spans too).
    /// </summary>
    public static string Code(string text, bool inTable = false)
    {
        var content = NameText.Escape(text);
        if (inTable)
            content = content.Replace("|", "\\|");
        var longestRun = 0;
        for (var i = 0; i < content.Length;)
        {
            var run = 0;
            while (i + run < content.Length && content[i + run] == '`')
                run++;
            longestRun = Math.Max(longestRun, run);
            i += Math.Max(run, 1);
        }
        var fence = new string('`', longestRun + 1);
        var pad = content.Length == 0
            || content[0] == '`' || content[content.Length - 1] == '`'
            || (content[0] == ' ' && content[content.Length - 1] == ' ' && content.Trim(' ').Length > 0);
        return pad ? $"{fence} {content} {fence}" : fence + content + fence;
    }

    /// <summary>
    /// <paramref name="text"/> as plain inline text: control characters as <c>\xNN</c>, every ASCII punctuation
    /// character backslash-escaped (no emphasis, link, HTML, entity or heading can start), so it reads as written.
    /// </summary>
    public static string Text(string text)
    {
        var content = NameText.Escape(text);
        var escaped = new StringBuilder(content.Length + 8);
        foreach (var c in content)
        {
            if (c < 0x80 && char.IsPunctuation(c) || c < 0x80 && char.IsSymbol(c))
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
