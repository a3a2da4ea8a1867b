using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>32-bit and big-endian producers, and concatenated profiles, read the same records as the original.</summary>
public class SyntheticLayoutTests
{
    public static TheoryData<string, bool, bool> Layouts()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var file in new[] { "all.profraw", "shapes.profraw", "copy.profraw" })
        {
            data.Add(file, false, false);
            data.Add(file, true, false);
            data.Add(file, false, true);
            data.Add(file, true, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ConvertedProfileReadsTheSameRecords(string file, bool to32Bit, bool bigEndian)
    {
        var original = RawProfileReader.Read(Fixtures.PathOf(file));
        var converted = SyntheticRawProfile.Convert(Fixtures.Bytes(file), to32Bit, bigEndian);

        var profile = RawProfileReader.Read(converted, file + " (converted)");

        Assert.Equal(to32Bit ? 4 : 8, profile.PointerSize);
        Assert.Equal(bigEndian, profile.IsBigEndian);
        Assert.Equal(original.Variant, profile.Variant);
        Assert.Equal(original.BinaryIds, profile.BinaryIds);
        RecordComparer.AssertSame(original.Records, profile.Records);
    }

    [Fact]
    public void ConvertedProfilesMergeToTheGoldenOutput()
    {
        var merger = new ProfileMerger();
        foreach (var (file, to32, big) in new[] { ("math.profraw", true, false), ("shapes.profraw", false, true), ("copy.profraw", true, true), ("all.profraw", false, false), ("never.profraw", true, true) })
        {
            merger.Add(RawProfileReader.Read(SyntheticRawProfile.Convert(Fixtures.Bytes(file), to32, big), file));
        }

        Assert.Equal(Fixtures.Bytes("merged.profdata"), IndexedProfileWriter.ToBytes(merger.ToProfile()));
    }

    [Fact]
    public void ConcatenatedProfilesAreAllRead()
    {
        var first = Fixtures.Bytes("math.profraw");
        var second = Fixtures.Bytes("shapes.profraw");
        var both = first.Concat(new byte[16]).Concat(second).ToArray();

        var profile = RawProfileReader.Read(both, "concatenated");

        Assert.Equal(2, profile.ProfileCount);
        var expected = RawProfileReader.Read(first, "a").Records.Concat(RawProfileReader.Read(second, "b").Records).ToList();
        RecordComparer.AssertSame(expected, profile.Records);
    }

    [Fact]
    public void IndirectCallTargetsAreRemappedToNameHashes()
    {
        var profile = RawProfileReader.Read(Fixtures.PathOf("shapes.profraw"));
        var totalArea = profile.Records.Single(r => r.Name.Contains("total_area"));
        var site = Assert.Single(totalArea.GetValueSites(ValueKind.IndirectCallTarget));
        var names = profile.Records.ToDictionary(r => Md5Hash.Of(r.NameBytes), r => r.Name);

        var targets = site.Values.Select(v => names[v.Value]).ToList();

        Assert.Contains(targets, t => t.Contains("Square"));
        Assert.Contains(targets, t => t.Contains("Rect"));
        Assert.Contains(targets, t => t.Contains("Tri"));
    }
}
