using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>The indexed profile summary: field count, cutoff count, fields, then {cutoff, min, num} rows.</summary>
internal static class SummarySection
{
    public const int FieldCount = 6;

    public static ProfileSummary Read(ByteReader reader, ref long position)
    {
        var fieldCount = reader.U64(position, "summary field count");
        var cutoffCount = reader.U64(position + 8, "summary cutoff count");
        position += 16;
        var remaining = reader.Length - position;
        if (fieldCount > (ulong)remaining / 8 || cutoffCount > (ulong)remaining / 24 || (long)fieldCount * 8 + (long)cutoffCount * 24 > remaining)
        {
            throw reader.Error($"summary with {fieldCount} fields and {cutoffCount} cutoffs runs past the end of the file");
        }
        var fields = new ulong[FieldCount];
        for (var i = 0; i < (int)fieldCount; i++)
        {
            var value = reader.U64(position + 8L * i);
            if (i < FieldCount)
            {
                fields[i] = value;
            }
        }
        position += (long)fieldCount * 8;
        var cutoffs = new List<SummaryCutoff>((int)cutoffCount);
        for (var i = 0; i < (int)cutoffCount; i++)
        {
            cutoffs.Add(new SummaryCutoff(reader.U64(position), reader.U64(position + 8), reader.U64(position + 16)));
            position += 24;
        }
        return new ProfileSummary(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], cutoffs);
    }

    public static void Write(LittleEndianWriter output, ProfileSummary summary)
    {
        output.U64(FieldCount);
        output.U64((ulong)summary.Cutoffs.Count);
        output.U64(summary.TotalFunctions);
        output.U64(summary.TotalBlocks);
        output.U64(summary.MaxFunctionCount);
        output.U64(summary.MaxBlockCount);
        output.U64(summary.MaxInternalBlockCount);
        output.U64(summary.TotalCount);
        foreach (var cutoff in summary.Cutoffs)
        {
            output.U64(cutoff.Cutoff);
            output.U64(cutoff.MinCount);
            output.U64(cutoff.NumCounts);
        }
    }
}
