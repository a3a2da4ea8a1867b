using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// The per-function value-profile blob shared by raw and indexed profiles:
/// <c>u32 TotalSize, u32 NumValueKinds</c>, then per kind <c>u32 Kind, u32 NumSites, u8 counts[], pad, {u64 Value, u64 Count}[]</c>.
/// </summary>
internal static class ValueProfileBlob
{
    public const int EmptySize = 8;

    /// <summary>Reads one blob at <paramref name="position"/>; returns its TotalSize. Values go through <paramref name="remap"/>.</summary>
    public static long Read(ByteReader reader, long position, Func<int, ulong, ulong>? remap, out ValueSite[][] sites)
    {
        var totalSize = Size(reader, position);
        var kindCount = reader.U32(position + 4);
        if (kindCount == 0)
        {
            sites = ProfileRecord.NoValueSites; // shared and never written to, like the sites of records without value data
            return totalSize;
        }
        var lists = new List<ValueSite>?[ValueKinds.Count];
        var end = position + totalSize;
        var cursor = position + 8;
        for (uint k = 0; k < kindCount; k++)
        {
            cursor = ReadKind(reader, cursor, end, remap, lists);
        }

        sites = new ValueSite[ValueKinds.Count][];
        for (var kind = 0; kind < sites.Length; kind++)
        {
            sites[kind] = lists[kind]?.ToArray() ?? ProfileRecord.EmptySites;
        }
        return totalSize;
    }

    /// <summary>The TotalSize of the blob at <paramref name="position"/>, its header checked; the values are not read.</summary>
    public static uint Size(ByteReader reader, long position)
    {
        reader.Require(position, 8, "value profile header");
        var totalSize = reader.U32(position);
        var kindCount = reader.U32(position + 4);
        if (totalSize > reader.Length - position)
        {
            throw reader.Error($"value profile data at offset {position} claims {totalSize} bytes, past the end of the file");
        }
        if (kindCount > ValueKinds.Count)
        {
            throw reader.Error($"value profile data at offset {position} has {kindCount} value kinds (at most {ValueKinds.Count})");
        }
        if (totalSize % 8 != 0 || totalSize < EmptySize)
        {
            throw reader.Error($"value profile data at offset {position} has size {totalSize}, not a positive multiple of 8");
        }
        return totalSize;
    }

    private static long ReadKind(ByteReader reader, long cursor, long end, Func<int, ulong, ulong>? remap, List<ValueSite>?[] lists)
    {
        if (end - cursor < 8)
        {
            throw reader.Error($"value profile record at offset {cursor} runs past its blob");
        }
        var kind = reader.U32(cursor);
        var siteCount = reader.U32(cursor + 4);
        if (kind >= ValueKinds.Count)
        {
            throw reader.Error($"value profile record at offset {cursor} has unknown value kind {kind}");
        }
        var headerSize = Padding.AlignUp8(8L + siteCount);
        if (headerSize > end - cursor)
        {
            throw reader.Error($"value profile record at offset {cursor} declares {siteCount} sites, past its blob");
        }
        long valueCount = 0;
        for (long s = 0; s < siteCount; s++)
        {
            valueCount += reader.Data[cursor + 8 + s];
        }
        if (valueCount * 16 > end - cursor - headerSize)
        {
            throw reader.Error($"value profile record at offset {cursor} declares {valueCount} values, past its blob");
        }

        var list = lists[kind] ??= new List<ValueSite>((int)siteCount);
        var valuePosition = cursor + headerSize;
        for (long s = 0; s < siteCount; s++)
        {
            int n = reader.Data[cursor + 8 + s];
            if (n == 0)
            {
                list.Add(ValueSite.Empty);
                continue;
            }
            var values = new List<InstrProfValue>(n);
            for (var v = 0; v < n; v++)
            {
                var value = reader.U64(valuePosition);
                var count = reader.U64(valuePosition + 8);
                values.Add(new InstrProfValue(remap == null ? value : remap((int)kind, value), count));
                valuePosition += 16;
            }
            list.Add(new ValueSite(values));
        }
        return valuePosition;
    }

    /// <summary>Size of the blob <see cref="Write"/> produces for these sites.</summary>
    public static long SizeOf(ValueSite[][] sites)
    {
        long size = 8;
        foreach (var kindSites in sites)
        {
            if (kindSites.Length == 0)
            {
                continue;
            }
            size += Padding.AlignUp8(8L + kindSites.Length);
            foreach (var site in kindSites)
            {
                size += 16L * site.Items.Count;
            }
        }
        return size;
    }

    public static void Write(LittleEndianWriter output, ValueSite[][] sites)
    {
        uint kindCount = 0;
        foreach (var kindSites in sites)
        {
            if (kindSites.Length != 0)
            {
                kindCount++;
            }
        }
        output.U32((uint)SizeOf(sites));
        output.U32(kindCount);
        for (var kind = 0; kind < sites.Length; kind++)
        {
            var kindSites = sites[kind];
            if (kindSites.Length == 0)
            {
                continue;
            }
            output.U32((uint)kind);
            output.U32((uint)kindSites.Length);
            foreach (var site in kindSites)
            {
                output.U8((byte)site.Items.Count);
            }
            output.Zeros(Padding.To8(8L + kindSites.Length));
            foreach (var site in kindSites)
            {
                foreach (var value in site.Items)
                {
                    output.U64(value.Value);
                    output.U64(value.Count);
                }
            }
        }
    }
}
