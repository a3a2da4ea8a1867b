namespace RustPgo.ProfData;

/// <summary>
/// Bounds-checked reads from a file image in either byte order. Every failure is a
/// <see cref="ProfileFormatException"/> naming the file, so callers never index past the end.
/// </summary>
internal sealed class ByteReader
{
    public ByteReader(byte[] data, string fileName, bool bigEndian = false)
        : this(data, data.Length, fileName, bigEndian)
    {
    }

    /// <summary>Reads the first <paramref name="length"/> bytes of a (possibly reused, larger) buffer.</summary>
    public ByteReader(byte[] data, int length, string fileName, bool bigEndian = false)
    {
        Data = data;
        Length = length;
        FileName = fileName;
        BigEndian = bigEndian;
    }

    public byte[] Data { get; }

    public string FileName { get; }

    public bool BigEndian { get; }

    public long Length { get; }

    public ProfileFormatException Error(string problem) => new ProfileFormatException(FileName, problem);

    public void Require(long position, long size, string what)
    {
        if (position < 0 || size < 0 || position > Length || size > Length - position)
        {
            throw Error($"truncated: {what} needs {size} bytes at offset {position}, file has {Length}");
        }
    }

    public ulong U64(long position, string what = "field")
    {
        Require(position, 8, what);
        var p = (int)position;
        if (BigEndian == !System.BitConverter.IsLittleEndian)
        {
            return System.BitConverter.ToUInt64(Data, p);
        }
        ulong value = 0;
        if (BigEndian)
        {
            for (var i = 0; i < 8; i++)
            {
                value = (value << 8) | Data[p + i];
            }
        }
        else
        {
            for (var i = 7; i >= 0; i--)
            {
                value = (value << 8) | Data[p + i];
            }
        }
        return value;
    }

    public uint U32(long position, string what = "field")
    {
        Require(position, 4, what);
        var p = (int)position;
        return BigEndian
            ? (uint)(Data[p] << 24 | Data[p + 1] << 16 | Data[p + 2] << 8 | Data[p + 3])
            : (uint)(Data[p + 3] << 24 | Data[p + 2] << 16 | Data[p + 1] << 8 | Data[p]);
    }

    public ushort U16(long position, string what = "field")
    {
        Require(position, 2, what);
        var p = (int)position;
        return BigEndian ? (ushort)(Data[p] << 8 | Data[p + 1]) : (ushort)(Data[p + 1] << 8 | Data[p]);
    }

    public byte U8(long position, string what = "field")
    {
        Require(position, 1, what);
        return Data[position];
    }

    public byte[] Bytes(long position, long size, string what)
    {
        Require(position, size, what);
        var result = new byte[size];
        System.Buffer.BlockCopy(Data, (int)position, result, 0, (int)size);
        return result;
    }

    /// <summary>Pointer-sized read: 8 bytes on 64-bit producers, 4 on 32-bit ones.</summary>
    public ulong Pointer(long position, int size, string what) => size == 8 ? U64(position, what) : U32(position, what);

    /// <summary>A byte count from a header, checked against what remains after <paramref name="position"/>.</summary>
    public long Size(ulong value, long position, string what)
    {
        if (value > (ulong)Length || (long)value > Length - position)
        {
            throw Error($"{what} ({value}) exceeds the remaining file size ({Length - position} bytes at offset {position})");
        }
        return (long)value;
    }
}
