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

    /// <summary>
    /// Returns indexes into <paramref name="keysInInsertionOrder"/> in iteration order. The keys must be distinct
    /// (they are a function's hashes, one record each).
    /// </summary>
    public static int[] Iterate(IReadOnlyList<ulong> keysInInsertionOrder)
    {
        var count = keysInInsertionOrder.Count;
        if (count <= 1)
        {
            return count == 0 ? Array.Empty<int>() : new[] { 0 };
        }
        var table = new Table(InlineBuckets);
        var entries = 0;
        for (var index = 0; index < count; index++)
        {
            var newEntries = entries + 1;
            if (newEntries * 4 >= table.Slots.Length * 3)
            {
                table = Grow(table, table.Slots.Length * 2, keysInInsertionOrder);
            }
            table.Place(index, keysInInsertionOrder);
            entries = newEntries;
        }
        var order = new List<int>(count);
        foreach (var slot in table.Slots)
        {
            if (slot >= 0)
            {
                order.Add(slot);
            }
        }
        return order.ToArray();
    }

    private static Table Grow(Table old, int atLeast, IReadOnlyList<ulong> keys)
    {
        var size = atLeast <= InlineBuckets ? InlineBuckets : Math.Max(64, NextPowerOfTwo(atLeast - 1));
        var table = new Table(size);
        foreach (var slot in old.Slots)
        {
            if (slot >= 0)
            {
                table.Place(slot, keys);
            }
        }
        return table;
    }

    /// <summary>
    /// An open-addressing table with LLVM's quadratic probing (start, start + 1, start + 3, start + 6, …). Slots are
    /// only ever filled, so the probes of a start bucket that found filled slots find them filled again: each start
    /// bucket remembers how far its probing got, and a key continues from there instead of walking again every slot
    /// that earlier keys of the same bucket filled. Keys crafted to share one bucket (a function's hashes come from
    /// the profile) then cost one probe each instead of as many as there are keys: the same slots, in linear time.
    /// </summary>
    private sealed class Table
    {
        public readonly int[] Slots;
        private readonly uint[] _probes; // per start bucket: how many probes are known to hit filled slots

        public Table(int size)
        {
            Slots = new int[size];
            for (var i = 0; i < size; i++)
            {
                Slots[i] = -1;
            }
            _probes = new uint[size];
        }

        public void Place(int index, IReadOnlyList<ulong> keys)
        {
            var mask = (uint)Slots.Length - 1;
            var start = Hash(keys[index]) & mask;
            var probe = _probes[start];
            // After k probes the bucket is start + 1 + 2 + … + k.
            var bucket = unchecked(start + (uint)((ulong)probe * (probe + 1) / 2)) & mask;
            while (Slots[bucket] >= 0)
            {
                probe++;
                bucket = (bucket + probe) & mask;
            }
            Slots[bucket] = index;
            _probes[start] = probe;
        }
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
