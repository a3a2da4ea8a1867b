using System;
using System.IO;
using System.Text;

namespace RustPgo.ProfData;

/// <summary>
/// The <c>__llvm_prf_data</c> and <c>__llvm_prf_names</c> sections of an instrumented ELF library (64-bit little-endian,
/// what rustc builds for Linux x86_64 and aarch64): the same data records and names chunks a raw profile copies.
/// Only the ELF header, the section header table, the section name table and the two sections are read, each offset
/// and size checked against the file's length before anything is allocated.
/// </summary>
internal static class ElfProfileSections
{
    public const string DataSection = "__llvm_prf_data";
    public const string NamesSection = "__llvm_prf_names";

    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const uint NoBits = 8; // SHT_NOBITS: no bytes in the file
    private const ulong Compressed = 0x800; // SHF_COMPRESSED
    private const int ExtendedIndex = 0xffff; // SHN_XINDEX: the real value is in section 0's header

    public static bool HasElfMagic(byte[] data, int length) =>
        length >= 4 && data[0] == 0x7f && data[1] == (byte)'E' && data[2] == (byte)'L' && data[3] == (byte)'F';

    /// <summary>The two sections' bytes; <see cref="ProfileFormatException"/> for anything else than a readable 64-bit LE ELF holding them.</summary>
    public static (byte[] Data, byte[] Names) Read(string path)
    {
        try
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                return Read(stream, path);
            }
        }
        catch (IOException e)
        {
            throw new ProfileFormatException(path, e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ProfileFormatException(path, e.Message, e);
        }
    }

    private static (byte[] Data, byte[] Names) Read(FileStream stream, string path)
    {
        var length = stream.Length;
        var header = ReadAt(stream, path, 0, Math.Min(HeaderSize, length), "ELF header");
        if (!HasElfMagic(header, header.Length))
        {
            throw new ProfileFormatException(path, "not an ELF file");
        }
        if (header.Length < 6 || header[4] != 2 || header[5] != 1)
        {
            throw new ProfileFormatException(path, "only 64-bit little-endian ELF libraries are read: pass a raw profile written by a run of the instrumented library instead");
        }
        if (header.Length < HeaderSize)
        {
            throw new ProfileFormatException(path, $"truncated: the ELF header needs {HeaderSize} bytes, the file has {header.Length}");
        }
        var elf = new ByteReader(header, path);
        var tableOffset = elf.U64(0x28);
        var entrySize = elf.U16(0x3a);
        long count = elf.U16(0x3c);
        int namesIndex = elf.U16(0x3e);
        if (tableOffset == 0)
        {
            throw new ProfileFormatException(path, "the ELF file has no section header table");
        }
        if (entrySize != SectionHeaderSize)
        {
            throw new ProfileFormatException(path, $"ELF section headers of {entrySize} bytes (expected {SectionHeaderSize})");
        }
        if (count == 0 || namesIndex == ExtendedIndex)
        {
            // More than 0xff00 sections: the counts live in section 0's header (sh_size, sh_link).
            var first = new ByteReader(ReadAt(stream, path, tableOffset, SectionHeaderSize, "ELF section header 0"), path);
            count = count == 0 ? (long)Math.Min(first.U64(32), long.MaxValue) : count;
            namesIndex = namesIndex == ExtendedIndex ? (int)first.U32(40) : namesIndex;
        }
        if (tableOffset > (ulong)length || count > (length - (long)tableOffset) / SectionHeaderSize)
        {
            throw new ProfileFormatException(path, $"the ELF section header table ({count} x {SectionHeaderSize} bytes at offset {tableOffset}) runs past the end of the file ({length} bytes)");
        }
        var table = new ByteReader(ReadAt(stream, path, tableOffset, count * SectionHeaderSize, "ELF section header table"), path);
        if (namesIndex >= count)
        {
            throw new ProfileFormatException(path, $"the ELF section name table index {namesIndex} is not one of the {count} sections");
        }
        var sectionNames = SectionBytes(stream, path, table, namesIndex, "ELF section name table");

        byte[]? data = null;
        byte[]? names = null;
        for (var i = 0; i < count; i++)
        {
            var name = SectionName(sectionNames, table.U32(i * SectionHeaderSize));
            if (name == DataSection && data == null)
            {
                data = SectionBytes(stream, path, table, i, DataSection);
            }
            else if (name == NamesSection && names == null)
            {
                names = SectionBytes(stream, path, table, i, NamesSection);
            }
        }
        if (data == null || names == null)
        {
            throw new ProfileFormatException(path, $"no {(data == null ? DataSection : NamesSection)} section: not a library built with -Cprofile-generate (instrumented)");
        }
        return (data, names);
    }

    private static byte[] SectionBytes(FileStream stream, string path, ByteReader table, long index, string what)
    {
        var at = index * SectionHeaderSize;
        var type = table.U32(at + 4);
        var flags = table.U64(at + 8);
        var offset = table.U64(at + 24);
        var size = table.U64(at + 32);
        if (type == NoBits)
        {
            throw new ProfileFormatException(path, $"the {what} section has no bytes in the file (SHT_NOBITS)");
        }
        if ((flags & Compressed) != 0)
        {
            throw new ProfileFormatException(path, $"the {what} section is compressed (SHF_COMPRESSED)");
        }
        if (offset > (ulong)stream.Length || size > (ulong)stream.Length - offset)
        {
            throw new ProfileFormatException(path, $"the {what} section ({size} bytes at offset {offset}) runs past the end of the file ({stream.Length} bytes)");
        }
        return ReadAt(stream, path, offset, (long)size, what);
    }

    // Section names are NUL-terminated; an index outside the table names nothing (and so matches nothing).
    private static string SectionName(byte[] names, uint offset)
    {
        if (offset >= names.Length)
        {
            return "";
        }
        var end = Array.IndexOf(names, (byte)0, (int)offset);
        return Encoding.ASCII.GetString(names, (int)offset, (end < 0 ? names.Length : end) - (int)offset);
    }

    private static byte[] ReadAt(FileStream stream, string path, ulong offset, long size, string what)
    {
        if (offset > (ulong)stream.Length || size > stream.Length - (long)offset || size > int.MaxValue - 64)
        {
            throw new ProfileFormatException(path, $"truncated: the {what} ({size} bytes at offset {offset}) runs past the end of the file ({stream.Length} bytes)");
        }
        var bytes = new byte[size];
        stream.Position = (long)offset;
        var filled = 0;
        while (filled < size)
        {
            var read = stream.Read(bytes, filled, (int)size - filled);
            if (read == 0)
            {
                throw new ProfileFormatException(path, $"truncated while reading the {what}");
            }
            filled += read;
        }
        return bytes;
    }
}
