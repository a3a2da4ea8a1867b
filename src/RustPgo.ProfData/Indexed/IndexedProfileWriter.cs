using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// Writes indexed profiles byte-identical to <c>llvm-profdata merge</c>: version 13 as LLVM 22 writes it,
/// or version 12 (same layout) for LLVM 19–21 consumers.
/// </summary>
public static class IndexedProfileWriter
{
    public const int DefaultVersion = 13;
    private const int HeaderFields = 9;

    /// <summary>Writes to a temporary file beside <paramref name="path"/> and renames it into place.</summary>
    public static void Write(string path, InstrProfile profile, int version = DefaultVersion)
    {
        AtomicFile.WriteAllBytes(path, ToBytes(profile, version));
    }

    /// <summary>
    /// Serializes the records. Records sharing a name are written in the order given
    /// (<see cref="ProfileMerger"/> and the readers already give llvm-profdata's order).
    /// </summary>
    public static byte[] ToBytes(InstrProfile profile, int version = DefaultVersion)
    {
        if (version != 12 && version != 13)
        {
            throw new ArgumentOutOfRangeException(nameof(version), "only indexed versions 12 and 13 are written");
        }
        var groups = GroupByName(profile.Records, out var keys);
        var output = new LittleEndianWriter(EstimateSize(profile.Records));

        output.U64(IndexedProfileReader.Magic);
        output.U64((uint)version | (ulong)(profile.Variant & ~ProfileVariant.DebugInfoCorrelation));
        output.U64(0); // unused since version 4
        output.U64(0); // hash type: MD5
        var offsetsAt = output.Position;
        output.Zeros(8 * (HeaderFields - 4));

        var contextSensitive = (profile.Variant & ProfileVariant.ContextSensitive) != 0;
        SummarySection.Write(output, Summarize(profile.Records, wantContextSensitive: false));
        if (contextSensitive)
        {
            SummarySection.Write(output, Summarize(profile.Records, wantContextSensitive: true));
        }

        var hashTableOffset = WriteHashTable(output, keys, groups);
        var binaryIdOffset = output.Position;
        WriteBinaryIds(output, profile.BinaryIds);
        var vtableNamesOffset = output.Position;
        output.U64(0); // no vtable names: rustc does not do vtable value profiling

        output.PatchU64(offsetsAt, (ulong)hashTableOffset);
        output.PatchU64(offsetsAt + 8, 0); // memprof
        output.PatchU64(offsetsAt + 16, (ulong)binaryIdOffset);
        output.PatchU64(offsetsAt + 24, 0); // temporal profile traces
        output.PatchU64(offsetsAt + 32, (ulong)vtableNamesOffset);
        return output.ToArray();
    }

