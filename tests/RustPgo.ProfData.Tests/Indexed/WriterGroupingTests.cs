using RustPgo.ProfData.Synthesis;

namespace RustPgo.ProfData.Tests;

/// <summary>The writer's sorted-input fast path and its general path give the same bytes.</summary>
public class WriterGroupingTests
{
    [Fact]
    public void UnsortedRecordsWriteLikeSortedOnes()
    {
        var merger = new ProfileMerger();
        for (var i = 0; i < 3; i++)
        {
            merger.Add(RawProfileReader.Read(RawProfileSynthesizer.Create(300 + 50 * i, seed: i), $"p{i}"));
        }
        var sorted = merger.ToProfile();
        // Same records, names in a shuffled order (records of one name keep their relative order).
        var random = new Random(7);
        var shuffled = sorted.Records.GroupBy(r => r.Name).OrderBy(_ => random.Next()).SelectMany(g => g).ToList();
        Assert.NotEqual(sorted.Records.Select(r => r.Name), shuffled.Select(r => r.Name));
        Assert.Equal(
            IndexedProfileWriter.ToBytes(sorted),
            IndexedProfileWriter.ToBytes(new InstrProfile(sorted.Variant, shuffled, sorted.BinaryIds)));
    }
}
