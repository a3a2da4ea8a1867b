using RustPgo.ProfData.Tests.Hostile;

namespace RustPgo.ProfData.Tests;

/// <summary>
/// The order in which llvm-profdata writes the hashes of one name, replayed with remembered probe counts: the same as
/// replaying LLVM's quadratic probing slot by slot, for any keys, also keys crafted to share one bucket.
/// </summary>
public class DenseMapOrderTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    [InlineData(47, 4)]
    [InlineData(48, 5)]
    [InlineData(1000, 6)]
    [InlineData(20000, 7)]
    public void RandomKeysIterateAsSlotBySlotProbing(int count, int seed)
    {
        var random = new Random(seed);
        var keys = Enumerable.Range(0, count).Select(_ => (ulong)random.NextInt64()).Distinct().ToList();

        Assert.Equal(Naive(keys), DenseMapOrder.Iterate(keys));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(3000)]
    public void CollidingKeysIterateAsSlotBySlotProbing(int count)
    {
        var keys = HostileProfiles.CollidingHashes(count).ToList();
        // Mixed with random keys, so that probe sequences of different start buckets cross.
        var random = new Random(count);
        var mixed = keys.Concat(Enumerable.Range(0, count).Select(_ => (ulong)random.NextInt64())).OrderBy(_ => random.Next()).Distinct().ToList();

        Assert.Equal(Naive(keys), DenseMapOrder.Iterate(keys));
        Assert.Equal(Naive(mixed), DenseMapOrder.Iterate(mixed));
    }

    // LLVM's SmallDenseMap<uint64_t, T, 4> insertion, one probe at a time: 4 inline buckets, grow to max(64, next
    // power of two) when 4 x (entries + 1) >= 3 x buckets, re-inserting in slot order; iteration in slot order.
    private static int[] Naive(IReadOnlyList<ulong> keys)
    {
        var table = Enumerable.Repeat(-1, 4).ToArray();
        var entries = 0;
        for (var index = 0; index < keys.Count; index++)
        {
            if ((entries + 1) * 4 >= table.Length * 3)
            {
                var atLeast = table.Length * 2;
                var size = 64;
                while (size <= atLeast - 1)
                {
                    size <<= 1;
                }
                var grown = Enumerable.Repeat(-1, Math.Max(64, size)).ToArray();
                foreach (var slot in table.Where(s => s >= 0))
                {
                    Place(grown, slot, keys);
                }
                table = grown;
            }
            Place(table, index, keys);
            entries++;
        }
        return table.Where(s => s >= 0).ToArray();
    }

    private static void Place(int[] table, int index, IReadOnlyList<ulong> keys)
    {
        var mask = (uint)table.Length - 1;
        var x = unchecked(keys[index] * 0xbf58476d1ce4e5b9UL);
        var bucket = (uint)(x ^ (x >> 31)) & mask;
        for (uint probe = 1; table[bucket] >= 0; probe++)
        {
            bucket = (bucket + probe) & mask;
        }
        table[bucket] = index;
    }
}
