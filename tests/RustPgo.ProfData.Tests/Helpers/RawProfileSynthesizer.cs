using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace RustPgo.ProfData.Synthesis;

/// <summary>
/// Writes rustc-like 64-bit little-endian raw profiles (version 10) with many functions, varied counters
/// and indirect-call value sites (including targets outside the profile, which all become 0), for the
/// merge benchmark and the differential tests. Shared by both projects as a linked source file.
/// </summary>
public static class RawProfileSynthesizer
{
    private const int DataRecordSize = 64;
    private const ulong FunctionBase = 0x5555_0000_0000;

    public static byte[] Create(int functions, int seed)
    {
        var random = new Random(seed);
        var shape = new Random(12345); // same functions and hashes in every profile, as one binary would give
        var names = new byte[functions][];
        var counters = new int[functions];
        var hasSite = new bool[functions];
        for (var i = 0; i < functions; i++)
        {
            names[i] = Encoding.ASCII.GetBytes($"bench.5bd41e5d5d12f878-cgu.{i % 16};_ZN5bench6module{i / 100}8function{i}17h{shape.NextInt64():x16}E");
            counters[i] = 1 + shape.Next(12);
            hasSite[i] = i % 10 == 0;
        }
        var hashes = Enumerable.Range(0, functions).Select(_ => (ulong)shape.NextInt64()).ToArray();
        var nameBlob = NameBlob(names);
        long totalCounters = counters.Sum();

        using var stream = new MemoryStream();
        using var output = new BinaryWriter(stream);
        var countersDelta = (ulong)(functions * DataRecordSize);
        ulong[] header =
        {
            0xff6c70726f667281UL, 0x010000000000000AUL, 0, (ulong)functions, 0, (ulong)totalCounters, 0, 0, 0,
            (ulong)nameBlob.Length, countersDelta, 0, 0, 0, 0, 2,
        };
        foreach (var field in header)
        {
            output.Write(field);
        }
        long counterOffset = 0;
        for (var i = 0; i < functions; i++)
        {
            output.Write(Md5(names[i]));
            output.Write(hashes[i]);
            output.Write(countersDelta - (ulong)(i * DataRecordSize) + (ulong)counterOffset);
            output.Write(0UL); // bitmap pointer
            output.Write(FunctionBase + (ulong)i * 64);
            output.Write(0UL); // values pointer
            output.Write((uint)counters[i]);
            output.Write((ushort)(hasSite[i] ? 1 : 0));
            output.Write((ushort)0);
            output.Write((ushort)0);
            output.Write((ushort)0);
            output.Write(0u); // bitmap bytes
            counterOffset += counters[i] * 8L;
        }
        for (var i = 0; i < functions; i++)
        {
            var cold = random.Next(4) == 0;
            for (var c = 0; c < counters[i]; c++)
            {
                output.Write(cold ? 0UL : (ulong)random.Next(0, 1 << random.Next(1, 24)));
            }
        }
        output.Write(nameBlob);
        output.Write(new byte[(8 - nameBlob.Length % 8) % 8]);
        for (var i = 0; i < functions; i++)
        {
            if (!hasSite[i])
            {
                continue;
            }
            var values = random.Next(0, 6);
            output.Write((uint)(24 + 16 * values)); // blob header + record header (kind, sites, 1 count, pad) + values
            output.Write(1u); // one value kind
            output.Write(0u); // indirect call targets
            output.Write(1u); // one site
            output.Write((byte)values);
            output.Write(new byte[7]);
            for (var v = 0; v < values; v++)
            {
                output.Write(FunctionBase + (ulong)random.Next(functions + 50) * 64); // some unknown targets
                output.Write((ulong)random.Next(1, 100000));
            }
        }
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] NameBlob(byte[][] names)
    {
        var joined = new List<byte>();
        for (var i = 0; i < names.Length; i++)
        {
            if (i > 0)
            {
                joined.Add(0x01);
            }
            joined.AddRange(names[i]);
        }
        var blob = new List<byte>();
        Uleb(blob, (ulong)joined.Count);
        Uleb(blob, 0); // stored uncompressed
        blob.AddRange(joined);
        return blob.ToArray();
    }

    private static void Uleb(List<byte> output, ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            output.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
    }

    private static ulong Md5(byte[] name) => Md5Hash.Of(name);
}
