using System.Diagnostics;
using RustPgo.ProfData;
using RustPgo.ProfData.Synthesis;

namespace RustPgo.ProfData.Benchmarks;

/// <summary>
/// Times <c>rustpgo merge</c> against <c>llvm-profdata-22 merge</c> on synthesized large raw profiles:
/// fresh processes, alternating runs, one unrecorded warm-up each, medians and ratios, a phase breakdown from
/// <c>RUSTPGO_TIMING=1</c>, and the warm in-process library time. Usage: <c>[--profiles N] [--functions N] [--runs N] [--llvm-profdata PATH] [--baseline RUSTPGO]</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var profiles = Option(args, "--profiles", 50);
        var functions = Option(args, "--functions", 5000);
        var runs = Option(args, "--runs", 7);
        var llvm = args.SkipWhile(a => a != "--llvm-profdata").Skip(1).FirstOrDefault() ?? "llvm-profdata-22";

        var folder = Path.Combine(Path.GetTempPath(), $"rustpgo-bench-{profiles}x{functions}");
        Directory.CreateDirectory(folder);
        var inputs = Enumerable.Range(0, profiles).Select(i => Path.Combine(folder, $"p{i:D3}.profraw")).ToList();
        foreach (var (path, index) in inputs.Select((p, i) => (p, i)))
        {
            if (!File.Exists(path))
            {
                File.WriteAllBytes(path, RawProfileSynthesizer.Create(functions, seed: index));
            }
        }
        var bytes = inputs.Sum(p => new FileInfo(p).Length);
        Console.WriteLine($"inputs: {profiles} raw profiles x {functions} functions, {bytes / 1048576.0:F1} MiB in {folder}");

        // What users run: the Native AOT tool (the linux-x64 tool package) and the framework-dependent JIT one
        // (the "any" package, used on other platforms), each against llvm-profdata in alternating fresh processes.
        var variants = new List<Variant>();
        var native = Path.Combine(AppContext.BaseDirectory, "native", "rustpgo");
        if (File.Exists(native))
        {
            variants.Add(new Variant("rustpgo (Native AOT)", native, Path.Combine(folder, "ours-native.profdata"), Timed: true));
        }
        var appHost = Path.Combine(AppContext.BaseDirectory, "rustpgo");
        variants.Add(new Variant("rustpgo (JIT, any)", appHost, Path.Combine(folder, "ours-jit.profdata"), Timed: true));
        // --baseline PATH: an earlier rustpgo build (apphost or native), timed the same way, for before/after.
        var baseline = args.SkipWhile(a => a != "--baseline").Skip(1).FirstOrDefault();
        if (baseline != null)
        {
            variants.Add(new Variant("rustpgo (baseline)", baseline, Path.Combine(folder, "ours-baseline.profdata"), Timed: true));
        }
        var llvmVariant = new Variant(llvm, llvm, Path.Combine(folder, "llvm.profdata"), Timed: false);
        variants.Add(llvmVariant);

        foreach (var variant in variants)
        {
            variant.Run(inputs, record: false); // warm the file cache
        }
        // llvm-profdata's threaded output can vary under load; remember every distinct result.
        var llvmResults = new HashSet<string>();
        for (var run = 0; run < runs; run++)
        {
            // Rotate the order so that no variant always runs right after another one.
            for (var k = 0; k < variants.Count; k++)
            {
                variants[(run + k) % variants.Count].Run(inputs);
            }
            llvmResults.Add(Hash(llvmVariant.Output));
        }

        var llvmMedian = Median(llvmVariant.Times);
        var identical = true;
        foreach (var variant in variants)
        {
            Console.WriteLine($"{variant.Name + " merge:",-30} median {Median(variant.Times),5:F0} ms  (runs: {string.Join(", ", variant.Times.Select(t => t.ToString("F0")))})");
        }
        foreach (var variant in variants.Where(v => v != llvmVariant))
        {
            var same = llvmResults.Contains(Hash(variant.Output));
            identical &= same;
            Console.WriteLine($"ratio {variant.Name} / llvm-profdata: {Median(variant.Times) / llvmMedian:F2}  (output byte-identical: {same})");
            if (variant.Phases.Count > 0)
            {
                Console.WriteLine($"  breakdown (medians, RUSTPGO_TIMING=1): startup+exit {Median(variant.Phases.Select(p => p[0]).ToList()):F0} ms, "
                    + $"read+merge {Median(variant.Phases.Select(p => p[1]).ToList()):F0} ms, write {Median(variant.Phases.Select(p => p[2]).ToList()):F0} ms; {variant.LastTiming}");
            }
        }
        Console.WriteLine($"({llvmResults.Count} distinct llvm-profdata output(s) over {runs} runs)");
        InProcess(inputs, runs);
        return identical ? 0 : 1;
    }

    private static string Hash(string file) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));

    private sealed record Variant(string Name, string File, string Output, bool Timed)
    {
        public List<double> Times { get; } = new();

        public List<double[]> Phases { get; } = new();

        public string LastTiming { get; set; } = "";

        public void Run(List<string> inputs, bool record = true)
        {
            var (elapsed, stderr) = Time(File, new[] { "merge", "-o", Output }.Concat(inputs), Timed);
            if (!record)
            {
                return;
            }
            Times.Add(elapsed);
            var timing = System.Text.RegularExpressions.Regex.Match(stderr, @"read\+merge (\d+) ms, write (\d+) ms.*");
            if (Timed && timing.Success)
            {
                var merge = double.Parse(timing.Groups[1].Value);
                var write = double.Parse(timing.Groups[2].Value);
                Phases.Add(new[] { elapsed - merge - write, merge, write });
                LastTiming = timing.Value.Substring(timing.Value.IndexOf("gc", StringComparison.Ordinal)).Trim();
            }
        }
    }

    private static (double Elapsed, string Stderr) Time(string file, IEnumerable<string> args, bool timed)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        if (timed)
        {
            start.Environment["RUSTPGO_TIMING"] = "1";
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        watch.Stop();
        stdout.Wait();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {stderr}");
        }
        return (watch.Elapsed.TotalMilliseconds, stderr);
    }

    // The library as the MSBuild task calls it: warm (JIT done), same inputs, read+merge then serialize.
    private static void InProcess(List<string> inputs, int runs)
    {
        var weighted = inputs.Select(p => new WeightedInput(p)).ToList();
        for (var i = 0; i < 2; i++)
        {
            IndexedProfileWriter.ToBytes(ProfileMerger.MergeFiles(weighted).Profile);
        }
        var merges = new List<double>();
        var writes = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var result = ProfileMerger.MergeFiles(weighted);
            merges.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            IndexedProfileWriter.ToBytes(result.Profile);
            writes.Add(watch.Elapsed.TotalMilliseconds);
        }
        // One thread, phase by phase: file read, parse, merge into the context, final sort, serialize.
        var io = new List<double>();
        var parse = new List<double>();
        var merge = new List<double>();
        var finish = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var context = new MergeContext();
            var names = new RawNameTable();
            byte[]? buffer = null;
            double tIo = 0, tParse = 0, tMerge = 0;
            var watch = new Stopwatch();
            foreach (var input in inputs)
            {
                watch.Restart();
                var length = FileBytes.ReadInto(input, ref buffer);
                tIo += watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                var profile = RawProfileReader.Read(buffer!, length, input, names);
                tParse += watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                context.AddOwned(profile, 1, input);
                tMerge += watch.Elapsed.TotalMilliseconds;
            }
            watch.Restart();
            IndexedProfileWriter.ToBytes(context.ToProfile());
            finish.Add(watch.Elapsed.TotalMilliseconds);
            io.Add(tIo);
            parse.Add(tParse);
            merge.Add(tMerge);
        }
        Console.WriteLine($"in-process, one thread, phases (medians): file read {Median(io):F0} ms, parse {Median(parse):F0} ms, "
            + $"merge {Median(merge):F0} ms, sort+serialize {Median(finish):F0} ms");
        Console.WriteLine($"in-process library (warm, as the MSBuild task): read+merge median {Median(merges):F0} ms, serialize median {Median(writes):F0} ms, "
            + $"total {Median(merges.Zip(writes, (m, w) => m + w).ToList()):F0} ms");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : fallback;
    }
}
