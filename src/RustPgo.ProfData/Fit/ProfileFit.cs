using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>A function of today's build whose name the profile has under other hashes only, with the profile's count on it.</summary>
public sealed class ChangedFunction
{
    internal ChangedFunction(InstrumentedFunction function, ulong profileCount)
    {
        Function = function;
        ProfileCount = profileCount;
    }

    public InstrumentedFunction Function { get; }

    /// <summary>The sum of every counter the profile holds under this name: the data today's build cannot use.</summary>
    public ulong ProfileCount { get; }
}

/// <summary>
/// How well a (merged, field) profile fits today's instrumented build, before shipping with it. rustc uses a function's
/// profile data only when name and CFG hash both match, so each of today's functions is matched, changed (the profile
/// has the name, not the hash) or without data; the share of the profile's counts on matched functions is what the
/// optimized build will still use.
/// </summary>
public sealed class ProfileFit
{
    private ProfileFit()
    {
    }

    /// <summary>Today's functions (distinct name and hash).</summary>
    public int TodayFunctions { get; private set; }

    /// <summary>Today's functions the profile has a record for, same name and hash.</summary>
    public int Matched { get; private set; }

    /// <summary>Of <see cref="Matched"/>, those with a non-zero counter.</summary>
    public int MatchedExecuted { get; private set; }

    /// <summary>Today's functions whose name the profile has under other hashes only.</summary>
    public int Changed { get; private set; }

    /// <summary>Today's functions whose name the profile does not have.</summary>
    public int WithoutData { get; private set; }

    /// <summary>Names in the profile that today's build does not have.</summary>
    public int ProfileFunctionsGone { get; private set; }

    /// <summary>The sum of every counter of the profile (saturating).</summary>
    public ulong TotalCount { get; private set; }

    /// <summary>The part of <see cref="TotalCount"/> on records that match one of today's functions.</summary>
    public ulong CountOnUnchanged { get; private set; }

    /// <summary>The changed functions, the hottest (largest <see cref="ChangedFunction.ProfileCount"/>) first, ties by name.</summary>
    public IReadOnlyList<ChangedFunction> ChangedFunctions { get; private set; } = Array.Empty<ChangedFunction>();

    /// <summary><see cref="CountOnUnchanged"/> / <see cref="TotalCount"/>, 0 for a profile without counts.</summary>
    public decimal Share => TotalCount == 0 ? 0 : (decimal)CountOnUnchanged / TotalCount;

    /// <summary>Context-sensitive records are left out, as <c>show</c> leaves them out without <c>--showcs</c>.</summary>
    public static ProfileFit Compute(IReadOnlyList<InstrumentedFunction> today, InstrProfile profile)
    {
        var fit = new ProfileFit();
        var profileNames = new Dictionary<string, NameData>(StringComparer.Ordinal);
        foreach (var record in profile.Records)
        {
            if (record.IsContextSensitive)
            {
                continue;
            }
            if (!profileNames.TryGetValue(record.Key, out var data))
            {
                data = new NameData();
                profileNames.Add(record.Key, data);
            }
            var count = Sum(record);
            data.Hashes[record.Hash] = count;
            data.Count = Saturating.Add(data.Count, count);
            fit.TotalCount = Saturating.Add(fit.TotalCount, count);
        }

        var todayNames = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<(string, ulong)>();
        var changed = new List<ChangedFunction>();
        foreach (var function in today)
        {
            todayNames.Add(function.Key);
            if (!seen.Add((function.Key, function.Hash)))
            {
                continue;
            }
            fit.TodayFunctions++;
            if (!profileNames.TryGetValue(function.Key, out var data))
            {
                fit.WithoutData++;
            }
            else if (data.Hashes.TryGetValue(function.Hash, out var count))
            {
                fit.Matched++;
                fit.MatchedExecuted += count != 0 ? 1 : 0;
                fit.CountOnUnchanged = Saturating.Add(fit.CountOnUnchanged, count);
            }
            else
            {
                fit.Changed++;
                changed.Add(new ChangedFunction(function, data.Count));
            }
        }
        foreach (var name in profileNames.Keys)
        {
            fit.ProfileFunctionsGone += todayNames.Contains(name) ? 0 : 1;
        }
        changed.Sort((a, b) => a.ProfileCount != b.ProfileCount
            ? b.ProfileCount.CompareTo(a.ProfileCount)
            : string.CompareOrdinal(a.Function.Key, b.Function.Key));
        fit.ChangedFunctions = changed;
        return fit;
    }

    private static ulong Sum(ProfileRecord record)
    {
        ulong sum = 0;
        foreach (var count in record.CountArray)
        {
            sum = Saturating.Add(sum, count);
        }
        return sum;
    }

    private sealed class NameData
    {
        public Dictionary<ulong, ulong> Hashes { get; } = new Dictionary<ulong, ulong>(KeyedUInt64Comparer.Instance);

        public ulong Count { get; set; }
    }
}
