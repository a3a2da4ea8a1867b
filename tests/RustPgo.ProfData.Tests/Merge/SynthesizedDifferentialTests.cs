using RustPgo.ProfData.Synthesis;
using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>
/// Larger synthesized raw profiles (uncompressed names, sites holding several unknown targets that all
/// become 0) merged by every llvm-profdata of LLVM 19–22 RustPgo.Sdk would find (see <see cref="LlvmProfdataTools"/>)
/// and by us with various thread counts and weights.
/// With threads, llvm-profdata itself is not reproducible under load (see LlvmMergeComparison).
/// Mixed shapes change the names section and the address map between files (the reader's per-worker caches).
/// </summary>
[Collection(LlvmProfdataComparisons.Name)]
public class SynthesizedDifferentialTests
{
    public static TheoryData<int, int, bool, int> Cases()
    {
        var data = new TheoryData<int, int, bool, int>();
        foreach (var major in LlvmProfdataTools.MajorsOrNone())
        {
            data.Add(7, 1, false, major);
            data.Add(12, 1, false, major);
            data.Add(12, 2, false, major);
            data.Add(9, 1, true, major);
            data.Add(9, 2, true, major);
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void SynthesizedProfilesMergeIdentically(int profiles, int threads, bool mixedShapes, int llvmMajor)
    {
        var llvmProfdata = LlvmProfdataTools.Require(llvmMajor);
        var folder = Fixtures.TempDirectory();
        var inputs = new List<string>();
        for (var i = 0; i < profiles; i++)
        {
            var path = Path.Combine(folder, $"p{i}.profraw");
            File.WriteAllBytes(path, RawProfileSynthesizer.Create(mixedShapes ? 500 + 50 * (i % 3) : 600, seed: i));
            inputs.Add(i % 3 == 0 ? $"--weighted-input={i + 2},{path}" : path);
        }
        var args = new[] { "-j", threads.ToString() }.Concat(inputs).ToList();

        LlvmMergeComparison.AssertSameBytes(llvmProfdata, args, folder, llvmIsDeterministic: threads == 1);
    }
}
