using System;
using System.Collections.Generic;
using System.IO;
using RustPgo.ProfData;

namespace RustPgo.Tool;

/// <summary>
/// <c>rustpgo merge -o OUT [--weighted-input=W,FILE]… FILE…</c>, as <c>llvm-profdata merge</c>, plus one check of its own: raw
/// profiles of another build of a library than the rest (RUSTPGO120) fail the merge, or are left out under
/// <c>--failure-mode=all|warn</c>; <c>--allow-mixed-builds</c> merges them as llvm-profdata would.
/// </summary>
internal static class MergeCommand
{
    private static readonly HashSet<string> ValueOptions = new HashSet<string>
    {
        "o", "output", "weighted-input", "w", "num-threads", "j", "indexed-version", "failure-mode", "input-files", "f",
    };

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var line = new CommandLine(args, ValueOptions);
        var output = line.Value("output", "o") ?? throw new UsageException("merge needs an output file (-o OUT)");
        var weighted = line.Values("weighted-input", "w");
        var inputList = line.Value("input-files", "f");
        var threadsText = line.Value("num-threads", "j");
        var version = (int)CommandLine.ParseUnsigned(line.Value("indexed-version") ?? "13", "--indexed-version");
        var failureMode = ParseFailureMode(line.Value("failure-mode") ?? "any");
        var allowMixedBuilds = line.Flag("allow-mixed-builds");
        line.Flag("instr"); // the only kind supported; accepted for llvm-profdata compatibility
        line.RejectUnknown();
        if (version != 12 && version != 13)
        {
            throw new UsageException("--indexed-version must be 12 (LLVM 19-21) or 13 (LLVM 22)");
        }

        // llvm-profdata's order: positional files, then weighted ones, then the input list.
        var inputs = new List<WeightedInput>();
        foreach (var file in line.Positionals)
        {
            AddInput(inputs, file, 1);
        }
        foreach (var spec in weighted)
        {
            var comma = spec.IndexOf(',');
            if (comma <= 0)
            {
                throw new UsageException($"--weighted-input '{spec}' is not of the form W,FILE");
            }
            var weight = CommandLine.ParseUnsigned(spec.Substring(0, comma), "weight");
            if (weight == 0)
            {
                throw new UsageException($"--weighted-input '{spec}': weight must be positive");
            }
            AddInput(inputs, spec.Substring(comma + 1), weight);
        }
        if (inputList != null)
        {
            ReadInputList(inputs, inputList);
        }
        if (inputs.Count == 0)
        {
            throw new UsageException("no input files specified");
        }
        foreach (var input in inputs)
        {
            if (Path.GetFullPath(input.Path) == Path.GetFullPath(output))
            {
                throw new UsageException($"{output}: input file name cannot be the same as the output file name");
            }
        }

        int? threads = threadsText == null || threadsText == "0" ? null : (int)CommandLine.ParseUnsigned(threadsText, "--num-threads");
        var timing = Environment.GetEnvironmentVariable("RUSTPGO_TIMING") == "1" ? System.Diagnostics.Stopwatch.StartNew() : null;
        MergeResult result;
        try
        {
            result = ProfileMerger.MergeFiles(inputs, threads, failureMode, checkBuilds: !allowMixedBuilds);
        }
        catch (MixedBuildsException e)
        {
            foreach (var other in e.OtherBuilds)
            {
                Program.Fail(stderr, $"{OtherBuild.Code}: {other.Description}. Merging them would mix stale counts into the profile: merge each build's profiles separately, delete the stale ones, or use --failure-mode=warn to leave them out.");
            }
            return 1;
        }
        var mergeMs = timing?.Elapsed.TotalMilliseconds ?? 0;
        foreach (var other in result.OtherBuilds)
        {
            stderr.WriteLine("rustpgo: warning: " + NameText.Escape($"{OtherBuild.Code}: {other.Description}; left out of the merge (merge each build's profiles separately to use them)."));
        }
        foreach (var skipped in result.SkippedInputs)
        {
            stderr.WriteLine("rustpgo: warning: " + NameText.Escape(skipped.Message));
        }
        foreach (var diagnostic in result.Diagnostics)
        {
            stderr.WriteLine("rustpgo: warning: " + NameText.Escape(diagnostic.ToString()));
        }
        IndexedProfileWriter.Write(output, result.Profile, version);
        if (timing != null)
        {
            // RUSTPGO_TIMING=1: where a merge's wall time goes, for the benchmark's breakdown.
            var total = timing.Elapsed.TotalMilliseconds;
            var sinceStart = (DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds;
            stderr.WriteLine(FormattableString.Invariant(
                $"rustpgo: timing: startup {sinceStart - total:F0} ms, read+merge {mergeMs:F0} ms, write {total - mergeMs:F0} ms, gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB"));
        }
        return 0;
    }

    private static void AddInput(List<WeightedInput> inputs, string path, ulong weight)
    {
        if (Directory.Exists(path))
        {
            var files = new List<string>(Directory.GetFiles(path, "*", SearchOption.AllDirectories));
            files.Sort(StringComparer.Ordinal);
            foreach (var file in files)
            {
                inputs.Add(new WeightedInput(file, weight));
            }
            return;
        }
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such file or directory");
        }
        inputs.Add(new WeightedInput(path, weight));
    }

    private static void ReadInputList(List<WeightedInput> inputs, string listFile)
    {
        foreach (var raw in File.ReadAllLines(listFile))
        {
            var entry = raw.Trim();
            if (entry.Length == 0 || entry.StartsWith("#", StringComparison.Ordinal))
            {
                continue;
            }
            var comma = entry.IndexOf(',');
            if (comma > 0 && ulong.TryParse(entry.Substring(0, comma), out var weight) && weight > 0)
            {
                AddInput(inputs, entry.Substring(comma + 1), weight);
            }
            else
            {
                AddInput(inputs, entry, 1);
            }
        }
    }

    private static MergeFailureMode ParseFailureMode(string text) => text switch
    {
        "any" => MergeFailureMode.Any,
        "all" => MergeFailureMode.All,
        "warn" => MergeFailureMode.Warn,
        _ => throw new UsageException($"--failure-mode must be any, all or warn, not '{text}'"),
    };
}
