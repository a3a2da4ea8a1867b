using System.Globalization;
using System.Text;

namespace RustPgo.ProfData;

/// <summary>
/// Makes text from a profile (function names, demangled or not) safe to print to a terminal or a log: anyone can
/// write any bytes into a profile name, and an <c>ESC ] 0 ; … BEL</c> in one retitles the terminal that shows it,
/// <c>ESC [ 2 J</c> clears it, a carriage return overwrites the line, a right-to-left override reorders it.
/// </summary>
public static class NameText
{
    /// <summary>
    /// <paramref name="text"/> with every control character (U+0000–U+001F, U+007F–U+009F) written as <c>\xNN</c> and
    /// every character that breaks or reorders a line (U+2028, U+2029, the bidirectional controls U+061C, U+200E,
    /// U+200F, U+202A–U+202E, U+2066–U+2069) as <c>\u{NNNN}</c>; anything else, the backslash included, unchanged.
    /// </summary>
    public static string Escape(string text)
    {
        if (text == null)
        {
            throw new System.ArgumentNullException(nameof(text));
        }
        var first = 0;
        while (first < text.Length && !NeedsEscape(text[first]))
        {
            first++;
        }
        if (first == text.Length)
        {
            return text; // the usual name: nothing to escape, nothing allocated
        }
        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(c))
            {
                escaped.Append(c);
            }
            else if (c <= 0xff)
            {
                escaped.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append("\\u{").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)).Append('}');
            }
        }
        return escaped.ToString();
    }

    internal static bool NeedsEscape(char c) =>
        c < 0x20 || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028' || c == '\u2029'
        || c == '\u061c' || c == '\u200e' || c == '\u200f'
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
}
