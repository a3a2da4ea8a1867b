namespace RustPgo.ProfData.Tests.Helpers;

/// <summary>
/// Compares our merge with an llvm-profdata's: ours writes the indexed version that llvm-profdata writes (13 for
/// LLVM 22, 12 for LLVM 19–21, see <see cref="LlvmProfdataTool.IndexedVersion"/>), and llvm-profdata must indeed write
/// that one. With more than one thread llvm-profdata's output is not reproducible under CPU load (seen: 8 different
/// outputs in 25 runs of one 12-input weighted merge with -j 2 on a loaded 2-core machine, while unloaded runs all
/// agree), so threaded comparisons accept a match with any of a few llvm-profdata runs; single-threaded ones must
/// match the first. The tests that compare run in <see cref="LlvmProfdataComparisons"/>, alone, so that the rest
/// of the suite is not the load that makes llvm-profdata's threaded output vary.
/// </summary>
internal static class LlvmMergeComparison
{
    public static void AssertSameBytes(LlvmProfdataTool llvmProfdata, IReadOnlyList<string> mergeArgs, string workDirectory, bool llvmIsDeterministic)
    {
        var ours = Path.Combine(workDirectory, "ours-" + Guid.NewGuid().ToString("N") + ".profdata");
        // llvm-profdata has no RUSTPGO120: inputs of several builds (mixed synthesized shapes) merge as in llvm-profdata.
        var tool = Fixtures.RunTool(new[] { "merge", "--allow-mixed-builds", "--indexed-version=" + llvmProfdata.IndexedVersion, "-o", ours }.Concat(mergeArgs).ToArray());
        Assert.True(tool.ExitCode == 0, tool.Stderr);
        var ourBytes = File.ReadAllBytes(ours);

        var attempts = llvmIsDeterministic ? 1 : 5;
        byte[]? theirBytes = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var theirs = Path.Combine(workDirectory, "llvm-" + Guid.NewGuid().ToString("N") + ".profdata");
            var llvm = ExternalTools.Run(llvmProfdata.Path, new[] { "merge", "-o", theirs }.Concat(mergeArgs), workDirectory);
            Assert.True(llvm.ExitCode == 0, $"{llvmProfdata}: {llvm.Stderr}");
            theirBytes = File.ReadAllBytes(theirs);
            Assert.True(IndexedVersionOf(theirBytes) == llvmProfdata.IndexedVersion,
                $"{llvmProfdata} wrote indexed version {IndexedVersionOf(theirBytes)}, not {llvmProfdata.IndexedVersion}: the built-in merger's choice of version for LLVM {llvmProfdata.Major} is wrong");
            if (theirBytes.AsSpan().SequenceEqual(ourBytes))
            {
                return;
            }
        }
        Assert.Equal(theirBytes, ourBytes);
    }

    /// <summary>The indexed header's version (its low 32 bits; the high ones are variant flags).</summary>
    public static int IndexedVersionOf(byte[] profile) => (int)(BitConverter.ToUInt64(profile, 8) & 0xffff_ffffUL);
}

/// <summary>The tests that compare merges with llvm-profdata's, run after the others and one at a time (see <see cref="LlvmMergeComparison"/>).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LlvmProfdataComparisons
{
    public const string Name = "llvm-profdata comparisons, run alone";
}
