using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Diagnostics;

namespace RustPgo.Sdk.Tasks.State;

/// <summary>
/// The one format of the SDK's state files: a header naming the kind and version, then one
/// `key value` line per fact. A value may hold any text: a `%`, a line feed or a carriage return in it is
/// written as `%25`, `%0A` or `%0D`. Written atomically, so a reader sees a whole file or none; a file
/// of another kind or version reads as absent.
/// </summary>
internal static class StateFile
{
    public static void Write(string path, string kind, IEnumerable<KeyValuePair<string, string>> entries) =>
        AtomicFile.WriteAllText(path, Format(kind, entries));

    /// <summary>
    /// Writes the file unless it already says exactly this (its timestamp then stays, for what compares
    /// against it). True when it wrote.
    /// </summary>
    public static bool WriteWhenChanged(string path, string kind, IEnumerable<KeyValuePair<string, string>> entries)
    {
        var text = Format(kind, entries);
        if (File.Exists(path) && string.Equals(File.ReadAllText(path), text, StringComparison.Ordinal))
            return false;
        AtomicFile.WriteAllText(path, text);
        return true;
    }

    private static string Format(string kind, IEnumerable<KeyValuePair<string, string>> entries)
    {
        var text = new StringBuilder().Append(Header(kind)).Append('\n');
        foreach (var entry in entries)
            text.Append(entry.Key).Append(' ').Append(Encode(entry.Value)).Append('\n');
        return text.ToString();
    }

    /// <summary>The entries of the file, or null when it is absent or not of this kind and version.</summary>
    public static List<KeyValuePair<string, string>>? TryRead(string path, string kind)
    {
        if (!File.Exists(path))
            return null;
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header(kind))
            return null;
        var entries = new List<KeyValuePair<string, string>>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
                continue;
            var space = line.IndexOf(' ');
            entries.Add(space < 0
                ? new KeyValuePair<string, string>(line, "")
                : new KeyValuePair<string, string>(line.Substring(0, space), Decode(line.Substring(space + 1))));
        }
        return entries;
    }

    /// <summary>Like <see cref="TryRead"/>, for a file an earlier stage must have written.</summary>
    public static List<KeyValuePair<string, string>> Read(string path, string kind, string writtenBy) =>
        TryRead(path, kind) ?? throw new RustPgoException(Codes.StateUnreadable,
            $"The {kind} file {path} is missing or unreadable; {writtenBy} writes it. Build again (without -t:) so that every stage runs, or delete obj/ and rebuild.",
            path);

    private static string Header(string kind) => "# RustPgo.Sdk " + kind + " v2";

    private static string Encode(string value) =>
        value.IndexOfAny(Special) < 0 ? value : value.Replace("%", "%25").Replace("\n", "%0A").Replace("\r", "%0D");

    private static string Decode(string value) =>
        value.IndexOf('%') < 0 ? value : value.Replace("%0A", "\n").Replace("%0D", "\r").Replace("%25", "%");

    private static readonly char[] Special = { '%', '\n', '\r' };
}
