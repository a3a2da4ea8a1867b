using System.Text;

namespace RustPgo.ProfData.Tests.Hostile;

/// <summary>
/// Generators of crafted profiles, one per attack on a reader that trusts the file: each is small, and each made
/// the reader before issue 19 use memory or time out of all proportion to its size (numbers in HostileInputTests).
/// </summary>
internal static class HostileProfiles
{
    public const string Name = "evil.5bd41e5d5d12f878-cgu.0;_ZN4evil4main17h0123456789abcdefE";

    /// <summary>
    /// <paramref name="records"/> data records that all point at the same <paramref name="counters"/> counters: the
    /// file holds the counters once, a reader that copies them per record holds them records × over.
    /// </summary>
    public static byte[] AliasedCounters(int records, int counters, bool distinctHashes)
    {
        var builder = new RawProfileBuilder();
        for (var c = 0; c < counters; c++)
        {
            builder.Counters.Add((ulong)c + 1);
        }
        for (var i = 0; i < records; i++)
        {
            builder.Records.Add(new RawProfileBuilder.DataRecord
            {
                NameRef = Md5Hash.Of(Encoding.UTF8.GetBytes(Name)),
                FuncHash = distinctHashes ? (ulong)i + 1 : 1,
                CounterIndex = 0,
                NumCounters = (uint)counters,
            });
        }
        return builder.WithNames(Name).Build();
    }

    /// <summary>
    /// <paramref name="chunks"/> zlib name chunks, each inflating to <paramref name="chunkBytes"/> bytes (one long
    /// name per chunk), every one within deflate's own ~1032:1 limit, the whole far beyond any real profile's.
    /// </summary>
    public static byte[] CompressionBomb(int chunks, int chunkBytes)
    {
        var builder = new RawProfileBuilder();
        var text = new byte[chunkBytes];
        Array.Fill(text, (byte)'a');
        for (var i = 0; i < chunks; i++)
        {
            Encoding.ASCII.GetBytes($"{i:D8}").CopyTo(text, 0); // a different name per chunk
            builder.Names.Write(RawProfileBuilder.Chunk(text, compress: true));
            while (builder.Names.Length % 8 != 0)
            {
                builder.Names.WriteByte(0); // zero padding between chunks, as LLVM's writer leaves none but reads
            }
        }
        builder.Add(Encoding.ASCII.GetString(text), 1, 1); // one record, named like the last chunk
        return builder.Build();
    }

    /// <summary>
    /// <paramref name="chunks"/> zlib name chunks of one name each, 1,000 random bytes and 60,000 'a's, inflating about
    /// 56 times (under the 64x cap): every name referenced by a data record, so that a reader keeps them all.
    /// </summary>
    public static byte[] CompressionWithinCap(int chunks)
    {
        var random = new Random(64);
        var builder = new RawProfileBuilder();
        for (var i = 0; i < chunks; i++)
        {
            var text = new byte[61000];
            Array.Fill(text, (byte)'a');
            for (var b = 0; b < 1000; b++)
            {
                text[b] = (byte)random.Next(0x20, 0x7f);
            }
            builder.Names.Write(RawProfileBuilder.Chunk(text, compress: true));
            builder.Records.Add(new RawProfileBuilder.DataRecord { NameRef = Md5Hash.Of(text), FuncHash = (ulong)i + 1, CounterIndex = i });
            builder.Counters.Add((ulong)i);
        }
        return builder.Build();
    }

