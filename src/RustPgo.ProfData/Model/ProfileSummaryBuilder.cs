using System;
using System.Collections.Generic;
using System.Numerics;

namespace RustPgo.ProfData;

/// <summary>
/// Mirrors LLVM's InstrProfSummaryBuilder: the first counter is the entry count, the rest internal
/// blocks; the detailed summary walks distinct counts from high to low per cutoff.
/// </summary>
internal sealed class ProfileSummaryBuilder
{
    internal static readonly uint[] DefaultCutoffs =
    {
        10000, 100000, 200000, 300000, 400000, 500000, 600000, 700000, 800000, 900000,
        950000, 990000, 999000, 999900, 999990, 999999,
    };

    // Every count, sorted in Build: a profile chooses its counts, and a hash table of them could be made to collide.
    private ulong[] _counts = new ulong[256];
    private int _countCount;
    private ulong _functions;
    private ulong _blocks;
    private ulong _maxFunction;
    private ulong _maxBlock;
    private ulong _maxInternal;
    private ulong _total;

    public void Add(ProfileRecord record)
    {
        var counts = record.CountArray;
        if (counts.Length == 0)
        {
            return;
        }
        _functions++;
        AddCount(counts[0]);
        if (counts[0] > _maxFunction)
        {
            _maxFunction = counts[0];
        }
        for (var i = 1; i < counts.Length; i++)
        {
            AddCount(counts[i]);
            if (counts[i] > _maxInternal)
            {
                _maxInternal = counts[i];
            }
        }
    }

    public ProfileSummary Build()
    {
        Array.Sort(_counts, 0, _countCount);
        var cutoffs = new List<SummaryCutoff>(DefaultCutoffs.Length);
        var next = _countCount; // distinct counts are walked from the end: highest first
        ulong seenSum = 0;
        ulong seenCounts = 0;
        ulong count = 0;
        foreach (var cutoff in DefaultCutoffs)
        {
            // LLVM computes the target in 128 bits and then walks with wrapping 64-bit sums.
            var desired = (ulong)(new BigInteger(_total) * cutoff / 1000000);
            while (seenSum < desired && next > 0)
            {
                count = _counts[next - 1];
                var runStart = next - 1;
                while (runStart > 0 && _counts[runStart - 1] == count)
                {
                    runStart--;
                }
                var frequency = (uint)(next - runStart);
                next = runStart;
                unchecked
                {
                    seenSum += count * frequency;
                    seenCounts = (uint)(seenCounts + frequency);
                }
            }
            cutoffs.Add(new SummaryCutoff(cutoff, count, seenCounts));
        }
        return new ProfileSummary(_functions, _blocks, _maxFunction, _maxBlock, _maxInternal, _total, cutoffs);
    }

    private void AddCount(ulong count)
    {
        unchecked
        {
            _total += count;
        }
        _blocks++;
        if (count > _maxBlock)
        {
            _maxBlock = count;
        }
        if (_countCount == _counts.Length)
        {
            Array.Resize(ref _counts, _counts.Length * 2);
        }
        _counts[_countCount++] = count;
    }
}
