using System;
using System.Collections.Generic;
using System.Linq;
using RustPgo.ProfData;

namespace RustPgo.Sdk.Tasks.Pgo;

/// <summary>RustPgo.ProfData's merge, the same bytes llvm-profdata of rustc's LLVM would write.</summary>
internal static class BuiltInMerger
{
    public static void Merge(IReadOnlyList<(string Path, ulong Weight)> inputs, string output, int indexedVersion, Action<string> warn)
    {
        var result = ProfileMerger.MergeFiles(inputs.Select(i => new WeightedInput(i.Path, i.Weight)).ToList());
        foreach (var diagnostic in result.Diagnostics)
            warn(diagnostic.ToString());
        IndexedProfileWriter.Write(output, result.Profile, indexedVersion);
    }
}
