namespace RustPgo.ProfData.Tests.Helpers;

/// <summary>
/// Compares our merge with llvm-profdata-22's. With more than one thread llvm-profdata's output is not
/// reproducible under CPU load (seen: 8 different outputs in 25 runs of one 12-input weighted merge with
/// -j 2 on a loaded 2-core machine, while unloaded runs all agree), so threaded comparisons accept a match
/// with any of a few llvm-profdata runs; single-threaded ones must match the first.
/// </summary>
internal static class LlvmMergeComparison
{
    public static void AssertSameBytes(string llvmProfdata, IReadOnlyList<string> mergeArgs, string workDirectory, bool llvmIsDeterministic)
    {
        var ours = Path.Combine(workDirectory, "ours-" + Guid.NewGuid().ToString("N") + ".profdata");
        var tool = Fixtures.RunTool(new[] { "merge", "-o", ours }.Concat(mergeArgs).ToArray());
        Assert.True(tool.ExitCode == 0, tool.Stderr);
        var ourBytes = File.ReadAllBytes(ours);

        var attempts = llvmIsDeterministic ? 1 : 5;
        byte[]? theirBytes = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var theirs = Path.Combine(workDirectory, "llvm-" + Guid.NewGuid().ToString("N") + ".profdata");
            var llvm = ExternalTools.Run(llvmProfdata, new[] { "merge", "-o", theirs }.Concat(mergeArgs), workDirectory);
            Assert.True(llvm.ExitCode == 0, llvm.Stderr);
            theirBytes = File.ReadAllBytes(theirs);
            if (theirBytes.AsSpan().SequenceEqual(ourBytes))
            {
                return;
            }
        }
        Assert.Equal(theirBytes, ourBytes);
    }
}
