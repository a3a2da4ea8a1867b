using System.Diagnostics;

namespace RustPgo.ProfData.Tests.Helpers;

/// <summary>Finds and runs cargo, rustc and llvm-profdata for the live differential tests (see LlvmProfdataTools for which llvm-profdata).</summary>
internal static class ExternalTools
{
    public static string? Find(string name)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).ToList();
        folders.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cargo", "bin"));
        foreach (var folder in folders.Where(f => f.Length > 0))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? environment = null, int timeoutSeconds = 300)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var cargoBin = Path.GetDirectoryName(Find("cargo") ?? "") ?? "";
        start.Environment["PATH"] = cargoBin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        foreach (var pair in environment ?? new Dictionary<string, string>())
        {
            start.Environment[pair.Key] = pair.Value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} timed out");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
