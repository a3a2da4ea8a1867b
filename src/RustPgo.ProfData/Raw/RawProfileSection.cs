using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>One profile inside a raw file: header, data records, counters, bitmaps, names, value data.</summary>
internal sealed class RawProfileSection
{
    private const ProfileVariant Unsupported = ProfileVariant.DebugInfoCorrelation | ProfileVariant.TemporalProfile | ProfileVariant.MemProf;

    private RawProfileSection(ProfileVariant variant, List<ProfileRecord> records, List<byte[]> binaryIds, long end)
    {
        Variant = variant;
        Records = records;
        BinaryIds = binaryIds;
        End = end;
    }

    public ProfileVariant Variant { get; }

    public List<ProfileRecord> Records { get; }

    public List<byte[]> BinaryIds { get; }

    /// <summary>Offset just past this profile's value data: where a concatenated profile may start.</summary>
    public long End { get; }

    public static RawProfileSection Read(ByteReader reader, long start, int pointerSize, RawNameTable nameTable)
    {
        var layout = ReadHeader(reader, start, pointerSize, out var variant);
        var countersDelta = reader.U64(start + 8L * 10);
        var bitmapDelta = reader.U64(start + 8L * 11);
        var binaryIds = ReadBinaryIds(reader, layout.BinaryIdsStart, layout.BinaryIdsSize);
        var data = new RawDataRecords(reader, layout);
        var entries = data.AllEntries(nameTable.EntryScratch((int)layout.NumData));
        var names = nameTable.ResolveNames(reader, layout.NamesStart, layout.NamesSize, entries, (int)layout.NumData);
        AddressMap? addressMap = null; // built on the first indirect-call value: most records have none
        var vtableMap = new VTableAddressMap(reader, layout);
        Func<int, ulong, ulong> remap = (kind, value) =>
            kind == (int)ValueKind.IndirectCallTarget ? (addressMap ??= nameTable.FunctionAddressMap(data, entries, (int)layout.NumData)).Lookup(value)
            : kind == (int)ValueKind.VTableTarget ? vtableMap.Lookup(value)
            : value;

        var records = new List<ProfileRecord>((int)layout.NumData);
        var valuePosition = layout.ValueDataStart;
        for (var i = 0; i < layout.NumData; i++)
        {
            var entry = entries[i];
            var name = names[i];
            var counts = data.Counters(entry, countersDelta, nameTable);
            var bitmap = data.Bitmap(entry, bitmapDelta);
            var sites = ProfileRecord.NoValueSites;
            if (entry.HasValueSites)
            {
                valuePosition += ValueProfileBlob.Read(reader, valuePosition, remap, out sites);
            }
            records.Add(nameTable.NewRecord(name, entry.FuncHash, counts, bitmap, sites));
            unchecked
            {
                countersDelta -= (ulong)layout.DataRecordSize;
                bitmapDelta -= (ulong)layout.DataRecordSize;
            }
        }
        return new RawProfileSection(variant, records, binaryIds, valuePosition);
    }

    /// <summary>Checks the header of the profile at <paramref name="start"/> (version, variant flags) and locates its sections.</summary>
    public static RawLayout ReadHeader(ByteReader reader, long start, int pointerSize, out ProfileVariant variant)
    {
        reader.Require(start, RawProfileReader.HeaderSize, "raw profile header");
        ulong H(int index) => reader.U64(start + 8L * index);

        var versionWord = H(1);
        var version = VersionWord.Number(versionWord);
        if (version != RawProfileReader.SupportedVersion)
        {
            throw reader.Error($"unsupported raw profile version {version} (expected {RawProfileReader.SupportedVersion}, written by LLVM 19-22 / rustc 1.82+)");
        }
        variant = VersionWord.Variant(versionWord);
        if ((variant & Unsupported) != 0)
        {
            throw reader.Error($"unsupported raw profile variant flags 0x{(ulong)(variant & Unsupported):x16} (debug-info correlation, temporal or memprof)");
        }
        return RawLayout.Compute(reader, start, pointerSize, variant,
            binaryIdsSize: H(2), numData: H(3), paddingBeforeCounters: H(4), numCounters: H(5),
            paddingAfterCounters: H(6), numBitmapBytes: H(7), paddingAfterBitmap: H(8), namesSize: H(9),
            numVTables: H(13), vtableNamesSize: H(14));
    }

    public static List<byte[]> ReadBinaryIds(ByteReader reader, long start, long size)
    {
        var ids = new List<byte[]>();
        var position = start;
        var end = start + size;
        while (position < end)
        {
            if (end - position < 8)
            {
                throw reader.Error($"not enough data to read a binary id length at offset {position}");
            }
            var length = reader.U64(position);
            position += 8;
            if (length == 0)
            {
                throw reader.Error($"binary id length is 0 at offset {position - 8}");
            }
            if (length > (ulong)(end - position) || Padding.AlignUp8((long)length) > end - position)
            {
                throw reader.Error($"binary id of {length} bytes at offset {position} runs past the binary id section");
            }
            ids.Add(reader.Bytes(position, (long)length, "binary id"));
            position += Padding.AlignUp8((long)length);
        }
        return ids;
    }
}
