using System;

namespace RustPgo.ProfData;

/// <summary>
/// A profile file is malformed or of an unsupported kind. The message names the file and the problem.
/// </summary>
public sealed class ProfileFormatException : Exception
{
    public ProfileFormatException(string file, string problem)
        : base(file + ": " + problem)
    {
        FileName = file;
        Problem = problem;
    }

    public ProfileFormatException(string file, string problem, Exception inner)
        : base(file + ": " + problem, inner)
    {
        FileName = file;
        Problem = problem;
    }

    /// <summary>The file (or source name) that could not be read.</summary>
    public string FileName { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
