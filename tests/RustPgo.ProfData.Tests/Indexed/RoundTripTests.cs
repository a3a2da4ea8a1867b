using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

public class RoundTripTests
{
    public static TheoryData<string> Indexed() => new(Fixtures.IndexedProfiles);

    [Theory]
    [MemberData(nameof(Indexed))]
    public void IndexedProfileIsWrittenBackIdentically(string file)
    {
        var profile = IndexedProfileReader.Read(Fixtures.PathOf(file));

        Assert.Equal(file == "v12.profdata" ? 12 : 13, profile.Version);
        Assert.Equal(Fixtures.Bytes(file), IndexedProfileWriter.ToBytes(profile, profile.Version));
    }

    [Theory]
    [MemberData(nameof(Indexed))]
    public void StoredSummaryEqualsComputedSummary(string file)
    {
        var profile = IndexedProfileReader.Read(Fixtures.PathOf(file));
        var computed = ProfileSummary.Compute(profile.Records);

        Assert.Equal(profile.Summary.TotalFunctions, computed.TotalFunctions);
        Assert.Equal(profile.Summary.TotalCount, computed.TotalCount);
        Assert.Equal(profile.Summary.Cutoffs.Select(c => (c.Cutoff, c.MinCount, c.NumCounts)), computed.Cutoffs.Select(c => (c.Cutoff, c.MinCount, c.NumCounts)));
    }

    [Fact]
    public void Version12DiffersOnlyInTheVersionWord()
    {
        var profile = IndexedProfileReader.Read(Fixtures.PathOf("merged.profdata"));
        var v13 = IndexedProfileWriter.ToBytes(profile, 13);
        var v12 = IndexedProfileWriter.ToBytes(profile, 12);

        Assert.Equal(12, v12[8]);
        Assert.Equal(v13.Skip(9), v12.Skip(9));
        Assert.Equal(12, IndexedProfileReader.Read(v12, "v12").Version);
    }

    [Fact]
    public void WriteReplacesAnExistingFileAndLeavesNoTemporaryFiles()
    {
        var folder = Fixtures.TempDirectory();
        var output = Path.Combine(folder, "out.profdata");
        File.WriteAllText(output, "old contents");

        IndexedProfileWriter.Write(output, IndexedProfileReader.Read(Fixtures.PathOf("merged.profdata")));

        Assert.Equal(Fixtures.Bytes("merged.profdata"), File.ReadAllBytes(output));
        Assert.Equal(new[] { output }, Directory.GetFiles(folder));
    }
}
