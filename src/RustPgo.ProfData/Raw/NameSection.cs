using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// Decodes a names blob: chunks of <c>ULEB uncompressedLen, ULEB compressedLen, payload</c>,
/// each payload holding names separated by 0x01, zero padding between chunks.
/// </summary>
internal static class NameSection
{
    /// <summary>
    /// The names of one section may inflate to at most this many times the section's size. rustc's compressed names
    /// inflate about 3 times; deflate itself allows ~1032, which chunk after chunk would make a small file hold
    /// gigabytes of names.
    /// </summary>
    public const int MaxInflation = 64;

    public static List<string> Decode(ByteReader reader, long start, long size, string what)
    {
        var names = new List<string>();
        Decode(reader, start, size, what, names, null, null);
        return names;
    }

    /// <summary>
    /// Decodes a raw profile's names into <paramref name="byMd5"/> (MD5 to key, later names winning),
    /// interning in <paramref name="table"/> those that a data record of the section refers to.
    /// </summary>
    public static void DecodeInto(ByteReader reader, long start, long size, string what, RawNameTable table, Dictionary<ulong, string> byMd5)
    {
        Decode(reader, start, size, what, null, table, byMd5);
    }

    private static void Decode(ByteReader reader, long start, long size, string what, List<string>? names, RawNameTable? table, Dictionary<ulong, string>? byMd5)
    {
        CheckTotalSize(reader, start, size, what);
        var position = start;
        var end = start + size;
        while (position < end)
        {
            var uncompressed = Leb128.Read(reader, ref position, end, what);
            var compressed = Leb128.Read(reader, ref position, end, what);
            byte[] text;
            long textStart;
            long textLength;
            if (compressed != 0)
            {
                var compressedLength = CheckedLength(reader, compressed, position, end, what);
                text = ZlibInflater.Inflate(reader, position, compressedLength, uncompressed, what);
                position += compressedLength;
                textStart = 0;
                textLength = text.Length;
            }
            else
            {
                textLength = CheckedLength(reader, uncompressed, position, end, what);
                text = reader.Data;
                textStart = position;
                position += textLength;
            }
            Split(text, textStart, textLength, names, table, byMd5);
            while (position < end && reader.Data[position] == 0)
            {
                position++;
            }
        }
    }

    // Walks the chunk headers only (no inflating) and refuses a section whose chunks declare more text in all than
    // MaxInflation times its size.
    private static void CheckTotalSize(ByteReader reader, long start, long size, string what)
    {
        var limit = MaxInflation * size;
        long total = 0;
        var position = start;
        var end = start + size;
        while (position < end)
        {
            var uncompressed = Leb128.Read(reader, ref position, end, what);
            var compressed = Leb128.Read(reader, ref position, end, what);
            if (uncompressed > (ulong)(limit - total))
            {
                throw reader.Error($"{what}: the chunks declare more than {limit} bytes of names, {MaxInflation} times the section's {size} bytes (a compression bomb?)");
            }
            total += (long)uncompressed;
            position += CheckedLength(reader, compressed != 0 ? compressed : uncompressed, position, end, what);
            while (position < end && reader.Data[position] == 0)
            {
                position++;
            }
        }
    }

    private static long CheckedLength(ByteReader reader, ulong length, long position, long end, string what)
    {
        if (length > (ulong)(end - position))
        {
            throw reader.Error($"{what}: chunk of {length} bytes at offset {position} runs past the section end");
        }
        return (long)length;
    }

    // StringRef::split keeps empty pieces, so an empty text still yields one (empty) name.
    private static void Split(byte[] text, long start, long length, List<string>? names, RawNameTable? table, Dictionary<ulong, string>? byMd5)
    {
        var pieceStart = (int)start;
        var end = (int)(start + length);
        while (true)
        {
            var separator = System.Array.IndexOf(text, (byte)0x01, pieceStart, end - pieceStart);
            var pieceEnd = separator < 0 ? end : separator;
            if (table != null)
            {
                var key = table.InternReferenced(text, pieceStart, pieceEnd - pieceStart, out var md5);
                if (key != null)
                {
                    byMd5![md5] = key;
                }
            }
            else
            {
                names!.Add(NameKey.FromBytes(text, pieceStart, pieceEnd - pieceStart));
            }
            if (separator < 0)
            {
                return;
            }
            pieceStart = separator + 1;
        }
    }
}
