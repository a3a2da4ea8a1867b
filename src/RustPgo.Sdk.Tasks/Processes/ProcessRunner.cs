using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace RustPgo.Sdk.Tasks.Processes;

/// <summary>A command to run: what, where, with which extra environment.</summary>
internal sealed class ProcessSpec
{
    public ProcessSpec(string fileName, IReadOnlyList<string> arguments, string workingDirectory)
    {
        FileName = fileName;
        Arguments = arguments;
        WorkingDirectory = workingDirectory;
    }

    public string FileName { get; }
    public IReadOnlyList<string> Arguments { get; }
    public string WorkingDirectory { get; }

    /// <summary>Variables to set (a null value removes the variable).</summary>
    public Dictionary<string, string?> Environment { get; } = new();

    public override string ToString() => CommandLine.Join(new[] { FileName }) + " " + CommandLine.Join(Arguments);
}

/// <summary>
/// Runs a process, streaming its output lines to callbacks, and ends its whole process tree when
/// cancelled (Ctrl+C in `dotnet build` must not leave cargo or rustc running).
/// </summary>
internal sealed class ProcessRunner
{
    private readonly object _gate = new();
    private Process? _running;
    private bool _cancelled;

    public bool WasCancelled
    {
        get { lock (_gate) return _cancelled; }
    }

    public int Run(ProcessSpec spec, Action<string> onStdout, Action<string> onStderr)
    {
        var startInfo = new ProcessStartInfo(spec.FileName, CommandLine.Join(spec.Arguments))
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            CreateNoWindow = true,
        };
        foreach (var pair in spec.Environment)
        {
            if (pair.Value == null)
                startInfo.Environment.Remove(pair.Key);
            else
                startInfo.Environment[pair.Key] = pair.Value;
        }

        using var process = new Process { StartInfo = startInfo };
        using var stdoutDone = new ManualResetEventSlim();
        using var stderrDone = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) => { if (e.Data == null) stdoutDone.Set(); else onStdout(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data == null) stderrDone.Set(); else onStderr(e.Data); };

        lock (_gate)
        {
            if (_cancelled)
                return -1;
            process.Start();
            _running = process;
        }
#if NET
        // SIGTERM (a CI timeout, `timeout`, docker stop) ends dotnet without MSBuild cancelling the task.
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => Cancel());
#endif
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        stdoutDone.Wait();
        stderrDone.Wait();

        lock (_gate)
            _running = null;
        return process.ExitCode;
    }

    /// <summary>Ends the running process and every process it started. Safe from any thread.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _cancelled = true;
            if (_running == null)
                return;
            try
            {
                ProcessTree.Kill(_running);
            }
            catch (InvalidOperationException)
            {
                // It exited on its own meanwhile.
            }
        }
    }
}
