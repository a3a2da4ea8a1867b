using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// Reads LLVM raw profiles (<c>.profraw</c>, version 10, as rustc 1.95 / LLVM 19–22 write them):
/// 64- and 32-bit producers, either byte order, concatenated profiles, compressed names and value profiles.
/// </summary>
public static class RawProfileReader
{
    public const int SupportedVersion = 10;
    internal const ulong Magic64 = 0xff6c70726f667281UL;
    internal const ulong Magic32 = 0xff6c70726f665281UL;
    internal const int HeaderSize = 16 * 8;

    /// <summary>True when the bytes start with a raw-profile magic of any width or byte order.</summary>
    public static bool HasRawMagic(byte[] data) => HasRawMagic(data, data.Length);

    internal static bool HasRawMagic(byte[] data, int length)
    {
        if (length < 8)
        {
            return false;
        }
        var little = new ByteReader(data, length, "").U64(0);
        var big = new ByteReader(data, length, "", bigEndian: true).U64(0);
        return little == Magic64 || little == Magic32 || big == Magic64 || big == Magic32;
    }

    /// <summary>
    /// The format version of the raw profile at <paramref name="path"/> (its header's second word, without
    /// variant flags), or null when the file is too short or not a raw profile. Reads 16 bytes.
    /// </summary>
    public static int? PeekVersion(string path)
    {
        var header = new byte[16];
        int length;
        using (var stream = System.IO.File.OpenRead(path))
        {
            length = stream.Read(header, 0, header.Length);
        }
        if (length < header.Length || !HasRawMagic(header, length))
        {
            return null;
        }
        var little = new ByteReader(header, length, path).U64(0);
        var bigEndian = little != Magic64 && little != Magic32;
        return (int)VersionWord.Number(new ByteReader(header, length, path, bigEndian).U64(8));
    }

    public static RawProfile Read(string path)
    {
        return Read(FileBytes.Read(path), path);
    }

    /// <summary>Reads a raw profile image; <paramref name="sourceName"/> names it in errors.</summary>
    public static RawProfile Read(byte[] data, string sourceName) => Read(data, data.Length, sourceName);

    /// <summary>Reads the first <paramref name="length"/> bytes of <paramref name="data"/>; the buffer can be reused afterwards.</summary>
    internal static RawProfile Read(byte[] data, int length, string sourceName) => Read(data, length, sourceName, new RawNameTable());

    /// <summary>As above, interning names in <paramref name="nameTable"/> (shared by the files one merge worker reads).</summary>
    internal static RawProfile Read(byte[] data, int length, string sourceName, RawNameTable nameTable)
    {
        List<ProfileRecord>? records = null;
        IReadOnlyList<byte[]> binaryIds = Array.Empty<byte[]>();
        ProfileVariant? variant = null;
        var (bigEndian, pointerSize, profiles) = ForEachProfile(data, length, sourceName, (reader, position, size) =>
        {
            var section = RawProfileSection.Read(reader, position, size, nameTable);
            if (variant.HasValue && variant.Value != section.Variant)
            {
                throw reader.Error($"concatenated profile at offset {position} has different variant flags");
            }
            variant = section.Variant;
            if (records == null)
            {
                records = section.Records; // the usual single-profile file: no copy
            }
            else
            {
                records.AddRange(section.Records);
            }
            binaryIds = section.BinaryIds; // llvm-profdata keeps the last header's ids
            return section.End;
        });
        return new RawProfile(variant ?? ProfileVariant.None, (IReadOnlyList<ProfileRecord>?)records ?? Array.Empty<ProfileRecord>(), binaryIds, pointerSize, bigEndian, profiles);
    }

    /// <summary>
    /// Calls <paramref name="readProfile"/> (reader, start, pointer size; returns where the profile ends) for each of the
    /// concatenated profiles of a raw file, checking the alignment and magic of every one after the first.
    /// </summary>
    internal static (bool BigEndian, int PointerSize, int Profiles) ForEachProfile(byte[] data, int length, string sourceName, Func<ByteReader, long, int, long> readProfile)
    {
        var (bigEndian, pointerSize) = DetectLayout(data, length, sourceName);
        var reader = new ByteReader(data, length, sourceName, bigEndian);
        var profiles = 0;
        long position = 0;
        while (true)
        {
            if (profiles > 0)
            {
                while (position < length && data[position] == 0)
                {
                    position++;
                }
                if (position == length)
                {
                    break;
                }
                if (length - position < HeaderSize)
                {
                    throw reader.Error($"not enough space for another profile header at offset {position}");
                }
                if (position % 8 != 0)
                {
                    throw reader.Error($"concatenated profile at offset {position} is not 8-byte aligned");
                }
                if (reader.U64(position) != (pointerSize == 8 ? Magic64 : Magic32))
                {
                    throw reader.Error($"bad magic in concatenated profile at offset {position}");
                }
            }
            position = readProfile(reader, position, pointerSize);
            profiles++;
        }
        return (bigEndian, pointerSize, profiles);
    }

    private static (bool BigEndian, int PointerSize) DetectLayout(byte[] data, int length, string sourceName)
    {
        if (length < 8)
        {
            throw new ProfileFormatException(sourceName, $"file too small for a raw profile ({length} bytes)");
        }
        var little = new ByteReader(data, length, sourceName).U64(0);
        var big = new ByteReader(data, length, sourceName, bigEndian: true).U64(0);
        if (little == Magic64) return (false, 8);
        if (little == Magic32) return (false, 4);
        if (big == Magic64) return (true, 8);
        if (big == Magic32) return (true, 4);
        throw new ProfileFormatException(sourceName, $"bad magic 0x{little:x16}: not a raw LLVM profile");
    }
}
