namespace RustPgo.ProfData.Tests.Helpers;

/// <summary>What a field of a profile is, for a mutator that wants to lie about one kind of thing at a time.</summary>
internal enum FieldKind
{
    HeaderCount, // a count or size in a header (records, counters, names, binary ids, vtables, summary entries)
    HeaderOffset, // an absolute offset (indexed header, bucket offsets)
    Padding,
    Delta, // CountersDelta, BitmapDelta, NamesDelta
    NameRef,
    FuncHash,
    CounterPointer,
    BitmapPointer,
    FunctionPointer,
    RecordCount, // NumCounters, NumValueSites, NumBitmapBytes of one record
    Counter,
    NameLength, // a chunk's ULEB lengths, a key's length
    DataLength, // an indexed item's data length
    BlobSize, // a value blob's TotalSize
    BlobCount, // NumValueKinds, a kind's NumSites, a site's value count
    ValueKind,
    Value,
}

/// <summary>One field: where it is, how wide (1, 2, 4 or 8 bytes; a ULEB is rewritten in the bytes it had), and what.</summary>
internal readonly record struct Field(int Offset, int Width, FieldKind Kind, bool Leb = false);

/// <summary>
/// Lists the fields of a well-formed 64-bit little-endian raw profile or indexed profile (the fixtures), walking the
/// format independently of the readers under test, so that a fuzzer can mutate counts, offsets and sizes rather
/// than random bytes.
/// </summary>
internal static class ProfileFields
{
    public static List<Field> Of(byte[] data) =>
        BitConverter.ToUInt64(data, 0) == 0x8169666f72706cffUL ? Indexed(data) : Raw(data);

    private static List<Field> Raw(byte[] data)
    {
        var fields = new List<Field>();
        ulong U64(int at) => BitConverter.ToUInt64(data, at);
        FieldKind[] header =
        {
            FieldKind.HeaderCount, FieldKind.HeaderCount, FieldKind.HeaderCount, FieldKind.HeaderCount, FieldKind.Padding,
            FieldKind.HeaderCount, FieldKind.Padding, FieldKind.HeaderCount, FieldKind.Padding, FieldKind.HeaderCount,
            FieldKind.Delta, FieldKind.Delta, FieldKind.Delta, FieldKind.HeaderCount, FieldKind.HeaderCount, FieldKind.HeaderCount,
        };
        for (var i = 0; i < 16; i++)
        {
            fields.Add(new Field(8 * i, 8, header[i]));
        }
        var binaryIds = (int)U64(16);
        var records = (int)U64(24);
        var counters = (int)U64(40);
        var namesSize = (int)U64(72);
        var dataStart = 128 + binaryIds;
        var hasValues = new bool[records];
        for (var r = 0; r < records; r++)
        {
            var at = dataStart + 64 * r;
            fields.Add(new Field(at, 8, FieldKind.NameRef));
            fields.Add(new Field(at + 8, 8, FieldKind.FuncHash));
            fields.Add(new Field(at + 16, 8, FieldKind.CounterPointer));
            fields.Add(new Field(at + 24, 8, FieldKind.BitmapPointer));
            fields.Add(new Field(at + 32, 8, FieldKind.FunctionPointer));
            fields.Add(new Field(at + 48, 4, FieldKind.RecordCount));
            fields.Add(new Field(at + 52, 2, FieldKind.RecordCount));
            fields.Add(new Field(at + 54, 2, FieldKind.RecordCount));
            fields.Add(new Field(at + 56, 2, FieldKind.RecordCount));
            fields.Add(new Field(at + 60, 4, FieldKind.RecordCount));
            hasValues[r] = (BitConverter.ToUInt16(data, at + 52) | BitConverter.ToUInt16(data, at + 54) | BitConverter.ToUInt16(data, at + 56)) != 0;
        }
        var countersStart = dataStart + 64 * records + (int)U64(32);
        for (var c = 0; c < counters; c++)
        {
            fields.Add(new Field(countersStart + 8 * c, 8, FieldKind.Counter));
        }
        var namesStart = countersStart + 8 * counters + (int)U64(48) + (int)U64(56) + (int)U64(64);
        var position = namesStart;
        var namesEnd = namesStart + namesSize;
        while (position < namesEnd)
        {
            var (uncompressed, width1) = Leb(data, position);
            fields.Add(new Field(position, width1, FieldKind.NameLength, Leb: true));
            position += width1;
            var (compressed, width2) = Leb(data, position);
            fields.Add(new Field(position, width2, FieldKind.NameLength, Leb: true));
            position += width2 + (int)(compressed != 0 ? compressed : uncompressed);
            while (position < namesEnd && data[position] == 0)
            {
                position++;
            }
        }
        position = namesEnd + (8 - namesSize % 8) % 8; // no vtables in rustc's profiles
        for (var r = 0; r < records && position + 8 <= data.Length; r++)
        {
            if (hasValues[r])
            {
                position = Blob(data, position, fields);
            }
        }
        return fields;
    }

