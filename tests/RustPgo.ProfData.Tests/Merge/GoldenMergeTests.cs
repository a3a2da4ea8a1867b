using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>Our merge output must equal llvm-profdata-22's checked-in output byte for byte.</summary>
public class GoldenMergeTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        { "merged.profdata", new[] { "math.profraw", "shapes.profraw", "copy.profraw", "all.profraw", "never.profraw" } },
        { "weighted.profdata", new[] { "--weighted-input=3,shapes.profraw", "--weighted-input=2,all.profraw", "math.profraw" } },
        { "mixed.profdata", new[] { "merged.profdata", "--weighted-input=7,merged.profdata", "copy.profraw" } },
        { "variant.profdata", new[] { "all.profraw", "variant.profraw", "shapes.profraw" } },
        { "single.profdata", new[] { "math.profraw" } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MergeMatchesLlvmProfdata(string expected, string[] inputs)
    {
        var output = Path.Combine(Fixtures.TempDirectory(), "out.profdata");
        // The fixtures were merged on 2 cores: llvm-profdata used two writer contexts (see Fixtures/README.md).
        // variant.profraw comes from another build of the crate: llvm-profdata merges it as any other (RUSTPGO120 aside).
        var args = new List<string> { "merge", "-j", "2", "--allow-mixed-builds", "-o", output };
        args.AddRange(inputs.Select(WithFixturePath));

        var (code, _, stderr) = Fixtures.RunTool(args.ToArray());

        Assert.True(code == 0, stderr);
        Assert.Equal(Fixtures.Bytes(expected), File.ReadAllBytes(output));
    }

    [Fact]
    public void Version12MatchesLlvmProfdata19()
    {
        var output = Path.Combine(Fixtures.TempDirectory(), "out.profdata");
        var inputs = new[] { "math.profraw", "all.profraw", "variant.profraw", "copy.profraw" }.Select(Fixtures.PathOf);

        var (code, _, stderr) = Fixtures.RunTool(new[] { "merge", "-j", "2", "--allow-mixed-builds", "--indexed-version=12", "-o", output, "--weighted-input=3," + Fixtures.PathOf("shapes.profraw") }.Concat(inputs).ToArray());

        Assert.True(code == 0, stderr);
        Assert.Equal(Fixtures.Bytes("v12.profdata"), File.ReadAllBytes(output));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ThreadCountDoesNotChangeSumsForThisFixture(int threads)
    {
        var inputs = new[] { "math.profraw", "shapes.profraw", "copy.profraw", "all.profraw", "never.profraw" }
            .Select(name => new WeightedInput(Fixtures.PathOf(name))).ToList();

        var result = ProfileMerger.MergeFiles(inputs, threads);

        Assert.Equal(Fixtures.Bytes("merged.profdata"), IndexedProfileWriter.ToBytes(result.Profile));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void LibraryMergerMatchesWeightedGoldenWhenFoldedLikeLlvm()
    {
        // llvm-profdata used two writer contexts here: {math, all x2} and {shapes x3}, folded at the end.
        // Folding matters: LLVM adds values new to a site unweighted, so the order changes value counts.
        var first = new ProfileMerger();
        first.Add(RawProfileReader.Read(Fixtures.PathOf("math.profraw")));
        first.Add(RawProfileReader.Read(Fixtures.PathOf("all.profraw")), weight: 2);
        var second = new ProfileMerger();
        second.Add(RawProfileReader.Read(Fixtures.PathOf("shapes.profraw")), weight: 3);
        first.Add(second.ToProfile());

        Assert.Equal(Fixtures.Bytes("weighted.profdata"), IndexedProfileWriter.ToBytes(first.ToProfile()));
    }

    private static string WithFixturePath(string argument)
    {
        var comma = argument.IndexOf(',');
        return argument.StartsWith("--weighted-input=", StringComparison.Ordinal)
            ? argument.Substring(0, comma + 1) + Fixtures.PathOf(argument.Substring(comma + 1))
            : Fixtures.PathOf(argument);
    }
}
