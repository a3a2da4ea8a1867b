using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>The section names of a 64-bit little-endian ELF file: what a shipped library carries.</summary>
public static class ElfSections
{
    public static IReadOnlyList<string> Of(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F' || bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException(path + " is not a 64-bit little-endian ELF file");
        var sectionHeaders = (int)BitConverter.ToUInt64(bytes, 0x28);
        var entrySize = BitConverter.ToUInt16(bytes, 0x3A);
        var count = BitConverter.ToUInt16(bytes, 0x3C);
        var namesIndex = BitConverter.ToUInt16(bytes, 0x3E);
        var namesOffset = (int)BitConverter.ToUInt64(bytes, sectionHeaders + namesIndex * entrySize + 0x18);
        return Enumerable.Range(0, count).Select(i =>
        {
            var nameOffset = namesOffset + (int)BitConverter.ToUInt32(bytes, sectionHeaders + i * entrySize);
            var end = Array.IndexOf(bytes, (byte)0, nameOffset);
            return Encoding.ASCII.GetString(bytes, nameOffset, end - nameOffset);
        }).ToList();
    }

    /// <summary>Whether the library carries LLVM's profiling runtime (an instrumented build).</summary>
    public static bool IsInstrumented(string path) => Of(path).Any(name => name.StartsWith("__llvm_prf_", StringComparison.Ordinal));
}
