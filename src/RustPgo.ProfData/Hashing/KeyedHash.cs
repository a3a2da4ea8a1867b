using System.Collections.Generic;
using System.Security.Cryptography;

namespace RustPgo.ProfData;

/// <summary>
/// SipHash-1-3 under a key drawn at random once per process: the hash for tables whose keys come from a profile.
/// A profile's author chooses function hashes, counter values and name bytes freely, so an unkeyed hash lets a crafted
/// file put every key into one bucket and turn each table operation into a scan (a quadratic merge). Without the key,
/// no file can be crafted to collide.
/// </summary>
internal static class KeyedHash
{
    private static readonly ulong K0;
    private static readonly ulong K1;

    static KeyedHash()
    {
        var key = new byte[16];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(key);
        }
        K0 = System.BitConverter.ToUInt64(key, 0);
        K1 = System.BitConverter.ToUInt64(key, 8);
    }

    /// <summary>The keyed hash of <c>bytes[start..start+length)</c>.</summary>
    public static ulong Of(byte[] bytes, int start, int length)
    {
        var v0 = K0 ^ 0x736f6d6570736575UL;
        var v1 = K1 ^ 0x646f72616e646f6dUL;
        var v2 = K0 ^ 0x6c7967656e657261UL;
        var v3 = K1 ^ 0x7465646279746573UL;
        var end = start + length;
        var i = start;
        for (; i + 8 <= end; i += 8)
        {
            var word = ReadLittleEndian(bytes, i, 8);
            v3 ^= word;
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= word;
        }
        var last = ((ulong)(uint)length << 56) | ReadLittleEndian(bytes, i, end - i);
        return Finish(v0, v1, v2, v3, last);
    }

    /// <summary>The keyed hash of a string's UTF-16 code units (four to a 64-bit word).</summary>
    public static ulong Of(string text)
    {
        var v0 = K0 ^ 0x736f6d6570736575UL;
        var v1 = K1 ^ 0x646f72616e646f6dUL;
        var v2 = K0 ^ 0x6c7967656e657261UL;
        var v3 = K1 ^ 0x7465646279746573UL;
        var i = 0;
        for (; i + 4 <= text.Length; i += 4)
        {
            var word = text[i] | (ulong)text[i + 1] << 16 | (ulong)text[i + 2] << 32 | (ulong)text[i + 3] << 48;
            v3 ^= word;
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= word;
        }
        ulong last = 0;
        for (var shift = 0; i < text.Length; i++, shift += 16)
        {
            last |= (ulong)text[i] << shift;
        }
        // The length in the top byte, as SipHash does for bytes; the tail's at most three units stay below it.
        return Finish(v0, v1, v2, v3, last ^ ((ulong)(uint)text.Length << 56));
    }

    /// <summary>The keyed hash of one 64-bit value (as its 8 little-endian bytes).</summary>
    public static ulong Of(ulong value)
    {
        var v0 = K0 ^ 0x736f6d6570736575UL;
        var v1 = K1 ^ 0x646f72616e646f6dUL;
        var v2 = K0 ^ 0x6c7967656e657261UL;
        var v3 = K1 ^ 0x7465646279746573UL;
        v3 ^= value;
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= value;
        return Finish(v0, v1, v2, v3, 8UL << 56);
    }

    private static ulong Finish(ulong v0, ulong v1, ulong v2, ulong v3, ulong last)
    {
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xff;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        unchecked
        {
            v0 += v1;
            v1 = Rotate(v1, 13);
            v1 ^= v0;
            v0 = Rotate(v0, 32);
            v2 += v3;
            v3 = Rotate(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Rotate(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Rotate(v1, 17);
            v1 ^= v2;
            v2 = Rotate(v2, 32);
        }
    }

    private static ulong Rotate(ulong value, int bits) => (value << bits) | (value >> (64 - bits));

    private static ulong ReadLittleEndian(byte[] bytes, int start, int count)
    {
        if (count == 8 && System.BitConverter.IsLittleEndian)
        {
            return System.BitConverter.ToUInt64(bytes, start);
        }
        ulong value = 0;
        for (var i = count - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[start + i];
        }
        return value;
    }
}

/// <summary>Equality of 64-bit keys taken from a profile (function hashes, name MD5s), hashed with <see cref="KeyedHash"/>.</summary>
internal sealed class KeyedUInt64Comparer : IEqualityComparer<ulong>
{
    public static readonly KeyedUInt64Comparer Instance = new KeyedUInt64Comparer();

    public bool Equals(ulong x, ulong y) => x == y;

    public int GetHashCode(ulong value)
    {
        var hash = KeyedHash.Of(value);
        return (int)(hash ^ (hash >> 32));
    }
}

/// <summary>
/// Ordinal string equality hashed with <see cref="KeyedHash"/>, for tables of names from profiles that do not
/// randomize on their own: .NET Framework (MSBuild in Visual Studio) hashes strings the same way in every process,
/// and its ConcurrentDictionary, unlike its Dictionary, never switches to a randomized hash when keys collide.
/// </summary>
internal sealed class KeyedStringComparer : IEqualityComparer<string>
{
    public static readonly KeyedStringComparer Instance = new KeyedStringComparer();

    public bool Equals(string? x, string? y) => string.Equals(x, y, System.StringComparison.Ordinal);

    public int GetHashCode(string text)
    {
        var hash = KeyedHash.Of(text);
        return (int)(hash ^ (hash >> 32));
    }
}