    /// <summary>
    /// <paramref name="count"/> distinct names of four bytes that no data record refers to (one record, named by the
    /// first): each byte of such a names section cost a reader that kept every name some 50 bytes of memory.
    /// </summary>
    public static byte[] ManyUnreferencedNames(int count)
    {
        var names = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            names[i] = new[] { (byte)(0x21 + i % 90), (byte)(0x21 + i / 90 % 90), (byte)(0x21 + i / 8100 % 90), (byte)(0x21 + i / 729000) };
        }
        var builder = new RawProfileBuilder().WithNames(names, compress: false);
        builder.Records.Add(new RawProfileBuilder.DataRecord { NameRef = Md5Hash.Of(names[0]), FuncHash = 1, CounterIndex = 0 });
        builder.Counters.Add(1);
        return builder.Build();
    }

    /// <summary><paramref name="count"/> concatenated profiles, each a header and nothing else.</summary>
    public static byte[] ManySections(int count)
    {
        var header = new RawProfileBuilder().Build();
        var data = new byte[header.Length * count];
        for (var i = 0; i < count; i++)
        {
            Buffer.BlockCopy(header, 0, data, i * header.Length, header.Length);
        }
        return data;
    }

    /// <summary>
    /// One function name under <paramref name="records"/> different hashes, chosen to collide: the first half all land
    /// in one bucket of LLVM's DenseMap (whose iteration order the writer reproduces), the second half share one .NET
    /// default hash code (low ^ high word).
    /// </summary>
    public static byte[] OneNameManyHashes(int records)
    {
        var builder = new RawProfileBuilder().WithNames(Name);
        var nameRef = Md5Hash.Of(Encoding.UTF8.GetBytes(Name));
        foreach (var hash in CollidingHashes(records))
        {
            builder.Records.Add(new RawProfileBuilder.DataRecord { NameRef = nameRef, FuncHash = hash, CounterIndex = builder.Counters.Count });
            builder.Counters.Add(hash & 0xff);
        }
        return builder.Build();
    }

    /// <summary>The same, as an indexed profile: one key whose data holds <paramref name="records"/> hashes.</summary>
    public static byte[] IndexedOneNameManyHashes(int records)
    {
        var name = Encoding.UTF8.GetBytes(Name);
        var list = CollidingHashes(records).Select(h => new ProfileRecord(name, h, new[] { h & 0xff })).ToList();
        return IndexedProfileWriter.ToBytes(new InstrProfile(ProfileVariant.IrInstrumentation, list, Array.Empty<byte[]>()));
    }

    public static IEnumerable<ulong> CollidingHashes(int count)
    {
        // DenseMap hashes a u64 key as low32(x ^ x >> 31), x = key * 0xbf58476d1ce4e5b9: invert both steps so that
        // the low 20 bits are zero for every key.
        const ulong Multiplier = 0xbf58476d1ce4e5b9UL;
        var inverse = Multiplier; // Newton's iteration for the inverse modulo 2^64
        for (var i = 0; i < 6; i++)
        {
            inverse = unchecked(inverse * (2 - Multiplier * inverse));
        }
        for (var i = 0; i < count / 2; i++)
        {
            var mixed = ((ulong)(i + 1) << 32) | ((ulong)(i + 1) << 20);
            var x = mixed ^ (mixed >> 31) ^ (mixed >> 62);
            yield return unchecked(x * inverse);
        }
        for (var i = 0; i < count - count / 2; i++)
        {
            var part = (ulong)(i + 0x1000);
            yield return (part << 32) | part; // low ^ high = 0
        }
    }

    /// <summary>
    /// 2^<paramref name="bits"/> distinct names of 16 × bits bytes that all share one 64-bit value of the unseeded
    /// multiply-xorshift byte hash the raw name table used: flipping bit 63 of one word and bits 63 and 34 of the next
    /// cancels out whatever the state, so every choice of flips per word pair gives the same hash. Each name is
    /// referenced by a data record.
    /// </summary>
    public static byte[] CollidingNames(int bits)
    {
        var random = new Random(19);
        var words = new ulong[2 * bits];
        for (var i = 0; i < words.Length; i++)
        {
            var bytes = new byte[8];
            for (var b = 0; b < 8; b++)
            {
                bytes[b] = (byte)random.Next('A', 'Z' + 1);
            }
            words[i] = BitConverter.ToUInt64(bytes);
        }
        var count = 1 << bits;
        var names = new byte[count][];
        var builder = new RawProfileBuilder();
        for (var n = 0; n < count; n++)
        {
            var name = new byte[16 * bits];
            for (var pair = 0; pair < bits; pair++)
            {
                var flip = ((n >> pair) & 1) != 0;
                var first = words[2 * pair] ^ (flip ? 1UL << 63 : 0);
                var second = words[2 * pair + 1] ^ (flip ? (1UL << 63) | (1UL << 34) : 0);
                BitConverter.GetBytes(first).CopyTo(name, 16 * pair);
                BitConverter.GetBytes(second).CopyTo(name, 16 * pair + 8);
            }
            names[n] = name;
            builder.Records.Add(new RawProfileBuilder.DataRecord { NameRef = Md5Hash.Of(name), FuncHash = 1, CounterIndex = n });
            builder.Counters.Add((ulong)n);
        }
        return builder.WithNames(names, compress: false).Build();
    }

    /// <summary>
    /// <paramref name="vtables"/> vtable ranges and one function whose vtable value sites hold
    /// <paramref name="values"/> addresses: one in four inside a range, the rest (the costly case for a scan) in none.
    /// </summary>
    public static byte[] VTableFlood(int vtables, int values)
    {
        var builder = new RawProfileBuilder().WithNames(Name);
        for (var i = 0; i < vtables; i++)
        {
            builder.VTables.Add(((ulong)i + 1, 0x10_0000UL + (ulong)i * 64, 32));
        }
        var sites = new List<(ulong, ulong)[]>();
        for (var remaining = values; remaining > 0; remaining -= 255)
        {
            var first = values - remaining;
            sites.Add(Enumerable.Range(first, Math.Min(255, remaining))
                .Select(v => (0x10_0000UL + (ulong)(v % vtables) * 64 + (v % 4 == 0 ? 8UL : 40UL), (ulong)v + 1)).ToArray());
        }
        var record = builder.Add(Name, 1, 1);
        record.VTableSites = (ushort)sites.Count;
        builder.ValueData.Write(RawProfileBuilder.ValueBlob((2, sites.ToArray())));
        return builder.Build();
    }

    /// <summary>
    /// A v0 symbol of about 6 × <paramref name="levels"/> characters whose demangling doubles with every level:
    /// each level is a pair of the previous one, the second half a back-reference to the first.
    /// </summary>
    public static string DeepBackrefSymbol(int levels)
    {
        const string Path = "INvC3foo3bar";
        var text = new StringBuilder("_R").Append(Path).Append('T', levels).Append('u');
        for (var level = 1; level <= levels; level++)
        {
            // The type of this level starts after the path and (levels - level) 'T's; back-references count from after "_R".
            var inner = Path.Length + (levels - level) + 1;
            text.Append('B').Append(Base62(inner)).Append('E');
        }
        return text.Append('E').ToString();
    }

    /// <summary>A char constant that is a surrogate, not a Unicode scalar value.</summary>
    public const string InvalidCharConstant = "_RINvC3foo3barKcd800_E";

    /// <summary>Names that attack where they are printed: a terminal, a Markdown table, a code span.</summary>
    public static readonly string[] NastyNames =
    {
        "evil.1-cgu.0;\u001b]0;pwned\u0007_ZN4evil5title17h0123456789abcdefE",
        "_ZN4evil18tick$u60$pipe$u7c$17h0123456789abcdefE",
        "_ZN4evil13line$u0a$feed17h0123456789abcdefE",
        "<script>alert(1)</script>",
        "[x](https://example.com/y)",
        "a|b`c``d",
        "\u001b[2J\u001b[31mred\rback\u0008\u007f",
        "rtl\u202eoverride\u2028separator",
    };

    /// <summary>A raw profile with one record per name, each with one counter.</summary>
    public static byte[] ProfileWithNames(params string[] names)
    {
        var builder = new RawProfileBuilder().WithNames(names);
        for (var i = 0; i < names.Length; i++)
        {
            builder.Add(names[i], (ulong)i + 1, (ulong)(i + 1) * 10);
        }
        return builder.Build();
    }

    /// <summary>A raw profile whose names are arbitrary bytes (invalid UTF-8 and control bytes included).</summary>
    public static byte[] ProfileWithNameBytes(params byte[][] names)
    {
        var builder = new RawProfileBuilder().WithNames(names, compress: false);
        for (var i = 0; i < names.Length; i++)
        {
            builder.Records.Add(new RawProfileBuilder.DataRecord { NameRef = Md5Hash.Of(names[i]), FuncHash = (ulong)i + 1, CounterIndex = i });
            builder.Counters.Add((ulong)(i + 1) * 10);
        }
        return builder.Build();
    }

    private static string Base62(int position)
    {
        if (position == 0)
        {
            return "_";
        }
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var value = position - 1;
        var text = "";
        do
        {
            text = Digits[value % 62] + text;
            value /= 62;
        }
        while (value > 0);
        return text + "_";
    }
}
