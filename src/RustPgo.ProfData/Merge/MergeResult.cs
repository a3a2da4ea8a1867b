using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>The merged profile plus the per-function problems llvm-profdata would warn about.</summary>
public sealed class MergeResult
{
    internal MergeResult(InstrProfile profile, IReadOnlyList<MergeDiagnostic> diagnostics, IReadOnlyList<ProfileFormatException> skippedInputs, IReadOnlyList<OtherBuild> otherBuilds)
    {
        Profile = profile;
        Diagnostics = diagnostics;
        SkippedInputs = skippedInputs;
        OtherBuilds = otherBuilds;
    }

    /// <summary>Inputs left out because they could not be read (only with a lenient failure mode).</summary>
    public IReadOnlyList<ProfileFormatException> SkippedInputs { get; }

    /// <summary>Raw inputs of another build of a library, left out (build check on, lenient failure mode only).</summary>
    public IReadOnlyList<OtherBuild> OtherBuilds { get; }

    /// <summary>Records sorted by name, several hashes of one name in llvm-profdata's order.</summary>
    public InstrProfile Profile { get; }

    public IReadOnlyList<MergeDiagnostic> Diagnostics { get; }
}
