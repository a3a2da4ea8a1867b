using RustPgo.ProfData.Synthesis;
using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>
/// Larger synthesized raw profiles (uncompressed names, sites holding several unknown targets that all
/// become 0) merged by llvm-profdata-22 and by us with various thread counts and weights.
/// With threads, llvm-profdata itself is not reproducible under load (see LlvmMergeComparison).
/// Mixed shapes change the names section and the address map between files (the reader's per-worker caches).
/// </summary>
public class SynthesizedDifferentialTests
{
    [SkippableTheory]
    [InlineData(7, 1)]
    [InlineData(12, 1)]
    [InlineData(12, 2)]
    [InlineData(9, 1, true)]
    [InlineData(9, 2, true)]
    public void SynthesizedProfilesMergeIdentically(int profiles, int threads, bool mixedShapes = false)
    {
        var llvmProfdata = ExternalTools.Find("llvm-profdata-22");
        Skip.If(llvmProfdata == null, "llvm-profdata-22 is not installed");
        var folder = Fixtures.TempDirectory();
        var inputs = new List<string>();
        for (var i = 0; i < profiles; i++)
        {
            var path = Path.Combine(folder, $"p{i}.profraw");
            File.WriteAllBytes(path, RawProfileSynthesizer.Create(mixedShapes ? 500 + 50 * (i % 3) : 600, seed: i));
            inputs.Add(i % 3 == 0 ? $"--weighted-input={i + 2},{path}" : path);
        }
        var args = new[] { "-j", threads.ToString() }.Concat(inputs).ToList();

        LlvmMergeComparison.AssertSameBytes(llvmProfdata!, args, folder, llvmIsDeterministic: threads == 1);
    }
}
