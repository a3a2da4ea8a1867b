using System.IO.Compression;
using System.Text;

namespace RustPgo.ProfData.Tests.Hostile;

/// <summary>
/// Writes a 64-bit little-endian raw profile (version 10, IR-level) field by field, so that a test can put any
/// value into any field: counter pointers that alias, sizes that lie, name chunks that inflate without end.
/// </summary>
internal sealed class RawProfileBuilder
{
    public const int HeaderSize = 128;
    public const int DataRecordSize = 64;
    private const ulong CountersDelta = 0x1000_0000;

    public ulong Version { get; set; } = 0x010000000000000AUL;

    /// <summary>The counters section (u64 each).</summary>
    public List<ulong> Counters { get; } = new();

    public List<DataRecord> Records { get; } = new();

    /// <summary>The names section as written (chunks); see <see cref="NameChunk"/>.</summary>
    public MemoryStream Names { get; } = new();

    public List<(ulong NameHash, ulong Pointer, uint Size)> VTables { get; } = new();

    /// <summary>Value-profile blobs, concatenated in data-record order; see <see cref="ValueBlob"/>.</summary>
    public MemoryStream ValueData { get; } = new();

    /// <summary>The header's NumCounters when it should differ from <see cref="Counters"/>.Count.</summary>
    public ulong? NumCountersOverride { get; set; }

    public sealed class DataRecord
    {
        public ulong NameRef { get; set; }

        public ulong FuncHash { get; set; }

        /// <summary>Offset of the record's first counter, in counters, into the counters section.</summary>
        public long CounterIndex { get; set; }

        public uint NumCounters { get; set; } = 1;

        public ulong FunctionPointer { get; set; }

        public ushort IndirectCallSites { get; set; }

        public ushort MemOpSites { get; set; }

        public ushort VTableSites { get; set; }
    }

    /// <summary>Adds a record for <paramref name="name"/> (its NameRef is the name's MD5) with its own new counters.</summary>
    public DataRecord Add(string name, ulong hash, params ulong[] counts)
    {
        var record = new DataRecord
        {
            NameRef = Md5Hash.Of(Encoding.UTF8.GetBytes(name)),
            FuncHash = hash,
            CounterIndex = Counters.Count,
            NumCounters = (uint)counts.Length,
        };
        Counters.AddRange(counts);
        Records.Add(record);
        return record;
    }

    /// <summary>Appends one uncompressed chunk holding <paramref name="names"/>.</summary>
    public RawProfileBuilder WithNames(params string[] names) => WithNames(names.Select(n => Encoding.UTF8.GetBytes(n)).ToArray(), compress: false);

    public RawProfileBuilder WithNames(byte[][] names, bool compress)
    {
        var chunk = NameChunk(names, compress);
        Names.Write(chunk);
        return this;
    }

    /// <summary><c>ULEB uncompressedLen, ULEB compressedLen (0 = stored), payload</c> of names joined by 0x01.</summary>
    public static byte[] NameChunk(byte[][] names, bool compress)
    {
        var text = new MemoryStream();
        for (var i = 0; i < names.Length; i++)
        {
            if (i > 0)
            {
                text.WriteByte(0x01);
            }
            text.Write(names[i]);
        }
        return Chunk(text.ToArray(), compress);
    }

    public static byte[] Chunk(byte[] text, bool compress)
    {
        var output = new MemoryStream();
        Uleb(output, (ulong)text.Length);
        if (!compress)
        {
            Uleb(output, 0);
            output.Write(text);
            return output.ToArray();
        }
        var packed = Zlib(text);
        Uleb(output, (ulong)packed.Length);
        output.Write(packed);
        return output.ToArray();
    }

    public static byte[] Zlib(byte[] text)
    {
        var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(text);
        }
        return packed.ToArray();
    }

    /// <summary>
    /// One value-profile blob: per kind (ascending) the sites, each a list of (value, count).
    /// </summary>
    public static byte[] ValueBlob(params (int Kind, (ulong Value, ulong Count)[][] Sites)[] kinds)
    {
        var body = new MemoryStream();
        var writer = new BinaryWriter(body);
        foreach (var (kind, sites) in kinds)
        {
            writer.Write((uint)kind);
            writer.Write((uint)sites.Length);
            foreach (var site in sites)
            {
                writer.Write((byte)site.Length);
            }
            writer.Write(new byte[(8 - (8 + sites.Length) % 8) % 8]);
            foreach (var site in sites)
            {
                foreach (var (value, count) in site)
                {
                    writer.Write(value);
                    writer.Write(count);
                }
            }
        }
        writer.Flush();
        var blob = new MemoryStream();
        var blobWriter = new BinaryWriter(blob);
        blobWriter.Write((uint)(8 + body.Length));
        blobWriter.Write((uint)kinds.Length);
        blobWriter.Write(body.ToArray());
        blobWriter.Flush();
        return blob.ToArray();
    }

    public byte[] Build()
    {
        var names = Names.ToArray();
        var output = new MemoryStream();
        var writer = new BinaryWriter(output);
        ulong[] header =
        {
            0xff6c70726f667281UL, Version, 0, (ulong)Records.Count, 0, NumCountersOverride ?? (ulong)Counters.Count, 0, 0, 0,
            (ulong)names.Length, CountersDelta, 0, 0, (ulong)VTables.Count, 0, 2,
        };
        foreach (var field in header)
        {
            writer.Write(field);
        }
        for (var i = 0; i < Records.Count; i++)
        {
            var record = Records[i];
            writer.Write(record.NameRef);
            writer.Write(record.FuncHash);
            writer.Write(unchecked(CountersDelta - (ulong)(i * (long)DataRecordSize) + (ulong)(record.CounterIndex * 8)));
            writer.Write(0UL); // bitmap pointer
            writer.Write(record.FunctionPointer);
            writer.Write(0UL); // values pointer
            writer.Write(record.NumCounters);
            writer.Write(record.IndirectCallSites);
            writer.Write(record.MemOpSites);
            writer.Write(record.VTableSites);
            writer.Write((ushort)0);
            writer.Write(0u); // bitmap bytes
        }
        foreach (var counter in Counters)
        {
            writer.Write(counter);
        }
        writer.Write(names);
        writer.Write(new byte[(8 - names.Length % 8) % 8]);
        foreach (var (hash, pointer, size) in VTables)
        {
            writer.Write(hash);
            writer.Write(pointer);
            writer.Write(size);
            writer.Write(0u);
        }
        writer.Write(ValueData.ToArray());
        writer.Flush();
        return output.ToArray();
    }

    private static void Uleb(Stream output, ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            output.WriteByte(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
    }
}
