using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace RustPgo.Sdk.Tasks.Processes;

/// <summary>
/// Times a long stage and says every so often that it is still running, so a user watching
/// `dotnet build` knows what is going on.
/// </summary>
internal sealed class Heartbeat : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private readonly Timer _timer;

    /// <param name="beat">Called with the elapsed seconds, formatted, on a timer thread.</param>
    public Heartbeat(Action<string> beat, TimeSpan? interval = null)
    {
        var every = interval ?? DefaultInterval;
        _timer = new Timer(_ => beat(Seconds("0")), null, every, every);
    }

    /// <summary>The elapsed seconds, formatted here: an out-of-process MSBuild node would drop a format string.</summary>
    public string Seconds(string format) => _stopwatch.Elapsed.TotalSeconds.ToString(format, CultureInfo.InvariantCulture);

    public void Dispose() => _timer.Dispose();
}
