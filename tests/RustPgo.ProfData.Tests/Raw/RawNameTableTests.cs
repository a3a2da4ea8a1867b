using System.Text;
using RustPgo.ProfData.Synthesis;
using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

// The merge speed-ups (per-worker name interning and caches, recycled records, key sorts, the writer's sorted-run
// grouping) must not change a byte: each is checked against the straightforward path it replaces, here and in
// Merge/ValueSortTests.cs and Indexed/WriterGroupingTests.cs.

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
            var bytes = Encoding.Latin1.GetBytes(name);
            var buffer = new byte[bytes.Length + 11];
            bytes.CopyTo(buffer, 3);
            var key = table.Intern(buffer, 3, bytes.Length, out var md5);
            Assert.Equal(name, key);
            Assert.Equal(Md5Hash.Of(bytes), md5);
            first[name] = key;
        }
        foreach (var name in names)
        {
            var bytes = Encoding.Latin1.GetBytes(name);
            var again = table.Intern(bytes, 0, bytes.Length, out var md5);
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
            var data = RawProfileSynthesizer.Create(functions, seed);
            var shared = RawProfileReader.Read(data, data.Length, "p.profraw", table);
            var fresh = RawProfileReader.Read(data, "p.profraw");
            Assert.Equal(fresh.Records.Count, shared.Records.Count);
            for (var i = 0; i < fresh.Records.Count; i++)
            {
                Assert.Equal(fresh.Records[i].NameBytes, shared.Records[i].NameBytes);
                Assert.Equal(fresh.Records[i].Hash, shared.Records[i].Hash);
                Assert.Equal(fresh.Records[i].Counts, shared.Records[i].Counts);
                foreach (var kind in Enum.GetValues<ValueKind>())
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
        var folder = Fixtures.TempDirectory();
        var inputs = new List<WeightedInput>();
        var merger = new ProfileMerger();
        for (var i = 0; i < 9; i++)
        {
            var path = Path.Combine(folder, $"p{i}.profraw");
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
        var merged = IndexedProfileWriter.ToBytes(contextsMerged);
        foreach (var input in inputs)
        {
            merger.Add(ProfileFile.Read(input.Path), input.Weight);
        }
        Assert.Equal(IndexedProfileWriter.ToBytes(merger.ToProfile()), merged);
    }
}
