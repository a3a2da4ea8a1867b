using System.ComponentModel;
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

    /// <summary>
    /// The command line exactly as the process receives it, when the MSVC quoting of
    /// <see cref="Arguments"/> would be wrong for it (cmd.exe, which undoes no backslash escapes).
    /// </summary>
    public string? RawArguments { get; init; }

    /// <summary>Variables to set (a null value removes the variable).</summary>
    public Dictionary<string, string?> Environment { get; } = new();

    public string CommandLineText => RawArguments ?? CommandLine.Join(Arguments);

    public override string ToString() => CommandLine.Quote(FileName) + " " + CommandLineText;
}

/// <summary>The process of a <see cref="ProcessSpec"/> could not be started at all.</summary>
internal sealed class ProcessStartException : Exception
{
    public ProcessStartException(ProcessSpec spec, Exception inner)
        : base($"'{spec.FileName}' could not be started: {inner.Message}", inner) => Spec = spec;

    public ProcessSpec Spec { get; }
}

/// <summary>
/// Runs a process, streaming its output lines (read as UTF-8 on every OS) to callbacks, and ends its whole
/// process tree when cancelled (Ctrl+C in `dotnet build` must not leave cargo or rustc running).
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

    /// <summary>Runs <paramref name="spec"/> to its end; its exit code.</summary>
    /// <exception cref="ProcessStartException">The file is missing or cannot be executed.</exception>
    public int Run(ProcessSpec spec, Action<string> onStdout, Action<string> onStderr)
    {
        using var process = new Process { StartInfo = StartInfo(spec) };
        using var stdoutDone = new ManualResetEventSlim();
        using var stderrDone = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) => { if (e.Data == null) stdoutDone.Set(); else onStdout(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data == null) stderrDone.Set(); else onStderr(e.Data); };

        lock (_gate)
        {
            if (_cancelled)
                return -1;
            try
            {
                process.Start();
            }
            catch (Win32Exception e)
            {
                throw new ProcessStartException(spec, e);
            }
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

    /// <summary>Runs <paramref name="spec"/> and returns its standard output lines, or throws with its error output.</summary>
    public static List<string> Capture(ProcessSpec spec)
    {
        var lines = new List<string>();
        var errors = new List<string>();
        var exitCode = new ProcessRunner().Run(spec, lines.Add, errors.Add);
        if (exitCode != 0)
            throw new InvalidOperationException($"`{spec}` failed with exit code {exitCode}: {string.Join("\n", errors)}");
        return lines;
    }

    internal static ProcessStartInfo StartInfo(ProcessSpec spec)
    {
        var startInfo = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            CreateNoWindow = true,
            // cargo, rustc and llvm-profdata write UTF-8 everywhere; Windows' default is the console code page.
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
#if NET
        if (spec.RawArguments == null)
        {
            foreach (var argument in spec.Arguments)
                startInfo.ArgumentList.Add(argument);
        }
        else
        {
            startInfo.Arguments = spec.RawArguments;
        }
#else
        startInfo.Arguments = spec.CommandLineText;
#endif
        foreach (var pair in spec.Environment)
        {
            if (pair.Value == null)
                startInfo.Environment.Remove(pair.Key);
            else
                startInfo.Environment[pair.Key] = pair.Value;
        }
        return startInfo;
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
