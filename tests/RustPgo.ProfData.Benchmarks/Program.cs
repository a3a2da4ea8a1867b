using System.Diagnostics;
using RustPgo.ProfData.Synthesis;

namespace RustPgo.ProfData.Benchmarks;

/// <summary>
/// Times <c>rustpgo merge</c> against <c>llvm-profdata-22 merge</c> on synthesized large raw profiles:
/// fresh processes, alternating runs, medians. Usage: <c>[--profiles N] [--functions N] [--runs N]</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        int profiles = Option(args, "--profiles", 50);
        int functions = Option(args, "--functions", 5000);
        int runs = Option(args, "--runs", 7);
        string llvm = args.SkipWhile(a => a != "--llvm-profdata").Skip(1).FirstOrDefault() ?? "llvm-profdata-22";

        string folder = Path.Combine(Path.GetTempPath(), $"rustpgo-bench-{profiles}x{functions}");
        Directory.CreateDirectory(folder);
        var inputs = Enumerable.Range(0, profiles).Select(i => Path.Combine(folder, $"p{i:D3}.profraw")).ToList();
        foreach (var (path, index) in inputs.Select((p, i) => (p, i)))
        {
            if (!File.Exists(path))
            {
                File.WriteAllBytes(path, RawProfileSynthesizer.Create(functions, seed: index));
            }
        }
        long bytes = inputs.Sum(p => new FileInfo(p).Length);
        Console.WriteLine($"inputs: {profiles} raw profiles x {functions} functions, {bytes / 1048576.0:F1} MiB in {folder}");

        string ourOutput = Path.Combine(folder, "ours.profdata");
        string llvmOutput = Path.Combine(folder, "llvm.profdata");
        var ourCommand = OurCommand(new[] { "merge", "-o", ourOutput }.Concat(inputs));
        var llvmCommand = (llvm, (IEnumerable<string>)new[] { "merge", "-o", llvmOutput }.Concat(inputs).ToList());

        Time(ourCommand); // warm the file cache and the JIT's disk caches
        Time(llvmCommand);
        var ours = new List<double>();
        var theirs = new List<double>();
        // llvm-profdata's threaded output can vary under load; remember every distinct result.
        var llvmResults = new HashSet<string>();
        for (int run = 0; run < runs; run++)
        {
            ours.Add(Time(ourCommand));
            theirs.Add(Time(llvmCommand));
            llvmResults.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(llvmOutput))));
        }
        string ourResult = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(ourOutput)));
        bool identical = llvmResults.Contains(ourResult);
        double ourMedian = Median(ours);
        double llvmMedian = Median(theirs);
        Console.WriteLine($"rustpgo merge:          median {ourMedian:F0} ms  (runs: {string.Join(", ", ours.Select(t => t.ToString("F0")))})");
        Console.WriteLine($"llvm-profdata-22 merge: median {llvmMedian:F0} ms  (runs: {string.Join(", ", theirs.Select(t => t.ToString("F0")))})");
        Console.WriteLine($"ratio rustpgo / llvm-profdata: {ourMedian / llvmMedian:F2}");
        Console.WriteLine($"output byte-identical to llvm-profdata's: {identical} ({llvmResults.Count} distinct llvm-profdata output(s) over {runs} runs)");
        return identical ? 0 : 1;
    }

    // The real rustpgo (apphost and runtimeconfig) is copied next to this program by the project reference.
    private static (string File, IEnumerable<string> Args) OurCommand(IEnumerable<string> args)
    {
        string appHost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "rustpgo.exe" : "rustpgo");
        return File.Exists(appHost)
            ? (appHost, args.ToList())
            : ("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "rustpgo.dll") }.Concat(args).ToList());
    }

    private static double Time((string File, IEnumerable<string> Args) command)
    {
        var start = new ProcessStartInfo(command.File) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in command.Args)
        {
            start.ArgumentList.Add(arg);
        }
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command.File} failed: {stderr}");
        }
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : fallback;
    }
}
