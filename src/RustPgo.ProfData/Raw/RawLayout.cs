namespace RustPgo.ProfData;

/// <summary>Where each section of one raw profile lives, every size checked against the file length.</summary>
internal sealed class RawLayout
{
    public int PointerSize;
    public int DataRecordSize;
    public int CounterSize;
    public long BinaryIdsStart;
    public long BinaryIdsSize;
    public long DataStart;
    public long NumData;
    public long CountersStart;
    public long CountersSize;
    public long BitmapStart;
    public long BitmapSize;
    public long NamesStart;
    public long NamesSize;
    public long VTablesStart;
    public long NumVTables;
    public int VTableRecordSize;
    public long ValueDataStart;

    /// <summary>The size of a data record (<c>__llvm_profile_data</c> entry): four of its fields are pointers.</summary>
    public static int DataRecordSizeFor(int pointerSize) => pointerSize == 8 ? 64 : 48;

    /// <summary>
    /// The layout of data records alone, as an instrumented binary's data section holds them (no header, no
    /// counters): what <see cref="RawDataRecords.Entry"/> needs to decode them.
    /// </summary>
    public static RawLayout OfDataSection(int pointerSize, long numData) => new RawLayout
    {
        PointerSize = pointerSize,
        DataRecordSize = DataRecordSizeFor(pointerSize),
        CounterSize = 8,
        NumData = numData,
    };

    public static RawLayout Compute(ByteReader reader, long start, int pointerSize, ProfileVariant variant,
        ulong binaryIdsSize, ulong numData, ulong paddingBeforeCounters, ulong numCounters, ulong paddingAfterCounters,
        ulong numBitmapBytes, ulong paddingAfterBitmap, ulong namesSize, ulong numVTables, ulong vtableNamesSize)
    {
        var layout = new RawLayout
        {
            PointerSize = pointerSize,
            DataRecordSize = DataRecordSizeFor(pointerSize),
            VTableRecordSize = pointerSize == 8 ? 24 : 16,
            CounterSize = (variant & ProfileVariant.SingleByteCoverage) != 0 ? 1 : 8,
        };
        if (binaryIdsSize % 8 != 0)
        {
            throw reader.Error($"binary id section size {binaryIdsSize} is not a multiple of 8");
        }

        // Walk the sections in file order; each Take() checks the size against what remains.
        var position = start + RawProfileReader.HeaderSize;
        layout.BinaryIdsStart = position;
        layout.BinaryIdsSize = Take(reader, ref position, binaryIdsSize, 1, "binary id section");
        layout.DataStart = position;
        layout.NumData = Take(reader, ref position, numData, layout.DataRecordSize, "data records") / layout.DataRecordSize;
        Take(reader, ref position, paddingBeforeCounters, 1, "padding before counters");
        layout.CountersStart = position;
        layout.CountersSize = Take(reader, ref position, numCounters, layout.CounterSize, "counters");
        Take(reader, ref position, paddingAfterCounters, 1, "padding after counters");
        layout.BitmapStart = position;
        layout.BitmapSize = Take(reader, ref position, numBitmapBytes, 1, "bitmap bytes");
        Take(reader, ref position, paddingAfterBitmap, 1, "padding after bitmap bytes");
        layout.NamesStart = position;
        layout.NamesSize = Take(reader, ref position, namesSize, 1, "names");
        Take(reader, ref position, (ulong)Padding.To8(layout.NamesSize), 1, "padding after names");
        layout.VTablesStart = position;
        var vtableBytes = Take(reader, ref position, numVTables, layout.VTableRecordSize, "vtable records");
        layout.NumVTables = vtableBytes / layout.VTableRecordSize;
        Take(reader, ref position, (ulong)Padding.To8(vtableBytes), 1, "padding after vtable records");
        var vtableNames = Take(reader, ref position, vtableNamesSize, 1, "vtable names");
        Take(reader, ref position, (ulong)Padding.To8(vtableNames), 1, "padding after vtable names");
        layout.ValueDataStart = position;
        return layout;
    }

    private static long Take(ByteReader reader, ref long position, ulong count, int unit, string what)
    {
        var remaining = reader.Length - position;
        if (count > (ulong)remaining / (ulong)unit)
        {
            throw reader.Error($"truncated or corrupt header: {what} ({count} x {unit} bytes) at offset {position} exceeds the {remaining} bytes left");
        }
        var size = (long)count * unit;
        position += size;
        return size;
    }
}
