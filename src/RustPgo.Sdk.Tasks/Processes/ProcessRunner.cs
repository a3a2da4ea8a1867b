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
/// process tree when cancelled or out of time (Ctrl+C in `dotnet build` must not leave cargo or rustc
/// running), including what it left running with its output: after the process exits, the runner waits for
/// the end of its output only a short grace, then ends whoever still holds it.
/// </summary>
internal sealed class ProcessRunner
{
    /// <summary>How long the output of an exited process may stay open before whoever holds it is ended.</summary>
    public static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private Process? _running;
    private IReadOnlyCollection<string> _pipes = Array.Empty<string>();
    private bool _cancelled;
    private bool _timedOut;

    public bool WasCancelled
    {
        get { lock (_gate) return _cancelled; }
    }

    /// <summary>The last run ran out of its time and was ended.</summary>
    public bool TimedOut
    {
        get { lock (_gate) return _timedOut; }
    }

    /// <summary>Runs <paramref name="spec"/> to its end, or until <paramref name="timeout"/>; its exit code.</summary>
    /// <exception cref="ProcessStartException">The file is missing or cannot be executed.</exception>
    public int Run(ProcessSpec spec, Action<string> onStdout, Action<string> onStderr, TimeSpan? timeout = null)
    {
        using var process = new Process { StartInfo = StartInfo(spec) };
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
            _timedOut = false;
            _pipes = new[] { PipeHolders.PipeOf(process.StandardOutput.BaseStream), PipeHolders.PipeOf(process.StandardError.BaseStream) }
                .Where(p => p != null).Select(p => p!).ToList();
        }
#if NET
        // SIGTERM (a CI timeout, `timeout`, docker stop) ends dotnet without MSBuild cancelling the task.
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => Cancel());
#endif
        process.StandardInput.Close();
        // Once the run is over, a line still arriving from a pipe someone else held goes nowhere.
        var over = 0;
        var stdout = Reader(process.StandardOutput, line => { if (Volatile.Read(ref over) == 0) onStdout(line); });
        var stderr = Reader(process.StandardError, line => { if (Volatile.Read(ref over) == 0) onStderr(line); });

        if (!process.WaitForExit(timeout is { } limit ? (int)Math.Min(limit.TotalMilliseconds, int.MaxValue) : int.MaxValue))
        {
            lock (_gate)
                _timedOut = true;
            End(process);
            process.WaitForExit(int.MaxValue);
        }
        if (!OutputEnded(stdout, stderr))
        {
            lock (_gate)
                PipeHolders.Kill(_pipes);
            OutputEnded(stdout, stderr);
        }
        Interlocked.Exchange(ref over, 1);

        lock (_gate)
        {
            _running = null;
            _pipes = Array.Empty<string>();
        }
        return process.ExitCode;
    }

    /// <summary>Reads lines on a thread of its own until the end of the output; the thread ends with it.</summary>
    private static Thread Reader(StreamReader reader, Action<string> onLine)
    {
        var thread = new Thread(() =>
        {
            try
            {
                string? line;
                while ((line = reader.ReadLine()) != null)
                    onLine(line);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The pipe went away with its process.
            }
        }) { IsBackground = true, Name = "RustPgo process output" };
        thread.Start();
        return thread;
    }

    private static bool OutputEnded(Thread stdout, Thread stderr) => stdout.Join(OutputGrace) & stderr.Join(OutputGrace);

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

    /// <summary>Ends the running process, every process it started, and what holds its output. Safe from any thread.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _cancelled = true;
            if (_running != null)
                End(_running);
        }
    }

    private void End(Process process)
    {
        lock (_gate)
        {
            try
            {
                ProcessTree.Kill(process);
            }
            catch (InvalidOperationException)
            {
                // It exited on its own meanwhile.
            }
            PipeHolders.Kill(_pipes);
        }
    }
}
