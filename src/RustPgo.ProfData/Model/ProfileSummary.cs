using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>One detailed-summary row: counts at least <see cref="MinCount"/> make up <see cref="Cutoff"/> ppm of the total.</summary>
public readonly struct SummaryCutoff
{
    public SummaryCutoff(ulong cutoff, ulong minCount, ulong numCounts)
    {
        Cutoff = cutoff;
        MinCount = minCount;
        NumCounts = numCounts;
    }

    public ulong Cutoff { get; }

    public ulong MinCount { get; }

    public ulong NumCounts { get; }
}

/// <summary>The profile summary LLVM stores in indexed profiles and needs for hot/cold decisions.</summary>
public sealed class ProfileSummary
{
    public ProfileSummary(ulong totalFunctions, ulong totalBlocks, ulong maxFunctionCount, ulong maxBlockCount, ulong maxInternalBlockCount, ulong totalCount, IReadOnlyList<SummaryCutoff> cutoffs)
    {
        TotalFunctions = totalFunctions;
        TotalBlocks = totalBlocks;
        MaxFunctionCount = maxFunctionCount;
        MaxBlockCount = maxBlockCount;
        MaxInternalBlockCount = maxInternalBlockCount;
        TotalCount = totalCount;
        Cutoffs = cutoffs;
    }

    public ulong TotalFunctions { get; }

    public ulong TotalBlocks { get; }

    public ulong MaxFunctionCount { get; }

    public ulong MaxBlockCount { get; }

    public ulong MaxInternalBlockCount { get; }

    public ulong TotalCount { get; }

    public IReadOnlyList<SummaryCutoff> Cutoffs { get; }

    /// <summary>Computes the summary llvm-profdata would store for these records.</summary>
    public static ProfileSummary Compute(IEnumerable<ProfileRecord> records)
    {
        var builder = new ProfileSummaryBuilder();
        foreach (var record in records)
        {
            builder.Add(record);
        }
        return builder.Build();
    }
}
