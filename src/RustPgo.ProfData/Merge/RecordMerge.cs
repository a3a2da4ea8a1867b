using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>The first problem found while merging one record: llvm-profdata reports only that one.</summary>
internal struct FirstProblem
{
    public MergeProblem? Problem;

    public void Report(MergeProblem problem)
    {
        if (Problem == null)
        {
            Problem = problem;
        }
    }
}

/// <summary>
/// InstrProfRecord's merge, scale and value-data sorting, step for step, so that merged counts and the
/// order of values inside each site come out as llvm-profdata's.
/// </summary>
internal static class RecordMerge
{
    private const int MaxValuesPerSite = 255;
    private const ulong PseudoHot = ulong.MaxValue;
    private const ulong PseudoWarm = ulong.MaxValue - 1;

    public static void Scale(ProfileRecord record, ulong weight, ref FirstProblem warn)
    {
        var counts = record.CountArray;
        for (var i = 0; i < counts.Length; i++)
        {
            var overflowed = false;
            var value = Saturating.Multiply(counts[i], weight, ref overflowed);
            counts[i] = Capped(value, overflowed, ref warn);
        }
        foreach (var kindSites in record.Sites)
        {
            foreach (var site in kindSites)
            {
                var items = site.Items;
                for (var i = 0; i < items.Count; i++)
                {
                    var overflowed = false;
                    var count = Saturating.Multiply(items[i].Count, weight, ref overflowed);
                    items[i] = new InstrProfValue(items[i].Value, count);
                    if (overflowed)
                    {
                        warn.Report(MergeProblem.CounterOverflow);
                    }
                }
            }
        }
    }

    public static void MergeInto(ProfileRecord target, ProfileRecord other, ulong weight, ref FirstProblem warn)
    {
        var counts = target.CountArray;
        var otherCounts = other.CountArray;
        if (counts.Length != otherCounts.Length)
        {
            warn.Report(MergeProblem.CounterCountMismatch);
            return;
        }
        if (MergePseudoCounts(counts, otherCounts, ref warn))
        {
            return;
        }
        for (var i = 0; i < counts.Length; i++)
        {
            var overflowed = false;
            var value = Saturating.MultiplyAdd(otherCounts[i], weight, counts[i], ref overflowed);
            counts[i] = Capped(value, overflowed, ref warn);
        }

        if (target.BitmapArray.Length != other.BitmapArray.Length)
        {
            warn.Report(MergeProblem.BitmapSizeMismatch);
            return;
        }
        for (var i = 0; i < target.BitmapArray.Length; i++)
        {
            target.BitmapArray[i] |= other.BitmapArray[i];
        }

        for (var kind = 0; kind < ValueKinds.Count; kind++)
        {
            var mine = target.Sites[kind];
            var theirs = other.Sites[kind];
            if (mine.Length != theirs.Length)
            {
                warn.Report(MergeProblem.ValueSiteCountMismatch);
                return;
            }
            for (var s = 0; s < mine.Length; s++)
            {
                mine[s] = MergeSite(mine[s], theirs[s], weight, ref warn);
                SortSite(mine[s].Items);
            }
        }
    }

    /// <summary>Sorts every site by count, descending and stable, and keeps at most 255 values.</summary>
    public static void SortValueData(ProfileRecord record)
    {
        foreach (var kindSites in record.Sites)
        {
            foreach (var site in kindSites)
            {
                SortSite(site.Items);
            }
        }
    }

    private static void SortSite(List<InstrProfValue> items)
    {
        if (items.Count > 1)
        {
            SortByCountDescending(items);
        }
        if (items.Count > MaxValuesPerSite)
        {
            items.RemoveRange(MaxValuesPerSite, items.Count - MaxValuesPerSite);
        }
    }

    // A counter that a scale or merge left above the ceiling becomes the ceiling; either way an overflow is reported.
    private static ulong Capped(ulong value, bool overflowed, ref FirstProblem warn)
    {
        if (value > Saturating.MaxCounter)
        {
            value = Saturating.MaxCounter;
            overflowed = true;
        }
        if (overflowed)
        {
            warn.Report(MergeProblem.CounterOverflow);
        }
        return value;
    }

    // First counter of -1 / -2 marks a pseudo hot / warm function; such records only merge with each other.
    private static bool MergePseudoCounts(ulong[] counts, ulong[] otherCounts, ref FirstProblem warn)
    {
        var mine = counts.Length > 0 && counts[0] >= PseudoWarm;
        var theirs = otherCounts.Length > 0 && otherCounts[0] >= PseudoWarm;
        if (!mine && !theirs)
        {
            return false;
        }
        if (!mine || !theirs)
        {
            warn.Report(MergeProblem.CounterCountMismatch);
            return true;
        }
        counts[0] = counts[0] == PseudoHot || otherCounts[0] == PseudoHot ? PseudoHot : PseudoWarm;
        return true;
    }

