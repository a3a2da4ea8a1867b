using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>One raw data record (<c>__llvm_profile_data</c> entry), pointer fields widened to 64 bits.</summary>
internal struct RawDataEntry
{
    public ulong NameRef;
    public ulong FuncHash;
    public ulong CounterPtr;
    public ulong BitmapPtr;
    public ulong FunctionPointer;
    public uint NumCounters;
    public bool HasValueSites;
    public uint NumBitmapBytes;
    public int Index;
}

/// <summary>Decodes data records and resolves their counters and bitmap bytes.</summary>
internal sealed class RawDataRecords
{
    // Shared by every record without MCDC bitmaps; merging never writes to an empty array.
    private static readonly byte[] NoBitmap = new byte[0];

    private readonly ByteReader _reader;
    private readonly RawLayout _layout;

    // Counters and bitmap bytes handed out so far. A record may share counters with another (llvm-profdata reads such
    // files, and so do we), but all records together may not read more than the section holds: aliased ranges would
    // otherwise turn a small file into records × counters of memory and work.
    private long _countersRead;
    private long _bitmapBytesRead;
    private readonly long _counterCount;

    public RawDataRecords(ByteReader reader, RawLayout layout)
    {
        _reader = reader;
        _layout = layout;
        _counterCount = layout.CountersSize / layout.CounterSize;
    }

    public RawDataEntry Entry(int index)
    {
        var p = _layout.PointerSize;
        var at = _layout.DataStart + (long)index * _layout.DataRecordSize;
        var fields = at + 16 + 4L * p; // after NameRef, FuncHash and four pointers
        return new RawDataEntry
        {
            Index = index,
            NameRef = _reader.U64(at),
            FuncHash = _reader.U64(at + 8),
            CounterPtr = _reader.Pointer(at + 16, p, "counter pointer"),
            BitmapPtr = _reader.Pointer(at + 16 + p, p, "bitmap pointer"),
            FunctionPointer = _reader.Pointer(at + 16 + 2 * p, p, "function pointer"),
            NumCounters = _reader.U32(fields),
            HasValueSites = (_reader.U16(fields + 4) | _reader.U16(fields + 6) | _reader.U16(fields + 8)) != 0,
            NumBitmapBytes = _reader.U32(fields + 12),
        };
    }

    /// <summary>Function address to name MD5, for remapping indirect-call targets.</summary>
    public AddressMap FunctionAddressMap(RawDataEntry[] entries, int count)
    {
        var pairs = new List<KeyValuePair<ulong, ulong>>(count);
        for (var i = 0; i < count; i++)
        {
            if (entries[i].FunctionPointer != 0)
            {
                pairs.Add(new KeyValuePair<ulong, ulong>(entries[i].FunctionPointer, entries[i].NameRef));
            }
        }
        return new AddressMap(pairs);
    }

    /// <summary>Decodes every data record into <paramref name="entries"/> (at least NumData long, possibly reused).</summary>
    public RawDataEntry[] AllEntries(RawDataEntry[] entries)
    {
        for (var i = 0; i < _layout.NumData; i++)
        {
            entries[i] = Entry(i);
        }
        return entries;
    }

    public ulong[] Counters(RawDataEntry entry, ulong countersDelta, RawNameTable pool)
    {
        if (entry.NumCounters == 0)
        {
            throw _reader.Error($"data record {entry.Index}: number of counters is zero");
        }
        var offset = SectionOffset(entry.CounterPtr, countersDelta);
        var size = _layout.CountersSize;
        if (offset < 0 || offset >= size)
        {
            throw _reader.Error($"data record {entry.Index}: counter offset {offset} is outside the counters section (size {size})");
        }
        var available = (size - offset) / _layout.CounterSize;
        if (entry.NumCounters > available)
        {
            throw _reader.Error($"data record {entry.Index}: {entry.NumCounters} counters exceed the {available} left in the counters section");
        }
        _countersRead += entry.NumCounters;
        if (_countersRead > _counterCount)
        {
            throw _reader.Error($"data records 0-{entry.Index} claim {_countersRead} counters, more than the {_counterCount} of the counters section: their counter ranges overlap (aliased counters)");
        }
        var counts = pool.RentCounters((int)entry.NumCounters);
        var at = _layout.CountersStart + offset;
        if (_layout.CounterSize == 1)
        {
            // Single-byte coverage: 0 means "covered".
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] = _reader.Data[at + i] == 0 ? 1UL : 0UL;
            }
        }
        else
        {
            _reader.Require(at, 8L * counts.Length, "counters");
            if (_reader.BigEndian == !System.BitConverter.IsLittleEndian)
            {
                System.Buffer.BlockCopy(_reader.Data, (int)at, counts, 0, 8 * counts.Length);
            }
            else
            {
                for (var i = 0; i < counts.Length; i++)
                {
                    counts[i] = _reader.U64(at + 8L * i);
                }
            }
        }
        return counts;
    }

    public byte[] Bitmap(RawDataEntry entry, ulong bitmapDelta)
    {
        if (entry.NumBitmapBytes == 0)
        {
            return NoBitmap;
        }
        var offset = SectionOffset(entry.BitmapPtr, bitmapDelta);
        var size = _layout.BitmapSize;
        if (offset < 0 || offset >= size || entry.NumBitmapBytes > size - offset)
        {
            throw _reader.Error($"data record {entry.Index}: {entry.NumBitmapBytes} bitmap bytes at offset {offset} are outside the bitmap section (size {size})");
        }
        _bitmapBytesRead += entry.NumBitmapBytes;
        if (_bitmapBytesRead > size)
        {
            throw _reader.Error($"data records 0-{entry.Index} claim {_bitmapBytesRead} bitmap bytes, more than the {size} of the bitmap section: their bitmap ranges overlap");
        }
        return _reader.Bytes(_layout.BitmapStart + offset, entry.NumBitmapBytes, "bitmap bytes");
    }

    // LLVM subtracts in the producer's pointer width and reads the result as ptrdiff_t.
    private long SectionOffset(ulong pointer, ulong delta) => unchecked(
        _layout.PointerSize == 8 ? (long)(pointer - delta) : (long)(uint)((uint)pointer - (uint)delta));
}

