using System;
using System.IO;
using System.IO.Compression;

namespace RustPgo.ProfData;

/// <summary>
/// Inflates an RFC 1950 zlib stream with DeflateStream (netstandard2.0 has no ZLibStream)
/// by skipping the 2-byte header; the Adler-32 trailer is not checked.
/// </summary>
internal static class ZlibInflater
{
    // Deflate cannot expand more than ~1032:1, so a larger claimed size is a lie.
    private const long MaxExpansion = 1032;

    public static byte[] Inflate(ByteReader reader, long offset, long length, ulong expectedSize, string what)
    {
        if (length < 2)
        {
            throw reader.Error($"{what}: compressed data too short");
        }
        var cmf = reader.Data[offset];
        var flg = reader.Data[offset + 1];
        if ((cmf & 0x0f) != 8 || ((cmf << 8) | flg) % 31 != 0 || (flg & 0x20) != 0)
        {
            throw reader.Error($"{what}: bad zlib header at offset {offset}");
        }
        if (expectedSize > (ulong)(length * MaxExpansion + 64) || expectedSize > int.MaxValue)
        {
            throw reader.Error($"{what}: claimed uncompressed size {expectedSize} is impossible for {length} compressed bytes");
        }
        // Up to 64 times the compressed size (rustc's names: ~3-6), the declared size is allocated at once; a chunk
        // declaring more grows its buffer as it inflates, so that a lying header costs no more than the data inflates to.
        var output = new byte[(int)Math.Min(expectedSize, (ulong)Math.Max(4096, length * 64))];
        var filled = 0;
        try
        {
            using (var input = new MemoryStream(reader.Data, (int)offset + 2, (int)length - 2, writable: false))
            using (var inflater = new DeflateStream(input, CompressionMode.Decompress))
            {
                while (true)
                {
                    if (filled == output.Length)
                    {
                        if (output.Length == (int)expectedSize)
                        {
                            break;
                        }
                        Array.Resize(ref output, (int)Math.Min(expectedSize, (ulong)output.Length * 2));
                    }
                    var read = inflater.Read(output, filled, output.Length - filled);
                    if (read == 0)
                    {
                        break;
                    }
                    filled += read;
                }
                if (filled == (int)expectedSize && inflater.Read(new byte[1], 0, 1) != 0)
                {
                    throw reader.Error($"{what}: inflates to more than the declared {expectedSize} bytes");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new ProfileFormatException(reader.FileName, $"{what}: corrupt zlib data ({e.Message})", e);
        }
        if (filled != (int)expectedSize)
        {
            throw reader.Error($"{what}: inflates to {filled} bytes, declared {expectedSize}");
        }
        return output;
    }
}