    // As LLVM: sort both by value, add the counts of equal values (weighted), and insert values new to
    // this site as they are: LLVM does not weight those. Returns the merged site: a new one when this one is
    // the shared empty site (readers share it between all sites without values).
    private static ValueSite MergeSite(ValueSite site, ValueSite input, ulong weight, ref FirstProblem warn)
    {
        var mine = site.Items;
        var theirs = input.Items;
        if (mine.Count == 0 && theirs.Count == 0)
        {
            return site;
        }
        if (ReferenceEquals(site, ValueSite.Empty))
        {
            site = new ValueSite(new List<InstrProfValue>(theirs.Count));
            mine = site.Items;
        }
        SortByValue(mine);
        SortByValue(theirs);
        // Merged into a per-thread scratch list, then copied back: no list allocated per merged site.
        var merged = _mergeScratch ??= new List<InstrProfValue>();
        merged.Clear();
        var i = 0;
        foreach (var value in theirs)
        {
            while (i < mine.Count && mine[i].Value < value.Value)
            {
                merged.Add(mine[i++]);
            }
            if (i < mine.Count && mine[i].Value == value.Value)
            {
                var overflowed = false;
                var count = Saturating.MultiplyAdd(value.Count, weight, mine[i].Count, ref overflowed);
                if (overflowed)
                {
                    warn.Report(MergeProblem.CounterOverflow);
                }
                merged.Add(new InstrProfValue(value.Value, count));
                i++;
                continue;
            }
            merged.Add(value);
        }
        while (i < mine.Count)
        {
            merged.Add(mine[i++]);
        }
        mine.Clear();
        mine.AddRange(merged);
        return site;
    }

    [ThreadStatic]
    private static List<InstrProfValue>? _mergeScratch;

    [ThreadStatic]
    private static InstrProfValue[]? _sortScratchA;

    [ThreadStatic]
    private static int[]? _orderScratch;

    [ThreadStatic]
    private static ulong[]? _keyScratch;

    internal readonly struct ByValue : LibStdSort.IKey<InstrProfValue>
    {
        public ulong Key(InstrProfValue item) => item.Value;

        public bool Less(InstrProfValue a, InstrProfValue b) => a.Value < b.Value;
    }

    // LLVM's std::sort by value: a fast key sort unless the site holds equal values.
    internal static void SortByValue(List<InstrProfValue> items) =>
        LibStdSort.SortByKey(items, default(ByValue), ref _keyScratch, ref _sortScratchA);

    // LLVM's std::stable_sort by count, descending. Any stable sort gives the same order; this one is an
    // insertion sort for short sites and a key sort of (count, original index) above, so that sites of a few
    // hundred values that MergeSite left in value order do not cost a quadratic number of moves.
    private static void SortByCountDescending(List<InstrProfValue> items)
    {
        var n = items.Count;
        var sorted = true;
        for (var i = 1; i < n; i++)
        {
            if (items[i - 1].Count < items[i].Count)
            {
                sorted = false;
                break;
            }
        }
        if (sorted)
        {
            return;
        }
        if (n <= 16)
        {
            for (var i = 1; i < n; i++)
            {
                var current = items[i];
                var j = i - 1;
                while (j >= 0 && items[j].Count < current.Count)
                {
                    items[j + 1] = items[j];
                    j--;
                }
                items[j + 1] = current;
            }
            return;
        }
        // Stable by construction: sort (~count, original index) pairs, equal counts then by index.
        var keys = LibStdSort.Scratch(ref _keyScratch, n);
        var order = LibStdSort.Scratch(ref _orderScratch, n);
        var source = LibStdSort.Scratch(ref _sortScratchA, n);
        items.CopyTo(source);
        for (var i = 0; i < n; i++)
        {
            keys[i] = ~source[i].Count;
            order[i] = i;
        }
        Array.Sort(keys, order, 0, n);
        for (var i = 0; i < n;)
        {
            var run = i + 1;
            while (run < n && keys[run] == keys[i])
            {
                run++;
            }
            if (run - i > 1)
            {
                Array.Sort(order, i, run - i);
            }
            i = run;
        }
        for (var i = 0; i < n; i++)
        {
            items[i] = source[order[i]];
        }
    }
}
