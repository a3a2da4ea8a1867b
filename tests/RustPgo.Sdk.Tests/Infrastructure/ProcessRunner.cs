using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>What a finished child process printed (stdout and stderr interleaved) and how it ended.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Output, TimeSpan Duration)
{
    public override string ToString() => $"`{Command}` exited with {ExitCode} after {Duration.TotalSeconds:0.0}s:\n{Output}";
}

public static class ChildProcess
{
    /// <summary>
    /// The environment every dotnet child gets: no node reuse, no build server, no terminal logger, and
    /// none of the MSBuild variables `dotnet test` leaks into the test host.
    /// </summary>
    public static void PrepareEnvironment(ProcessStartInfo startInfo, IDictionary<string, string?>? extra)
    {
        foreach (var key in new List<string>(startInfo.Environment.Keys))
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("MSBUILD", StringComparison.Ordinal)
                || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || key == "DOTNET_HOST_PATH"
                || key.StartsWith("DOTNET_STARTUP_HOOKS", StringComparison.Ordinal))
                startInfo.Environment.Remove(key);
        }
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["MSBUILDTERMINALLOGGER"] = "off";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["CARGO_TERM_COLOR"] = "never";
        if (extra != null)
            foreach (var pair in extra)
            {
                if (pair.Value == null)
                    startInfo.Environment.Remove(pair.Key);
                else
                    startInfo.Environment[pair.Key] = pair.Value;
            }
    }

    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string?>? environment)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        PrepareEnvironment(startInfo, environment);
        return startInfo;
    }

    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var startInfo = StartInfo(fileName, arguments, workingDirectory, environment);
        var command = fileName + " " + string.Join(" ", startInfo.ArgumentList);
        var output = new StringBuilder();
        var gate = new object();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (gate) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (gate) output.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)(timeout ?? TimeSpan.FromMinutes(5)).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (gate)
                throw new TimeoutException($"`{command}` timed out:\n{output}");
        }
        process.WaitForExit();
        lock (gate)
            return new ProcessResult(command, process.ExitCode, output.ToString(), stopwatch.Elapsed);
    }
}
