using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RustPgo.Sdk.Tasks.Diagnostics;

/// <summary>
/// Logs the SDK's coded errors and warnings the way a user reads them: one line each (a console logger
/// turns every line of a message into an error line of its own), at a file of the user's — the one named,
/// else the project being built, never the SDK's own .targets — with any longer detail (a tool's output,
/// the lines of a Rust diagnostic) logged right after it as a message.
/// </summary>
internal sealed class CodedLog
{
    private readonly TaskLoggingHelper _log;
    private readonly Func<string?> _defaultFile;

    public CodedLog(TaskLoggingHelper log, Func<string?> defaultFile)
    {
        _log = log;
        _defaultFile = defaultFile;
    }

    /// <summary>The logger itself, for what is not a coded diagnostic (messages, a compiler's positioned diagnostics).</summary>
    public TaskLoggingHelper Log => _log;

    public void Error(string code, string message, string? file = null, string? detail = null)
    {
        _log.LogError(null, code, null, Where(file), 0, 0, 0, 0, OneLine(message));
        Detail(detail);
    }

    public void Warning(string code, string message, string? file = null, string? detail = null)
    {
        _log.LogWarning(null, code, null, Where(file), 0, 0, 0, 0, OneLine(message));
        Detail(detail);
    }

    /// <summary>Detail that belongs to the diagnostic just logged, shown beneath it.</summary>
    public void Detail(string? detail)
    {
        if (!string.IsNullOrWhiteSpace(detail))
            _log.LogMessage(MessageImportance.High, detail!.TrimEnd());
    }

    private string? Where(string? file) => string.IsNullOrEmpty(file) ? _defaultFile() : file;

    /// <summary>A message on one line: its line breaks become spaces.</summary>
    public static string OneLine(string message) =>
        message.IndexOfAny(new[] { '\n', '\r' }) < 0 ? message : string.Join(" ", message.Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
}
