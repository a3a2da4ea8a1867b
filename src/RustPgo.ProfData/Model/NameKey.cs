using System.Text;

namespace RustPgo.ProfData;

/// <summary>
/// Maps name bytes to a string with one char per byte: a lossless dictionary key whose
/// ordinal order equals LLVM's byte-wise StringRef order.
/// </summary>
internal static class NameKey
{
    public static string FromBytes(byte[] bytes) => FromBytes(bytes, 0, bytes.Length);

    public static string FromBytes(byte[] bytes, int offset, int length)
    {
#if NET
        return Encoding.Latin1.GetString(bytes, offset, length);
#else
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)bytes[offset + i];
        }
        return new string(chars);
#endif
    }

    public static byte[] ToBytes(string key)
    {
#if NET
        return Encoding.Latin1.GetBytes(key);
#else
        var bytes = new byte[key.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)key[i];
        }
        return bytes;
#endif
    }
}
