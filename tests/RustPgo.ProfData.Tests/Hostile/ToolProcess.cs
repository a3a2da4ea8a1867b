using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RustPgo.ProfData.Tests.Hostile;

/// <summary>What one run of the real <c>rustpgo</c> process did, and what it cost.</summary>
internal sealed record ToolRun(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, long PeakBytes)
{
    public double PeakMiB => PeakBytes / 1048576.0;

    public override string ToString() =>
        FormattableString.Invariant($"exit {ExitCode}, {Elapsed.TotalSeconds:F2} s, peak {PeakMiB:F0} MiB, stderr: {Stderr.Trim()}");
}

/// <summary>
/// Runs the <c>rustpgo</c> built beside the tests (<c>dotnet exec rustpgo.dll</c>, the JIT tool) as a child process and
/// measures it: wall time, and peak resident memory as the larger of what the test saw in <c>/proc/PID/status</c>
/// (VmHWM, polled) and what the tool reported at exit (<c>RUSTPGO_TIMING=1</c>: its own VmHWM). A process that runs
/// past <paramref name="timeout"/> is killed and reported with exit code -1.
/// </summary>
internal static class ToolProcess
{
    public static bool CanMeasureMemory => OperatingSystem.IsLinux();

    public static ToolRun Run(TimeSpan timeout, params string[] args)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "rustpgo.dll");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["RUSTPGO_TIMING"] = "1";
        // A runaway child must fail the test, not take the machine: cap its managed heap well above every bound.
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x80000000";

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long polled = 0;
        var killed = false;
        while (!process.WaitForExit(5))
        {
            polled = Math.Max(polled, HighWaterMark(process.Id));
            if (watch.Elapsed > timeout)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                killed = true;
                break;
            }
        }
        watch.Stop();
        var err = stderr.Result;
        var reported = Regex.Match(err, @"rustpgo: peak memory (\d+) MiB");
        var peak = Math.Max(polled, reported.Success ? long.Parse(reported.Groups[1].Value, CultureInfo.InvariantCulture) * 1048576 : 0);
        var cleanErr = Regex.Replace(err, @"rustpgo: (peak memory|timing)[^\n]*\n", "");
        return new ToolRun(killed ? -1 : process.ExitCode, stdout.Result, cleanErr, watch.Elapsed, peak);
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }
        return "dotnet";
    }

    // VmHWM of a running process in bytes, or 0 once it is gone.
    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var digits = Regex.Match(line, @"\d+").Value;
                    return long.Parse(digits, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
