using System;
using System.Text;

namespace RustPgo.ProfData;

/// <summary>
/// Turns rustc symbol names (legacy <c>_ZN…17h&lt;hash&gt;E</c> and v0 <c>_R…</c>) into readable paths.
/// Profile names' <c>crate.&lt;hash&gt;-cgu.N;</c> prefix is removed first. Anything not understood
/// comes back unchanged (minus that prefix).
/// </summary>
/// <remarks>
/// Names come from profiles, which anyone can craft: a malformed symbol, or one whose demangling would be larger than a
/// small multiple of the symbol (v0 back-references can double it per few characters), comes back mangled, and
/// <see cref="Demangle"/> throws nothing for any input. The result can hold any character a legacy <c>$u..$</c> escape
/// or the name's bytes produce (control characters, backticks, pipes): escape it for where it is printed.
/// </remarks>
public static class RustSymbolDemangler
{
    public static string Demangle(string name)
    {
        if (name == null)
        {
            throw new ArgumentNullException(nameof(name));
        }
        var symbol = StripProfilePrefix(name);
        var core = StripLlvmSuffix(symbol);
        try
        {
            return TryLegacy(core) ?? RustV0Demangler.TryDemangle(core) ?? symbol;
        }
        catch (Exception e) when (!(e is OutOfMemoryException))
        {
            // Both demanglers return null for what they do not understand; this is a last line of defence against a
            // defect, so that a report or `rustpgo show --demangle` prints the mangled name instead of failing.
            return symbol;
        }
    }

    /// <summary>Removes the <c>file-or-module;</c> prefix LLVM puts on the profile names of local functions.</summary>
    public static string StripProfilePrefix(string name)
    {
        var separator = name.IndexOf(';');
        return separator >= 0 ? name.Substring(separator + 1) : name;
    }

    // ".llvm.<digits>" is appended by ThinLTO promotion; it is not part of the Rust path.
    private static string StripLlvmSuffix(string symbol)
    {
        var at = symbol.IndexOf(".llvm.", StringComparison.Ordinal);
        return at > 0 ? symbol.Substring(0, at) : symbol;
    }

    internal static string? TryLegacy(string symbol)
    {
        int position;
        if (symbol.StartsWith("_ZN", StringComparison.Ordinal)) position = 3;
        else if (symbol.StartsWith("__ZN", StringComparison.Ordinal)) position = 4;
        else if (symbol.StartsWith("ZN", StringComparison.Ordinal)) position = 2;
        else return null;

        var parts = new System.Collections.Generic.List<string>();
        while (position < symbol.Length && symbol[position] != 'E')
        {
            var length = 0;
            var digitsStart = position;
            while (position < symbol.Length && symbol[position] >= '0' && symbol[position] <= '9')
            {
                length = length * 10 + (symbol[position++] - '0');
                if (length > symbol.Length)
                {
                    return null;
                }
            }
            if (position == digitsStart || length == 0 || position + length > symbol.Length)
            {
                return null;
            }
            parts.Add(symbol.Substring(position, length));
            position += length;
        }
        if (position >= symbol.Length || parts.Count == 0)
        {
            return null;
        }
        if (parts.Count > 1 && IsLegacyHash(parts[parts.Count - 1]))
        {
            parts.RemoveAt(parts.Count - 1);
        }
        var text = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                text.Append("::");
            }
            if (!DecodeLegacyPart(parts[i], text))
            {
                return null;
            }
        }
        return text.ToString();
    }

    private static bool IsLegacyHash(string part)
    {
        if (part.Length != 17 || part[0] != 'h')
        {
            return false;
        }
        for (var i = 1; i < part.Length; i++)
        {
            if (!Uri.IsHexDigit(part[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool DecodeLegacyPart(string part, StringBuilder text)
    {
        var i = part.StartsWith("_$", StringComparison.Ordinal) ? 1 : 0;
        while (i < part.Length)
        {
            var c = part[i];
            if (c == '.')
            {
                if (i + 1 < part.Length && part[i + 1] == '.')
                {
                    text.Append("::");
                    i += 2;
                }
                else
                {
                    text.Append('.');
                    i++;
                }
                continue;
            }
            if (c != '$')
            {
                text.Append(c);
                i++;
                continue;
            }
            var end = part.IndexOf('$', i + 1);
            if (end < 0)
            {
                return false;
            }
            var escape = part.Substring(i + 1, end - i - 1);
            var decoded = escape switch
            {
                "SP" => "@",
                "BP" => "*",
                "RF" => "&",
                "LT" => "<",
                "GT" => ">",
                "LP" => "(",
                "RP" => ")",
                "C" => ",",
                _ => DecodeUnicodeEscape(escape),
            };
            if (decoded == null)
            {
                return false;
            }
            text.Append(decoded);
            i = end + 1;
        }
        return true;
    }

    private static string? DecodeUnicodeEscape(string escape)
    {
        if (escape.Length < 2 || escape[0] != 'u')
        {
            return null;
        }
        if (!int.TryParse(escape.Substring(1), System.Globalization.NumberStyles.HexNumber, null, out var code) || code > 0x10ffff)
        {
            return null;
        }
        try
        {
            return char.ConvertFromUtf32(code);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
