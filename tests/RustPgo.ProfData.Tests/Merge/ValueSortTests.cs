namespace RustPgo.ProfData.Tests;

/// <summary>The value-data sort that replaced an insertion sort: stable, by count descending, at most 255 kept.</summary>
public class ValueSortTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(300)]
    [InlineData(1000)]
    public void SortsStablyByCountDescending(int size)
    {
        var random = new Random(size);
        for (var round = 0; round < 20; round++)
        {
            var values = Enumerable.Range(0, size)
                .Select(i => new InstrProfValue((ulong)i, (ulong)random.Next(0, round % 2 == 0 ? 5 : 100000)))
                .ToList();
            if (round % 5 == 4)
            {
                values = values.OrderByDescending(v => v.Count).ToList(); // already sorted: the fast path
            }
            var record = new ProfileRecord(new byte[] { 1 }, 1, new ulong[] { 1 }, null, new IReadOnlyList<ValueSite>[] { new[] { new ValueSite(values) } });
            RecordMerge.SortValueData(record);
            var expected = values.OrderByDescending(v => v.Count).Take(255).ToList();
            Assert.Equal(expected, record.GetValueSites(ValueKind.IndirectCallTarget)[0].Values);
        }
    }
}

/// <summary>The value sort's fast path must give exactly libstdc++'s order (LibStdSort), duplicates or not.</summary>
public class ValueOrderFastPathTests
{
    [Theory]
    [InlineData(2, false)]
    [InlineData(20, false)]
    [InlineData(255, false)]
    [InlineData(20, true)]
    [InlineData(255, true)]
    public void KeySortMatchesLibStdSort(int size, bool duplicates)
    {
        var random = new Random(size * 2 + (duplicates ? 1 : 0));
        for (var round = 0; round < 50; round++)
        {
            var values = Enumerable.Range(0, size)
                .Select(i => new InstrProfValue(duplicates ? (ulong)random.Next(0, size / 2) : (ulong)random.NextInt64(), (ulong)i))
                .ToList();
            if (round % 7 == 0)
            {
                values = values.OrderBy(v => v.Value).ToList();
            }
            var expected = new List<InstrProfValue>(values);
            LibStdSort.Sort(expected, default(RecordMerge.ByValue));
            var actual = new List<InstrProfValue>(values);
            RecordMerge.SortByValue(actual);
            Assert.Equal(expected, actual);
        }
    }
}
