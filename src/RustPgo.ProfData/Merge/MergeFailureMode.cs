namespace RustPgo.ProfData;

/// <summary>What to do with inputs that cannot be read (llvm-profdata's <c>--failure-mode</c>).</summary>
public enum MergeFailureMode
{
    /// <summary>Fail if any input is invalid (llvm-profdata's default).</summary>
    Any,
    /// <summary>Fail only if every input is invalid; skip the others with a warning.</summary>
    All,
    /// <summary>Never fail because of invalid inputs; skip them with a warning.</summary>
    Warn,
}
