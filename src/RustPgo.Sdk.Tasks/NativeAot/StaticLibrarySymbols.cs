namespace RustPgo.Sdk.Tasks.NativeAot;

/// <summary>
/// The global symbols a static library defines, from its archive symbol index: the GNU and Windows form
/// (member `/`: big-endian count and offsets, then names; `/SYM64/` with 64-bit words) and the BSD/macOS
/// form (`__.SYMDEF`, `__.SYMDEF SORTED`, `__.SYMDEF_64`: ranlib entries and a string table, little-endian).
/// Mach-O C symbols carry a leading underscore, which is removed, so names compare with P/Invoke entry points.
/// </summary>
internal static class StaticLibrarySymbols
{
    private const int HeaderSize = 60;

    /// <summary>The defined global symbols, or null when the file is not an archive with a symbol index.</summary>
    public static HashSet<string>? Read(string path) => Parse(File.ReadAllBytes(path));

    public static HashSet<string>? Parse(byte[] data)
    {
        if (data.Length < 8 || Encoding.ASCII.GetString(data, 0, 8) != "!<arch>\n")
            return null;
        var position = 8;
        while (position + HeaderSize <= data.Length)
        {
            var name = Encoding.ASCII.GetString(data, position, 16).TrimEnd(' ');
            if (!long.TryParse(Encoding.ASCII.GetString(data, position + 48, 10).Trim(), out var size) || size < 0 || position + HeaderSize + size > data.Length)
                return null;
            var body = position + HeaderSize;
            // BSD long names: "#1/N", the name's N bytes first in the body.
            if (name.StartsWith("#1/", StringComparison.Ordinal) && int.TryParse(name.Substring(3), out var nameLength))
            {
                name = Encoding.ASCII.GetString(data, body, nameLength).TrimEnd('\0');
                body += nameLength;
                size -= nameLength;
            }
            switch (name)
            {
                case "/":
                    return Gnu(data, body, 4);
                case "/SYM64/":
                    return Gnu(data, body, 8);
                case "__.SYMDEF":
                case "__.SYMDEF SORTED":
                    return Bsd(data, body, 4);
                case "__.SYMDEF_64":
                case "__.SYMDEF_64 SORTED":
                    return Bsd(data, body, 8);
            }
            position = body + (int)size;
            position += position % 2;
        }
        return null;
    }

    private static HashSet<string> Gnu(byte[] data, int body, int word)
    {
        var count = (long)BigEndian(data, body, word);
        var names = body + word + count * word;
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count && names < data.Length; i++)
            symbols.Add(CString(data, ref names));
        return symbols;
    }

    private static HashSet<string> Bsd(byte[] data, int body, int word)
    {
        var rangesSize = (long)LittleEndian(data, body, word);
        var strings = body + word + rangesSize + word;
        var stringsSize = (long)LittleEndian(data, body + word + (int)rangesSize, word);
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        for (var entry = body + word; entry + 2 * word <= body + word + rangesSize; entry += 2 * word)
        {
            var offset = strings + (long)LittleEndian(data, (int)entry, word);
            if (offset >= strings + stringsSize || offset >= data.Length)
                continue;
            var name = CString(data, ref offset);
            symbols.Add(name.StartsWith("_", StringComparison.Ordinal) ? name.Substring(1) : name);
        }
        return symbols;
    }

    private static string CString(byte[] data, ref long position)
    {
        var start = position;
        while (position < data.Length && data[position] != 0)
            position++;
        var text = Encoding.UTF8.GetString(data, (int)start, (int)(position - start));
        position++;
        return text;
    }

    private static ulong BigEndian(byte[] data, long at, int word)
    {
        ulong value = 0;
        for (var i = 0; i < word; i++)
            value = value << 8 | data[at + i];
        return value;
    }

    private static ulong LittleEndian(byte[] data, long at, int word)
    {
        ulong value = 0;
        for (var i = word - 1; i >= 0; i--)
            value = value << 8 | data[at + i];
        return value;
    }
}
