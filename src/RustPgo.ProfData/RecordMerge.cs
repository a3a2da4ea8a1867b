using System;
using System.Collections.Generic;

namespace RustPgo.ProfData
{
    /// <summary>
    /// InstrProfRecord's merge, scale and value-data sorting, step for step, so that merged counts and the
    /// order of values inside each site come out as llvm-profdata's.
    /// </summary>
    internal static class RecordMerge
    {
        private const int MaxValuesPerSite = 255;
        private const ulong PseudoHot = ulong.MaxValue;
        private const ulong PseudoWarm = ulong.MaxValue - 1;

        public static void Scale(ProfileRecord record, ulong weight, Action<MergeProblem> warn)
        {
            var counts = record.CountArray;
            for (int i = 0; i < counts.Length; i++)
            {
                bool overflowed = false;
                ulong value = Saturating.Multiply(counts[i], weight, ref overflowed);
                if (value > Saturating.MaxCounter)
                {
                    value = Saturating.MaxCounter;
                    overflowed = true;
                }
                counts[i] = value;
                if (overflowed)
                {
                    warn(MergeProblem.CounterOverflow);
                }
            }
            foreach (var kindSites in record.Sites)
            {
                foreach (var site in kindSites)
                {
                    var items = site.Items;
                    for (int i = 0; i < items.Count; i++)
                    {
                        bool overflowed = false;
                        ulong count = Saturating.Multiply(items[i].Count, weight, ref overflowed);
                        items[i] = new InstrProfValue(items[i].Value, count);
                        if (overflowed)
                        {
                            warn(MergeProblem.CounterOverflow);
                        }
                    }
                }
            }
        }

        public static void MergeInto(ProfileRecord target, ProfileRecord other, ulong weight, Action<MergeProblem> warn)
        {
            var counts = target.CountArray;
            var otherCounts = other.CountArray;
            if (counts.Length != otherCounts.Length)
            {
                warn(MergeProblem.CounterCountMismatch);
                return;
            }
            if (MergePseudoCounts(counts, otherCounts, warn))
            {
                return;
            }
            for (int i = 0; i < counts.Length; i++)
            {
                bool overflowed = false;
                ulong value = Saturating.MultiplyAdd(otherCounts[i], weight, counts[i], ref overflowed);
                if (value > Saturating.MaxCounter)
                {
                    value = Saturating.MaxCounter;
                    overflowed = true;
                }
                counts[i] = value;
                if (overflowed)
                {
                    warn(MergeProblem.CounterOverflow);
                }
            }

            if (target.BitmapArray.Length != other.BitmapArray.Length)
            {
                warn(MergeProblem.BitmapSizeMismatch);
                return;
            }
            for (int i = 0; i < target.BitmapArray.Length; i++)
            {
                target.BitmapArray[i] |= other.BitmapArray[i];
            }

            for (int kind = 0; kind < ValueKinds.Count; kind++)
            {
                var mine = target.Sites[kind];
                var theirs = other.Sites[kind];
                if (mine.Length != theirs.Length)
                {
                    warn(MergeProblem.ValueSiteCountMismatch);
                    return;
                }
                for (int s = 0; s < mine.Length; s++)
                {
                    MergeSite(mine[s], theirs[s], weight, warn);
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
                    var items = site.Items;
                    if (items.Count > 1)
                    {
                        StableSort(items, (a, b) => b.Count.CompareTo(a.Count));
                    }
                    if (items.Count > MaxValuesPerSite)
                    {
                        items.RemoveRange(MaxValuesPerSite, items.Count - MaxValuesPerSite);
                    }
                }
            }
        }

        // First counter of -1 / -2 marks a pseudo hot / warm function; such records only merge with each other.
        private static bool MergePseudoCounts(ulong[] counts, ulong[] otherCounts, Action<MergeProblem> warn)
        {
            bool mine = counts.Length > 0 && counts[0] >= PseudoWarm;
            bool theirs = otherCounts.Length > 0 && otherCounts[0] >= PseudoWarm;
            if (!mine && !theirs)
            {
                return false;
            }
            if (!mine || !theirs)
            {
                warn(MergeProblem.CounterCountMismatch);
                return true;
            }
            counts[0] = counts[0] == PseudoHot || otherCounts[0] == PseudoHot ? PseudoHot : PseudoWarm;
            return true;
        }

        // As LLVM: sort both by value, add the counts of equal values (weighted), and insert values new to
        // this site as they are: LLVM does not weight those.
        private static void MergeSite(ValueSite site, ValueSite input, ulong weight, Action<MergeProblem> warn)
        {
            var mine = site.Items;
            var theirs = input.Items;
            LibStdSort.Sort(mine, ByValue);
            LibStdSort.Sort(theirs, ByValue);
            var merged = new List<InstrProfValue>(Math.Max(mine.Count, theirs.Count));
            int i = 0;
            foreach (var value in theirs)
            {
                while (i < mine.Count && mine[i].Value < value.Value)
                {
                    merged.Add(mine[i++]);
                }
                if (i < mine.Count && mine[i].Value == value.Value)
                {
                    bool overflowed = false;
                    ulong count = Saturating.MultiplyAdd(value.Count, weight, mine[i].Count, ref overflowed);
                    if (overflowed)
                    {
                        warn(MergeProblem.CounterOverflow);
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
            site.Items = merged;
        }

        private static readonly Func<InstrProfValue, InstrProfValue, bool> ByValue = (a, b) => a.Value < b.Value;

        private static void StableSort(List<InstrProfValue> items, Comparison<InstrProfValue> comparison)
        {
            // Insertion sort: sites hold at most a few hundred values and are mostly sorted already.
            for (int i = 1; i < items.Count; i++)
            {
                var current = items[i];
                int j = i - 1;
                while (j >= 0 && comparison(items[j], current) > 0)
                {
                    items[j + 1] = items[j];
                    j--;
                }
                items[j + 1] = current;
            }
        }
    }
}
