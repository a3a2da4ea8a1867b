using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

public enum HotnessMeasure
{
    /// <summary>The first counter (rustc's IR instrumentation usually puts the entry block there).</summary>
    EntryCount,
    /// <summary>The largest counter of the function, as <c>llvm-profdata show --topn</c> ranks.</summary>
    MaxCount,
}

/// <summary>One function with the count it was ranked by.</summary>
public readonly struct HotFunction
{
    public HotFunction(ProfileRecord record, ulong count)
    {
        Record = record;
        Count = count;
    }

    public ProfileRecord Record { get; }

    public ulong Count { get; }
}

/// <summary>Coverage and hotness figures for reports ("how much of my code did the training cover?").</summary>
public static class ProfileStatistics
{
    public static int TotalFunctions(InstrProfile profile) => profile.Records.Count;

    public static int FunctionsWithNonZeroEntry(InstrProfile profile) => CountRecords(profile, record => record.EntryCount != 0);

    public static int FunctionsWithAnyCount(InstrProfile profile) => CountRecords(profile, record => record.MaxCount != 0);

    /// <summary>
    /// The <paramref name="n"/> hottest functions, hottest first; equal counts keep file order, which is
    /// what llvm-profdata 22's <c>show --topn</c> prints. Context-sensitive records are skipped, as
    /// <c>show</c> does without <c>--showcs</c>.
    /// </summary>
    public static IReadOnlyList<HotFunction> Hottest(IEnumerable<ProfileRecord> records, int n, HotnessMeasure measure = HotnessMeasure.MaxCount)
    {
        if (n <= 0)
        {
            return Array.Empty<HotFunction>();
        }
        var all = new List<(HotFunction Item, int Order)>();
        foreach (var record in records)
        {
            if (record.IsContextSensitive || record.CountArray.Length == 0)
            {
                continue;
            }
            var count = measure == HotnessMeasure.MaxCount ? record.MaxCount : record.EntryCount;
            all.Add((new HotFunction(record, count), all.Count));
        }
        all.Sort((a, b) => a.Item.Count != b.Item.Count ? b.Item.Count.CompareTo(a.Item.Count) : a.Order.CompareTo(b.Order));
        var result = new List<HotFunction>(Math.Min(n, all.Count));
        for (var i = 0; i < all.Count && i < n; i++)
        {
            result.Add(all[i].Item);
        }
        return result;
    }

    private static int CountRecords(InstrProfile profile, Func<ProfileRecord, bool> predicate)
    {
        var count = 0;
        foreach (var record in profile.Records)
        {
            if (predicate(record))
            {
                count++;
            }
        }
        return count;
    }
}
