namespace RustPgo.ProfData;

public enum MergeProblem
{
    /// <summary>Same name and hash but a different number of counters: the input record is dropped.</summary>
    CounterCountMismatch,
    /// <summary>A counter saturated at 2^64 − 3.</summary>
    CounterOverflow,
    /// <summary>Same name and hash but a different number of bitmap bytes.</summary>
    BitmapSizeMismatch,
    /// <summary>Same name and hash but a different number of value sites.</summary>
    ValueSiteCountMismatch,
}

/// <summary>A per-function problem found while merging; llvm-profdata prints these as warnings.</summary>
public sealed class MergeDiagnostic
{
    public MergeDiagnostic(MergeProblem problem, string inputFile, string functionName)
    {
        Problem = problem;
        InputFile = inputFile;
        FunctionName = functionName;
    }

    public MergeProblem Problem { get; }

    public string InputFile { get; }

    /// <summary>The function's name as the profile holds it: pass it through <see cref="NameText.Escape"/> to print it.</summary>
    public string FunctionName { get; }

    public string Message => Problem switch
    {
        MergeProblem.CounterCountMismatch => "function basic block count change detected (counter mismatch)",
        MergeProblem.CounterOverflow => "counter overflow",
        MergeProblem.BitmapSizeMismatch => "function bitmap size change detected (bitmap size mismatch)",
        _ => "function value site count change detected (counter mismatch)",
    };

    /// <summary>The warning line, the function name escaped for a terminal (see <see cref="NameText"/>).</summary>
    public override string ToString() => $"{InputFile}: {NameText.Escape(FunctionName)}: {Message}";
}
