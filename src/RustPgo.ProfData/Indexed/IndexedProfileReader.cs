using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// Reads LLVM indexed profiles (<c>.profdata</c>) of versions 10 to 13 — what llvm-profdata 15–22 write —
/// into records (in hash-table payload order) plus the stored summary.
/// </summary>
public static class IndexedProfileReader
{
    public const ulong Magic = 0x8169666f72706cffUL;
    public const int MinVersion = 10;
    public const int MaxVersion = 13;

    public static bool HasIndexedMagic(byte[] data) => HasIndexedMagic(data, data.Length);

    internal static bool HasIndexedMagic(byte[] data, int length) => length >= 8 && new ByteReader(data, length, "").U64(0) == Magic;

    public static IndexedProfile Read(string path)
    {
        return Read(FileBytes.Read(path), path);
    }

    public static IndexedProfile Read(byte[] data, string sourceName) => Read(data, data.Length, sourceName);

    /// <summary>Reads the first <paramref name="length"/> bytes of <paramref name="data"/>; the buffer can be reused afterwards.</summary>
    internal static IndexedProfile Read(byte[] data, int length, string sourceName)
    {
        var reader = new ByteReader(data, length, sourceName);
        if (length < 8 || reader.U64(0) != Magic)
        {
            throw reader.Error("bad magic: not an indexed LLVM profile");
        }
        var versionWord = reader.U64(8, "version");
        var version = VersionWord.Number(versionWord);
        if (version < MinVersion || version > MaxVersion)
        {
            throw reader.Error($"unsupported indexed profile version {version} (supported {MinVersion}-{MaxVersion})");
        }
        var variant = VersionWord.Variant(versionWord);
        var headerFields = version >= 12 ? 9 : 8;
        reader.Require(0, headerFields * 8, "indexed profile header");
        if (reader.U64(24) != 0)
        {
            throw reader.Error($"unsupported hash type {reader.U64(24)} (only MD5 = 0)");
        }
        var hashTableOffset = reader.U64(32);
        var binaryIdOffset = reader.U64(48);

        long position = headerFields * 8;
        var summary = SummarySection.Read(reader, ref position);
        ProfileSummary? csSummary = null;
        if ((variant & ProfileVariant.ContextSensitive) != 0)
        {
            csSummary = SummarySection.Read(reader, ref position);
        }

        var records = IndexedHashTable.ReadRecords(reader, position, hashTableOffset, (int)version);
        var binaryIds = binaryIdOffset == 0 ? new List<byte[]>() : ReadBinaryIds(reader, binaryIdOffset);
        return new IndexedProfile((int)version, variant, records, binaryIds, summary, csSummary);
    }

    private static List<byte[]> ReadBinaryIds(ByteReader reader, ulong offset)
    {
        if (offset > (ulong)reader.Length)
        {
            throw reader.Error($"binary id offset {offset} is past the end of the file");
        }
        var position = (long)offset;
        var size = reader.Size(reader.U64(position, "binary id section size"), position + 8, "binary id section size");
        position += 8;
        var end = position + size;
        var ids = new List<byte[]>();
        while (position < end)
        {
            if (end - position < 8)
            {
                throw reader.Error($"not enough data to read a binary id length at offset {position}");
            }
            var length = reader.U64(position);
            position += 8;
            if (length == 0 || length > (ulong)(end - position) || Padding.AlignUp8((long)length) > end - position)
            {
                throw reader.Error($"bad binary id length {length} at offset {position - 8}");
            }
            ids.Add(reader.Bytes(position, (long)length, "binary id"));
            position += Padding.AlignUp8((long)length);
        }
        return ids;
    }
}
