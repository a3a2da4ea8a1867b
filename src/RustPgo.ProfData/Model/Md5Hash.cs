using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace RustPgo.ProfData;

/// <summary>LLVM's MD5Hash: the first 8 bytes of the MD5 digest read little-endian.</summary>
public static class Md5Hash
{
    // Every raw profile of a binary repeats the same names; hashing each once per process saves
    // most of the cost of reading many profiles. Bounded so a long-lived build host cannot grow it forever.
    private const int CacheLimit = 1 << 20;
    private static int _cacheAdds;
    // Keyed: the names come from profiles, and ConcurrentDictionary never re-hashes colliding keys (see KeyedStringComparer).
    private static readonly ConcurrentDictionary<string, ulong> KeyCache = new ConcurrentDictionary<string, ulong>(KeyedStringComparer.Instance);

#if !NET
    [ThreadStatic]
    private static MD5? _md5;
#endif

    public static ulong Of(byte[] bytes) => Of(bytes, 0, bytes.Length);

    /// <summary>MD5 of <c>bytes[offset..offset+count)</c>.</summary>
    internal static ulong Of(byte[] bytes, int offset, int count)
    {
#if NET
        Span<byte> digest = stackalloc byte[16];
        MD5.HashData(new ReadOnlySpan<byte>(bytes, offset, count), digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(digest);
#else
        var md5 = _md5 ??= MD5.Create();
        var digest = md5.ComputeHash(bytes, offset, count);
        return BitConverter.IsLittleEndian ? BitConverter.ToUInt64(digest, 0) : ReadLittleEndian(digest);
#endif
    }

    public static ulong Of(string text) => Of(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>MD5 of a name given as a one-char-per-byte key (see NameKey), cached.</summary>
    internal static ulong OfKey(string key)
    {
        if (KeyCache.TryGetValue(key, out var hash))
        {
            return hash;
        }
        hash = Of(NameKey.ToBytes(key));
        // ConcurrentDictionary.Count takes every lock: keep an approximate count instead.
        if (System.Threading.Interlocked.Increment(ref _cacheAdds) >= CacheLimit)
        {
            System.Threading.Interlocked.Exchange(ref _cacheAdds, 0);
            KeyCache.Clear();
        }
        KeyCache.TryAdd(key, hash);
        return hash;
    }

#if !NET
    private static ulong ReadLittleEndian(byte[] digest)
    {
        ulong value = 0;
        for (var i = 7; i >= 0; i--)
        {
            value = (value << 8) | digest[i];
        }
        return value;
    }
#endif
}