    // Records by name, names in byte-wise order; within a name, records keep their given order.
    // groups[i] holds the records named keys[i].
    private static List<ProfileRecord>[] GroupByName(IReadOnlyList<ProfileRecord> records, out string[] sortedKeys)
    {
        var runs = GroupSortedRuns(records, out sortedKeys);
        if (runs != null)
        {
            return runs;
        }
        var groups = new Dictionary<string, List<ProfileRecord>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (!groups.TryGetValue(record.Key, out var list))
            {
                list = new List<ProfileRecord>(1);
                groups.Add(record.Key, list);
            }
            list.Add(record);
        }
        var keys = new List<string>(groups.Keys);
        keys.Sort(StringComparer.Ordinal);
        sortedKeys = keys.ToArray();
        var result = new List<ProfileRecord>[sortedKeys.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = groups[sortedKeys[i]];
        }
        return result;
    }

    // Fast path for what ProfileMerger and the readers give: records already sorted by name, so that each
    // name is one run. Null when they are not.
    private static List<ProfileRecord>[]? GroupSortedRuns(IReadOnlyList<ProfileRecord> records, out string[] sortedKeys)
    {
        sortedKeys = Array.Empty<string>();
        var runCount = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (i == 0)
            {
                runCount++;
                continue;
            }
            var previous = records[i - 1].Key;
            var current = records[i].Key;
            if (ReferenceEquals(previous, current))
            {
                continue;
            }
            var order = string.CompareOrdinal(previous, current);
            if (order > 0)
            {
                return null;
            }
            if (order < 0)
            {
                runCount++;
            }
        }
        var keys = new string[runCount];
        var groups = new List<ProfileRecord>[runCount];
        var run = -1;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (run < 0 || !string.Equals(keys[run], record.Key, StringComparison.Ordinal))
            {
                run++;
                keys[run] = record.Key;
                groups[run] = new List<ProfileRecord>(1);
            }
            groups[run].Add(record);
        }
        sortedKeys = keys;
        return groups;
    }

    private static ProfileSummary Summarize(IReadOnlyList<ProfileRecord> records, bool wantContextSensitive)
    {
        var builder = new ProfileSummaryBuilder();
        foreach (var record in records)
        {
            if (record.IsContextSensitive == wantContextSensitive)
            {
                builder.Add(record);
            }
        }
        return builder.Build();
    }

    private static long WriteHashTable(LittleEndianWriter output, string[] keys, List<ProfileRecord>[] groups)
    {
        var names = new byte[keys.Length][];
        var hashes = new ulong[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            names[i] = groups[i][0].NameBytes;
            hashes[i] = Md5Hash.OfKey(keys[i]);
        }
        var layout = new OnDiskHashTableLayout(hashes);
        var bucketOffsets = new long[layout.BucketCount];
        for (var bucket = 0; bucket < layout.BucketCount; bucket++)
        {
            if (layout.BucketLength(bucket) == 0)
            {
                continue;
            }
            bucketOffsets[bucket] = output.Position;
            output.U16((ushort)layout.BucketLength(bucket));
            foreach (var item in layout.Chain(bucket))
            {
                output.U64(hashes[item]);
                WriteItem(output, names[item], groups[item]);
            }
        }
        output.Zeros(Padding.To8(output.Position));
        var tableOffset = output.Position;
        output.U64((ulong)layout.BucketCount);
        output.U64((ulong)keys.Length);
        foreach (var offset in bucketOffsets)
        {
            output.U64((ulong)offset);
        }
        return tableOffset;
    }

    private static void WriteItem(LittleEndianWriter output, byte[] name, List<ProfileRecord> records)
    {
        long dataLength = 0;
        foreach (var record in records)
        {
            dataLength += 8 * (3L + record.CountArray.Length + record.BitmapArray.Length) + ValueProfileBlob.SizeOf(record.Sites);
        }
        output.U64((ulong)name.Length);
        output.U64((ulong)dataLength);
        output.Bytes(name);
        foreach (var record in records)
        {
            output.U64(record.Hash);
            output.U64((ulong)record.CountArray.Length);
            foreach (var count in record.CountArray)
            {
                output.U64(count);
            }
            output.U64((ulong)record.BitmapArray.Length);
            foreach (var b in record.BitmapArray)
            {
                output.U64(b);
            }
            ValueProfileBlob.Write(output, record.Sites);
        }
    }

    // Sorted byte-wise and de-duplicated, as InstrProfWriter does.
    private static void WriteBinaryIds(LittleEndianWriter output, IReadOnlyList<byte[]> binaryIds)
    {
        var ids = new List<byte[]>(binaryIds);
        ids.Sort(CompareBytes);
        var unique = new List<byte[]>();
        foreach (var id in ids)
        {
            if (unique.Count == 0 || CompareBytes(unique[unique.Count - 1], id) != 0)
            {
                unique.Add(id);
            }
        }
        long size = 0;
        foreach (var id in unique)
        {
            size += 8 + Padding.AlignUp8(id.Length);
        }
        output.U64((ulong)size);
        foreach (var id in unique)
        {
            output.U64((ulong)id.Length);
            output.Bytes(id);
            output.Zeros(Padding.To8(id.Length));
        }
    }

    private static int CompareBytes(byte[] a, byte[] b)
    {
        var common = Math.Min(a.Length, b.Length);
        for (var i = 0; i < common; i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }
        return a.Length.CompareTo(b.Length);
    }

    private static int EstimateSize(IReadOnlyList<ProfileRecord> records)
    {
        long size = 4096;
        foreach (var record in records)
        {
            size += record.NameBytes.Length + 8L * record.CountArray.Length + 96;
        }
        return (int)Math.Min(size, int.MaxValue / 2);
    }
}
