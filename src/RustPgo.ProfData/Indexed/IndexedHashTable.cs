using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// Reads the on-disk chained hash table of an indexed profile the way LLVM's iterable table does:
/// NumEntries items walked linearly through the payload, each bucket prefixed by a u16 item count.
/// </summary>
internal static class IndexedHashTable
{
    private const int MinItemSize = 8 + 8 + 8; // hash, key length, data length

    // Shared by every record without bitmap bytes; merging never writes to an empty array.
    private static readonly byte[] NoBitmap = new byte[0];

    public static List<ProfileRecord> ReadRecords(ByteReader reader, long payloadStart, ulong tableOffset, int version)
    {
        if (tableOffset > (ulong)reader.Length || (long)tableOffset < payloadStart)
        {
            throw reader.Error($"hash table offset {tableOffset} is out of range");
        }
        var table = (long)tableOffset;
        var bucketCount = reader.U64(table, "hash table bucket count");
        var entryCount = reader.U64(table + 8, "hash table entry count");
        reader.Size(bucketCount, table + 16, "hash table bucket count"); // bounds only
        if (bucketCount > (ulong)(reader.Length - table - 16) / 8)
        {
            throw reader.Error($"hash table with {bucketCount} buckets runs past the end of the file");
        }
        if (entryCount > (ulong)(table - payloadStart) / MinItemSize)
        {
            throw reader.Error($"hash table claims {entryCount} entries, more than its payload can hold");
        }

        var records = new List<ProfileRecord>((int)entryCount);
        var position = payloadStart;
        var leftInBucket = 0;
        for (ulong i = 0; i < entryCount; i++)
        {
            if (leftInBucket == 0)
            {
                leftInBucket = reader.U16(position, "bucket item count");
                position += 2;
                if (leftInBucket == 0)
                {
                    throw reader.Error($"empty bucket at offset {position - 2}");
                }
            }
            position += 8; // the key hash; lookups would use it, iteration does not
            var keyLength = reader.U64(position, "key length");
            var dataLength = reader.U64(position + 8, "data length");
            position += 16;
            var keySize = reader.Size(keyLength, position, "key length");
            var dataSize = reader.Size(dataLength, position + keySize, "data length");
            if (position + keySize + dataSize > table)
            {
                throw reader.Error($"hash table item at offset {position} runs into the bucket array");
            }
            var name = reader.Bytes(position, keySize, "function name");
            position += keySize;
            ReadData(reader, name, position, dataSize, version, records);
            position += dataSize;
            leftInBucket--;
        }
        return records;
    }

    private static void ReadData(ByteReader reader, byte[] name, long start, long size, int version, List<ProfileRecord> records)
    {
        if (size % 8 != 0)
        {
            throw reader.Error($"data of '{NameText.Escape(NameKey.FromBytes(name))}' at offset {start} has size {size}, not a multiple of 8");
        }
        var key = NameKey.FromBytes(name);
        var end = start + size;
        var position = start;
        while (position < end)
        {
            if (end - position < 16)
            {
                throw reader.Error($"truncated function data at offset {position}");
            }
            var hash = reader.U64(position);
            var counterCount = reader.U64(position + 8);
            position += 16;
            if (counterCount > (ulong)(end - position) / 8)
            {
                throw reader.Error($"function data at offset {position} claims {counterCount} counters, more than its data holds");
            }
            var counts = new ulong[counterCount];
            for (long i = 0; i < (long)counterCount; i++)
            {
                counts[i] = reader.U64(position + 8 * i);
            }
            position += (long)counterCount * 8;

            var bitmap = NoBitmap;
            if (version > 10)
            {
                if (end - position < 8)
                {
                    throw reader.Error($"truncated bitmap size at offset {position}");
                }
                var bitmapCount = reader.U64(position);
                position += 8;
                if (bitmapCount > (ulong)(end - position) / 8)
                {
                    throw reader.Error($"function data at offset {position} claims {bitmapCount} bitmap bytes, more than its data holds");
                }
                bitmap = new byte[bitmapCount];
                for (long i = 0; i < (long)bitmapCount; i++)
                {
                    bitmap[i] = (byte)reader.U64(position + 8 * i);
                }
                position += (long)bitmapCount * 8;
            }

            if (end - position < ValueProfileBlob.EmptySize)
            {
                throw reader.Error($"missing value profile data at offset {position}");
            }
            var blobSize = ValueProfileBlob.Read(reader, position, null, out var sites);
            if (blobSize > end - position)
            {
                throw reader.Error($"value profile data at offset {position} runs past its function data");
            }
            position += blobSize;
            records.Add(new ProfileRecord(name, key, hash, counts, bitmap, sites));
        }
    }
}
