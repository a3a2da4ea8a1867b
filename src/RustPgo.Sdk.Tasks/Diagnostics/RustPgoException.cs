namespace RustPgo.Sdk.Tasks.Diagnostics;

/// <summary>A failure the user can cause and fix, carrying the code the build reports it under.</summary>
internal sealed class RustPgoException : Exception
{
    public RustPgoException(string code, string message, string? file = null, Exception? inner = null, string? detail = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
        Detail = detail;
    }

    public string Code { get; }

    /// <summary>The file the error is about, shown as its location.</summary>
    public string? File { get; }

    /// <summary>Longer detail shown beneath the error (a tool's output), not part of its one line.</summary>
    public string? Detail { get; }
}
