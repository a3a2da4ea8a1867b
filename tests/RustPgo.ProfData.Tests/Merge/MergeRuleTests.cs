namespace RustPgo.ProfData.Tests;

/// <summary>llvm-profdata's merge rules on hand-made records.</summary>
public class MergeRuleTests
{
    private static readonly byte[] Name = "crate.1-cgu.0;_ZN5crate3foo17h0123456789abcdefE"u8.ToArray();

    private static InstrProfile Profile(params ProfileRecord[] records) =>
        new(ProfileVariant.IrInstrumentation, records, Array.Empty<byte[]>());

    private static ProfileRecord Record(ulong hash, ulong[] counts, params (ulong Value, ulong Count)[][] indirectSites) =>
        new(Name, hash, counts, null, new IReadOnlyList<ValueSite>[]
        {
            indirectSites.Select(site => new ValueSite(site.Select(v => new InstrProfValue(v.Value, v.Count)))).ToList(),
        });

    [Fact]
    public void CountersAddWithWeightsAndSaturate()
    {
        var merger = new ProfileMerger();
        merger.Add(Profile(Record(1, new ulong[] { 5, ulong.MaxValue - 10 })), weight: 2);
        merger.Add(Profile(Record(1, new ulong[] { 1, 100 })), weight: 3);

        var record = Assert.Single(merger.ToProfile().Records);

        Assert.Equal(new ulong[] { 13, ulong.MaxValue - 2 }, record.Counts);
        Assert.Contains(merger.Diagnostics, d => d.Problem == MergeProblem.CounterOverflow);
    }

    [Fact]
    public void DifferentCounterCountIsReportedAndDropped()
    {
        var merger = new ProfileMerger();
        merger.Add(Profile(Record(1, new ulong[] { 5, 6 })));
        merger.Add(Profile(Record(1, new ulong[] { 1, 2, 3 })), sourceName: "b.profraw");

        Assert.Equal(new ulong[] { 5, 6 }, Assert.Single(merger.ToProfile().Records).Counts);
        var diagnostic = Assert.Single(merger.Diagnostics);
        Assert.Equal(MergeProblem.CounterCountMismatch, diagnostic.Problem);
        Assert.Equal("b.profraw", diagnostic.InputFile);
    }

    [Fact]
    public void DifferentHashesStaySeparate()
    {
        var merger = new ProfileMerger();
        merger.Add(Profile(Record(1, new ulong[] { 5 })));
        merger.Add(Profile(Record(2, new ulong[] { 1, 2 })));

        Assert.Equal(2, merger.ToProfile().Records.Count);
        Assert.Empty(merger.Diagnostics);
    }

    [Fact]
    public void ValueSitesMergeLikeLlvm()
    {
        var merger = new ProfileMerger();
        merger.Add(Profile(Record(1, new ulong[] { 1 }, new[] { (10UL, 5UL), (20UL, 7UL) })));
        // Weight 3: equal values are weighted, values new to the site are added unweighted (as LLVM does).
        merger.Add(Profile(Record(1, new ulong[] { 1 }, new[] { (20UL, 1UL), (30UL, 4UL) })), weight: 3);

        var site = Assert.Single(Assert.Single(merger.ToProfile().Records).GetValueSites(ValueKind.IndirectCallTarget));

        Assert.Equal(new[] { (20UL, 10UL), (10UL, 5UL), (30UL, 4UL) }, site.Values.Select(v => (v.Value, v.Count)));
    }

    [Fact]
    public void SitesKeepAtMost255Values()
    {
        var values = Enumerable.Range(1, 300).Select(i => ((ulong)i, (ulong)i)).ToArray();
        var merger = new ProfileMerger();
        merger.Add(Profile(Record(1, new ulong[] { 1 }, values)));

        var site = Assert.Single(Assert.Single(merger.ToProfile().Records).GetValueSites(ValueKind.IndirectCallTarget));

        Assert.Equal(255, site.Values.Count);
        Assert.Equal(300UL, site.Values[0].Count);
    }

    [Fact]
    public void AddDoesNotChangeTheInputProfile()
    {
        var input = Profile(Record(1, new ulong[] { 5 }));
        var merger = new ProfileMerger();
        merger.Add(input, weight: 4);
        merger.Add(input, weight: 4);

        Assert.Equal(5UL, input.Records[0].Counts[0]);
        Assert.Equal(40UL, merger.ToProfile().Records[0].Counts[0]);
    }

    [Fact]
    public void IrAndFrontEndProfilesDoNotMerge()
    {
        var merger = new ProfileMerger();
        merger.Add(Profile(Record(1, new ulong[] { 5 })));

        Assert.Throws<ProfileFormatException>(() =>
            merger.Add(new InstrProfile(ProfileVariant.None, new[] { Record(1, new ulong[] { 5 }) }, Array.Empty<byte[]>())));
    }

    [Fact]
    public void ZeroWeightIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightedInput("x", 0));
    }
}
