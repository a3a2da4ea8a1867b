using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// Reproduces LLVM's OnDiskChainedHashTableGenerator bucket layout: 64 initial buckets, doubling
/// when 4 × entries ≥ 3 × buckets, every insert (and re-insert on growth) pushing to the head of
/// its chain, and a final resize to fit before emitting.
/// </summary>
internal sealed class OnDiskHashTableLayout
{
    private readonly ulong[] _hashes;
    private readonly int[] _next;
    private int[] _heads;
    private int[] _lengths;

    public OnDiskHashTableLayout(ulong[] hashesInInsertionOrder)
    {
        _hashes = hashesInInsertionOrder;
        _next = new int[_hashes.Length];
        _heads = NewHeads(64);
        _lengths = new int[64];
        var entries = 0;
        for (var item = 0; item < _hashes.Length; item++)
        {
            entries++;
            if (4 * entries >= 3 * _heads.Length)
            {
                Resize(_heads.Length * 2);
            }
            Push(_heads, _lengths, item);
        }
        var target = entries <= 2 ? 1 : DenseMapOrder.NextPowerOfTwo(entries * 4 / 3);
        if (target != _heads.Length)
        {
            Resize(target);
        }
    }

    public int BucketCount => _heads.Length;

    public int BucketLength(int bucket) => _lengths[bucket];

    /// <summary>Items of a bucket from chain head to tail (the order they are written in).</summary>
    public IEnumerable<int> Chain(int bucket)
    {
        for (var item = _heads[bucket]; item >= 0; item = _next[item])
        {
            yield return item;
        }
    }

    private static int[] NewHeads(int size)
    {
        var heads = new int[size];
        for (var i = 0; i < size; i++)
        {
            heads[i] = -1;
        }
        return heads;
    }

    private void Push(int[] heads, int[] lengths, int item)
    {
        var bucket = (int)(_hashes[item] & (ulong)(heads.Length - 1));
        _next[item] = heads[bucket];
        heads[bucket] = item;
        lengths[bucket]++;
    }

    private void Resize(int size)
    {
        var heads = NewHeads(size);
        var lengths = new int[size];
        for (var bucket = 0; bucket < _heads.Length; bucket++)
        {
            var item = _heads[bucket];
            while (item >= 0)
            {
                var following = _next[item];
                Push(heads, lengths, item);
                item = following;
            }
        }
        _heads = heads;
        _lengths = lengths;
    }
}
