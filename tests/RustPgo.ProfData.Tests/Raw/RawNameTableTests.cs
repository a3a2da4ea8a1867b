using System.Text;
using RustPgo.ProfData.Synthesis;
using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

// The merge speed-ups (per-worker name interning and caches, recycled records, key sorts, the writer's sorted-run
// grouping) must not change a byte: each is checked here against the straightforward path it replaces.

/// <summary>The per-worker name interning of the raw reader: same keys and MD5s as reading each file alone.</summary>
public class RawNameTableTests
{
    [Fact]
    public void InternsByContentAndHashesAsLlvm()
    {
        var table = new RawNameTable();
        var names = Enumerable.Range(0, 5000).Select(i => $"crate.cgu.{i % 7};_ZN5crate{i}fooE").ToList();
        names.Add("");
        names.Add("x");
        names.Add("\u00ff\u0001");
        var first = new Dictionary<string, string>();
        foreach (var name in names)
        {
            // Put the bytes at an odd offset in a larger buffer, as in a names section.
            byte[] bytes = Encoding.Latin1.GetBytes(name);
            var buffer = new byte[bytes.Length + 11];
            bytes.CopyTo(buffer, 3);
            string key = table.Intern(buffer, 3, bytes.Length, out ulong md5);
            Assert.Equal(name, key);
            Assert.Equal(Md5Hash.Of(bytes), md5);
            first[name] = key;
        }
        foreach (var name in names)
        {
            byte[] bytes = Encoding.Latin1.GetBytes(name);
            string again = table.Intern(bytes, 0, bytes.Length, out ulong md5);
            Assert.Same(first[name], again);
            Assert.Equal(Md5Hash.Of(bytes), md5);
        }
    }

    [Fact]
    public void SharedTableReadsTheSameRecordsAsFreshReads()
    {
        var table = new RawNameTable();
        // Different shapes (names sections, address maps) interleaved with repeats of earlier ones.
        foreach (var (functions, seed) in new[] { (300, 0), (350, 1), (350, 2), (300, 3), (400, 4), (400, 5), (300, 6) })
        {
            byte[] data = RawProfileSynthesizer.Create(functions, seed);
            var shared = RawProfileReader.Read(data, data.Length, "p.profraw", table);
            var fresh = RawProfileReader.Read(data, "p.profraw");
            Assert.Equal(fresh.Records.Count, shared.Records.Count);
            for (int i = 0; i < fresh.Records.Count; i++)
            {
                Assert.Equal(fresh.Records[i].NameBytes, shared.Records[i].NameBytes);
                Assert.Equal(fresh.Records[i].Hash, shared.Records[i].Hash);
                Assert.Equal(fresh.Records[i].Counts, shared.Records[i].Counts);
                foreach (ValueKind kind in Enum.GetValues(typeof(ValueKind)))
                {
                    Assert.Equal(
                        fresh.Records[i].GetValueSites(kind).Select(s => s.Values.ToList()),
                        shared.Records[i].GetValueSites(kind).Select(s => s.Values.ToList()));
                }
            }
        }
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(true, 3)]
    public void MergeFilesWithRecyclingEqualsOneByOneMerge(bool mixedShapes, int threads)
    {
        string folder = Fixtures.TempDirectory();
        var inputs = new List<WeightedInput>();
        var merger = new ProfileMerger();
        for (int i = 0; i < 9; i++)
        {
            string path = Path.Combine(folder, $"p{i}.profraw");
            // Mixed: later files add functions (new records after recycled ones) and change the names section.
            File.WriteAllBytes(path, RawProfileSynthesizer.Create(mixedShapes ? 300 + 40 * (i % 4) : 400, seed: i));
            inputs.Add(new WeightedInput(path, (ulong)(i % 3 + 1)));
        }
        var contextsMerged = ProfileMerger.MergeFiles(inputs, threadCount: 1).Profile;
        if (threads != 1)
        {
            // Several contexts fold in LLVM's order, which differs from one-by-one; compare with a fresh read of each.
            var again = ProfileMerger.MergeFiles(inputs, threadCount: threads).Profile;
            Assert.Equal(contextsMerged.Records.Count, again.Records.Count);
            // Records of one name with several hashes come out in hash-table order, which depends on the fold.
            static IEnumerable<string> Counters(InstrProfile profile) =>
                profile.Records.Select(r => $"{r.Name} {r.Hash} {string.Join(",", r.Counts)}").OrderBy(x => x, StringComparer.Ordinal);
            Assert.Equal(Counters(contextsMerged), Counters(again));
            return;
        }
        byte[] merged = IndexedProfileWriter.ToBytes(contextsMerged);
        foreach (var input in inputs)
        {
            merger.Add(ProfileFile.Read(input.Path), input.Weight);
        }
        Assert.Equal(IndexedProfileWriter.ToBytes(merger.ToProfile()), merged);
    }
}

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
        for (int round = 0; round < 20; round++)
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
        for (int round = 0; round < 50; round++)
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

/// <summary>The writer's sorted-input fast path and its general path give the same bytes.</summary>
public class WriterGroupingTests
{
    [Fact]
    public void UnsortedRecordsWriteLikeSortedOnes()
    {
        var merger = new ProfileMerger();
        for (int i = 0; i < 3; i++)
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
