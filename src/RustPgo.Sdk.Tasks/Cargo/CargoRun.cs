using System.Diagnostics;
using System.Globalization;
using System.Threading;
using Microsoft.Build.Framework;
using RustPgo.Sdk.Tasks.Processes;
using RustPgo.Sdk.Tasks.Stages;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// One cargo process, run on a thread of its own so that it can start before the C# compile and be taken
/// over by the CargoBuild task after it. Its output waits in a buffer until a task attaches to it.
/// Disposing it (MSBuild does, at the end of the build, for a run nobody took over) ends its process tree.
/// </summary>
internal sealed class CargoRun : IDisposable
{
    private readonly ProcessRunner _runner = new();
    private readonly ManualResetEventSlim _done = new();
    private readonly Stopwatch _stopwatch = new();
    private readonly object _gate = new();
    private readonly List<(bool IsError, string Line)> _buffered = new();
    private Action<string>? _onStdout;
    private Action<string>? _onStderr;
    private int _exitCode = -1;
    private Exception? _failure;

    private CargoRun(CargoInvocation invocation) => Invocation = invocation;

    public CargoInvocation Invocation { get; }

    public bool WasCancelled => _runner.WasCancelled;

    /// <summary>How long cargo ran, formatted here (an out-of-process MSBuild node would drop a format string).</summary>
    public string Seconds(string format) => _stopwatch.Elapsed.TotalSeconds.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Starts cargo now, or once <paramref name="after"/> ended: two cargo builds in one target folder would only wait on its lock.</summary>
    public static CargoRun Start(CargoInvocation invocation, CargoRun? after = null)
    {
        var run = new CargoRun(invocation);
        new Thread(() => run.Run(after)) { IsBackground = true, Name = "RustPgo cargo" }.Start();
        return run;
    }

    private void Run(CargoRun? after)
    {
        try
        {
            after?._done.Wait();
            _stopwatch.Start();
            _exitCode = _runner.Run(Invocation.Spec, line => Receive(false, line), line => Receive(true, line));
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _stopwatch.Stop();
            _done.Set();
        }
    }

    private void Receive(bool isError, string line)
    {
        lock (_gate)
        {
            if (_onStdout == null)
                _buffered.Add((isError, line));
            else
                (isError ? _onStderr! : _onStdout)(line);
        }
    }

    /// <summary>Hands what cargo printed so far to the callbacks, then every later line as it comes.</summary>
    public void Attach(Action<string> onStdout, Action<string> onStderr)
    {
        lock (_gate)
        {
            foreach (var (isError, line) in _buffered)
                (isError ? onStderr : onStdout)(line);
            _buffered.Clear();
            _onStdout = onStdout;
            _onStderr = onStderr;
        }
    }

    /// <summary>Waits for cargo to end; its exit code.</summary>
    /// <exception cref="ProcessStartException">cargo could not be started.</exception>
    public int Wait()
    {
        _done.Wait();
        if (_failure != null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_failure).Throw();
        return _exitCode;
    }

    public void Cancel() => _runner.Cancel();

    public void Dispose() => Cancel();
}

/// <summary>The cargo runs started in the background, kept for the task that takes them over (per build, in this MSBuild node).</summary>
internal static class CargoRuns
{
    /// <summary>Keeps <paramref name="run"/> of <paramref name="crate"/> until the end of the build, when MSBuild disposes what nobody took.</summary>
    public static void Register(IBuildEngine4 engine, ITaskItem crate, CargoRun run) =>
        engine.RegisterTaskObject(Key(crate), run, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);

    /// <summary>
    /// The run started for <paramref name="crate"/> with exactly this invocation, now owned by the caller;
    /// null when there is none. A run of another invocation (something changed since it started) is ended.
    /// </summary>
    public static CargoRun? Take(IBuildEngine engine, ITaskItem crate, CargoInvocation invocation)
    {
        if (engine is not IBuildEngine4 registry)
            return null;
        if (registry.UnregisterTaskObject(Key(crate), RegisteredTaskObjectLifetime.Build) is not CargoRun run)
            return null;
        if (run.Invocation.Text == invocation.Text)
            return run;
        run.Cancel();
        try
        {
            run.Wait();
        }
        catch (ProcessStartException)
        {
            // It never ran.
        }
        return null;
    }

    private static string Key(ITaskItem crate) => "RustPgo.Sdk.CargoRun:" + crate.GetMetadata(StageItem.BuildRecord);
}
