using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// Reproduces the iteration order of LLVM's <c>SmallDenseMap&lt;uint64_t, T&gt;</c> (4 inline buckets,
/// quadratic probing; LLVM 22 hashes 64-bit keys with a splitmix64 step), which decides the order in which
/// llvm-profdata writes several hashes recorded under one function name.
/// </summary>
internal static class DenseMapOrder
{
    private const int InlineBuckets = 4;

    /// <summary>Returns indexes into <paramref name="keysInInsertionOrder"/> in iteration order.</summary>
    public static int[] Iterate(IReadOnlyList<ulong> keysInInsertionOrder)
    {
        var count = keysInInsertionOrder.Count;
        if (count <= 1)
        {
            return count == 0 ? Array.Empty<int>() : new[] { 0 };
        }
        var buckets = NewTable(InlineBuckets);
        var entries = 0;
        for (var index = 0; index < count; index++)
        {
            var newEntries = entries + 1;
            if (newEntries * 4 >= buckets.Length * 3)
            {
                buckets = Grow(buckets, buckets.Length * 2, keysInInsertionOrder);
            }
            Place(buckets, index, keysInInsertionOrder);
            entries = newEntries;
        }
        var order = new List<int>(count);
        foreach (var slot in buckets)
        {
            if (slot >= 0)
            {
                order.Add(slot);
            }
        }
        return order.ToArray();
    }

    private static int[] NewTable(int size)
    {
        var table = new int[size];
        for (var i = 0; i < size; i++)
        {
            table[i] = -1;
        }
        return table;
    }

    private static int[] Grow(int[] old, int atLeast, IReadOnlyList<ulong> keys)
    {
        var size = atLeast <= InlineBuckets ? InlineBuckets : Math.Max(64, NextPowerOfTwo(atLeast - 1));
        var table = NewTable(size);
        foreach (var slot in old)
        {
            if (slot >= 0)
            {
                Place(table, slot, keys);
            }
        }
        return table;
    }

    private static void Place(int[] table, int index, IReadOnlyList<ulong> keys)
    {
        var mask = (uint)table.Length - 1;
        var bucket = Hash(keys[index]) & mask;
        uint probe = 1;
        while (table[bucket] >= 0)
        {
            if (keys[table[bucket]] == keys[index])
            {
                return;
            }
            bucket = (bucket + probe++) & mask;
        }
        table[bucket] = index;
    }

    // DenseMapInfo<uint64_t>::getHashValue in LLVM 22: densemap::detail::mix, truncated to 32 bits.
    private static uint Hash(ulong key)
    {
        var x = unchecked(key * 0xbf58476d1ce4e5b9UL);
        x ^= x >> 31;
        return (uint)x;
    }

    // llvm::NextPowerOf2: the next power of two strictly greater than the value.
    internal static int NextPowerOfTwo(int value)
    {
        var result = 1;
        while (result <= value)
        {
            result <<= 1;
        }
        return result;
    }
}