/// <summary>Sorted address to hash lookup; unknown addresses map to 0 as in LLVM.</summary>
internal sealed class AddressMap
{
    private readonly ulong[] _addresses;
    private readonly ulong[] _hashes;

    // As InstrProfSymtab::finalizeSymtab: std::sort by address only (so equal addresses keep
    // libstdc++'s order), then drop adjacent duplicate pairs; lookups take the first match.
    public AddressMap(List<KeyValuePair<ulong, ulong>> pairs)
    {
        LibStdSort.SortByKey(pairs, default(ByAddress));
        var addresses = new List<ulong>(pairs.Count);
        var hashes = new List<ulong>(pairs.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0 && pairs[i].Key == pairs[i - 1].Key && pairs[i].Value == pairs[i - 1].Value)
            {
                continue;
            }
            addresses.Add(pairs[i].Key);
            hashes.Add(pairs[i].Value);
        }
        _addresses = addresses.ToArray();
        _hashes = hashes.ToArray();
    }

    private readonly struct ByAddress : LibStdSort.IKey<KeyValuePair<ulong, ulong>>
    {
        public ulong Key(KeyValuePair<ulong, ulong> pair) => pair.Key;

        public bool Less(KeyValuePair<ulong, ulong> a, KeyValuePair<ulong, ulong> b) => a.Key < b.Key;
    }

    public ulong Lookup(ulong address)
    {
        var low = 0;
        var high = _addresses.Length;
        while (low < high)
        {
            var mid = (low + high) >> 1;
            if (_addresses[mid] < address)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low < _addresses.Length && _addresses[low] == address ? _hashes[low] : 0;
    }
}

/// <summary>
/// VTable address ranges to vtable name hashes (only with vtable value profiling), as LLVM's half-open
/// IntervalMap: sorted, looked up by binary search. Overlapping or wrapping ranges are an error: LLVM's map
/// asserts against them, so no LLVM reads such a file the same way twice.
/// </summary>
internal sealed class VTableAddressMap
{
    private readonly ulong[] _starts;
    private readonly ulong[] _ends;
    private readonly ulong[] _hashes;

    public VTableAddressMap(ByteReader reader, RawLayout layout)
    {
        var ranges = new List<(ulong Start, ulong End, ulong Hash)>();
        for (long i = 0; i < layout.NumVTables; i++)
        {
            var at = layout.VTablesStart + i * layout.VTableRecordSize;
            var hash = reader.U64(at);
            var pointer = reader.Pointer(at + 8, layout.PointerSize, "vtable pointer");
            var size = reader.U32(at + 8 + layout.PointerSize);
            if (size == 0)
            {
                continue;
            }
            if (pointer > ulong.MaxValue - size)
            {
                throw reader.Error($"vtable record {i}: range 0x{pointer:x} + {size} wraps around the address space");
            }
            ranges.Add((pointer, pointer + size, hash));
        }
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        _starts = new ulong[ranges.Count];
        _ends = new ulong[ranges.Count];
        _hashes = new ulong[ranges.Count];
        for (var i = 0; i < ranges.Count; i++)
        {
            if (i > 0 && ranges[i].Start < _ends[i - 1])
            {
                throw reader.Error($"vtable ranges overlap at address 0x{ranges[i].Start:x}");
            }
            _starts[i] = ranges[i].Start;
            _ends[i] = ranges[i].End;
            _hashes[i] = ranges[i].Hash;
        }
    }

    public ulong Lookup(ulong address)
    {
        // The last range starting at or before the address, if the address is inside it.
        var low = 0;
        var high = _starts.Length;
        while (low < high)
        {
            var mid = (low + high) >> 1;
            if (_starts[mid] <= address)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low > 0 && address < _ends[low - 1] ? _hashes[low - 1] : 0;
    }
}
