namespace RustPgo.ProfData;

internal static class Leb128
{
    /// <summary>Decodes an unsigned LEB128 number within [position, end); advances position.</summary>
    public static ulong Read(ByteReader reader, ref long position, long end, string what)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            if (position >= end)
            {
                throw reader.Error($"truncated LEB128 in {what} at offset {position}");
            }
            var b = reader.Data[position++];
            if (shift >= 64 || (shift == 63 && (b & 0x7e) != 0))
            {
                throw reader.Error($"LEB128 value too large in {what} at offset {position - 1}");
            }
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
            shift += 7;
        }
    }
}
