using System;
using System.IO;
using System.Text;
using RustPgo.ProfData;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>Hand-made raw profiles (64-bit little-endian, the layout of raw version 10) for what no real training writes.</summary>
public static class CraftedRawProfiles
{
    private const ulong Magic = 0xff6c70726f667281UL;
    private const ulong CountersDelta = 0x1000_0000;

    /// <summary>The version word (variant flags and version) of a real raw profile.</summary>
    public static ulong VersionWord(string rawProfile)
    {
        using var stream = File.OpenRead(rawProfile);
        var header = new byte[16];
        stream.ReadExactly(header);
        return BitConverter.ToUInt64(header, 8);
    }

    /// <summary>A copy of <paramref name="rawProfile"/> claiming raw version <paramref name="version"/> (its variant flags kept).</summary>
    public static byte[] WithVersion(string rawProfile, uint version)
    {
        var bytes = File.ReadAllBytes(rawProfile);
        BitConverter.GetBytes((VersionWord(rawProfile) & 0xffff_ffff_0000_0000UL) | version).CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>A profile of one function <paramref name="name"/> with CFG hash <paramref name="hash"/> and the given counters.</summary>
    public static byte[] OneFunction(ulong versionWord, string name, ulong hash, params ulong[] counters)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var names = new MemoryStream();
        Uleb(names, (ulong)nameBytes.Length);
        Uleb(names, 0); // stored, not compressed
        names.Write(nameBytes);
        var namesSize = names.Length;

        var output = new MemoryStream();
        var writer = new BinaryWriter(output);
        // Magic, Version, BinaryIdsSize, NumData, PaddingBytesBeforeCounters, NumCounters, PaddingBytesAfterCounters,
        // NumBitmapBytes, PaddingBytesAfterBitmapBytes, NamesSize, CountersDelta, BitmapDelta, NamesDelta, NumVTables,
        // VNamesSize, ValueKindLast.
        foreach (var field in new[] { Magic, versionWord, 0UL, 1UL, 0UL, (ulong)counters.Length, 0UL, 0UL, 0UL, (ulong)namesSize, CountersDelta, 0UL, 0UL, 0UL, 0UL, 2UL })
            writer.Write(field);
        writer.Write(Md5Hash.Of(nameBytes)); // NameRef
        writer.Write(hash);
        writer.Write(CountersDelta); // the counters follow the one data record: its counter pointer, relative to itself
        writer.Write(0UL); // bitmap pointer
        writer.Write(0UL); // function pointer
        writer.Write(0UL); // values
        writer.Write((uint)counters.Length);
        writer.Write((ushort)0); // indirect call sites
        writer.Write((ushort)0); // memop sites
        writer.Write((ushort)0); // vtable sites
        writer.Write((ushort)0);
        writer.Write(0u); // bitmap bytes
        foreach (var counter in counters)
            writer.Write(counter);
        writer.Write(names.ToArray());
        writer.Write(new byte[(8 - namesSize % 8) % 8]);
        writer.Flush();
        return output.ToArray();
    }

    private static void Uleb(Stream stream, ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            stream.WriteByte(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
    }
}