    private static List<Field> Indexed(byte[] data)
    {
        var fields = new List<Field>();
        ulong U64(int at) => BitConverter.ToUInt64(data, at);
        fields.Add(new Field(8, 8, FieldKind.HeaderCount)); // the version word
        fields.Add(new Field(24, 8, FieldKind.HeaderCount)); // hash type
        foreach (var at in new[] { 32, 40, 48, 56, 64 })
        {
            fields.Add(new Field(at, 8, FieldKind.HeaderOffset));
        }
        fields.Add(new Field(72, 8, FieldKind.HeaderCount));
        fields.Add(new Field(80, 8, FieldKind.HeaderCount));
        var position = 72 + 16 + 8 * (int)U64(72) + 24 * (int)U64(80);
        var table = (int)U64(32);
        var entries = (int)U64(table + 8);
        fields.Add(new Field(table, 8, FieldKind.HeaderCount));
        fields.Add(new Field(table + 8, 8, FieldKind.HeaderCount));
        for (var b = 0; b < (int)U64(table); b++)
        {
            fields.Add(new Field(table + 16 + 8 * b, 8, FieldKind.HeaderOffset));
        }
        var left = 0;
        for (var e = 0; e < entries; e++)
        {
            if (left == 0)
            {
                fields.Add(new Field(position, 2, FieldKind.HeaderCount));
                left = BitConverter.ToUInt16(data, position);
                position += 2;
            }
            fields.Add(new Field(position, 8, FieldKind.NameRef));
            fields.Add(new Field(position + 8, 8, FieldKind.NameLength));
            fields.Add(new Field(position + 16, 8, FieldKind.DataLength));
            var keyLength = (int)U64(position + 8);
            var end = position + 24 + keyLength + (int)U64(position + 16);
            position += 24 + keyLength;
            while (position < end)
            {
                fields.Add(new Field(position, 8, FieldKind.FuncHash));
                fields.Add(new Field(position + 8, 8, FieldKind.RecordCount));
                var counters = (int)U64(position + 8);
                for (var c = 0; c < counters; c++)
                {
                    fields.Add(new Field(position + 16 + 8 * c, 8, FieldKind.Counter));
                }
                position += 16 + 8 * counters;
                fields.Add(new Field(position, 8, FieldKind.RecordCount));
                position += 8 + 8 * (int)U64(position);
                position = Blob(data, position, fields);
            }
            left--;
        }
        var binaryIds = (int)U64(48);
        fields.Add(new Field(binaryIds, 8, FieldKind.HeaderCount));
        return fields;
    }

    // Returns the offset after the blob.
    private static int Blob(byte[] data, int position, List<Field> fields)
    {
        var total = (int)BitConverter.ToUInt32(data, position);
        fields.Add(new Field(position, 4, FieldKind.BlobSize));
        fields.Add(new Field(position + 4, 4, FieldKind.BlobCount));
        var kinds = BitConverter.ToUInt32(data, position + 4);
        var cursor = position + 8;
        for (var k = 0; k < kinds; k++)
        {
            fields.Add(new Field(cursor, 4, FieldKind.ValueKind));
            fields.Add(new Field(cursor + 4, 4, FieldKind.BlobCount));
            var sites = (int)BitConverter.ToUInt32(data, cursor + 4);
            var values = 0;
            for (var s = 0; s < sites; s++)
            {
                fields.Add(new Field(cursor + 8 + s, 1, FieldKind.BlobCount));
                values += data[cursor + 8 + s];
            }
            cursor += 8 + sites + (8 - (8 + sites) % 8) % 8;
            for (var v = 0; v < values; v++)
            {
                fields.Add(new Field(cursor, 8, FieldKind.Value));
                fields.Add(new Field(cursor + 8, 8, FieldKind.Counter));
                cursor += 16;
            }
        }
        return position + total;
    }

    private static (ulong Value, int Width) Leb(byte[] data, int position)
    {
        ulong value = 0;
        var shift = 0;
        var width = 0;
        while (true)
        {
            var b = data[position + width++];
            value |= (ulong)(b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                return (value, width);
            }
        }
    }

    public static ulong Read(byte[] data, Field field) => field.Leb
        ? Leb(data, field.Offset).Value
        : field.Width switch
        {
            1 => data[field.Offset],
            2 => BitConverter.ToUInt16(data, field.Offset),
            4 => BitConverter.ToUInt32(data, field.Offset),
            _ => BitConverter.ToUInt64(data, field.Offset),
        };

    /// <summary>Writes <paramref name="value"/> into the field, truncated to its width (a ULEB keeps its byte count).</summary>
    public static void Write(byte[] data, Field field, ulong value)
    {
        if (field.Leb)
        {
            for (var i = 0; i < field.Width; i++)
            {
                var last = i == field.Width - 1;
                data[field.Offset + i] = (byte)((value & 0x7f) | (last ? 0UL : 0x80UL));
                value >>= 7;
            }
            return;
        }
        for (var i = 0; i < field.Width; i++)
        {
            data[field.Offset + i] = (byte)(value >> (8 * i));
        }
    }
}
