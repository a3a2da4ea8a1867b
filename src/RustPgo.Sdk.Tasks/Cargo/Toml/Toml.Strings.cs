using System.Globalization;
using System.Text.RegularExpressions;

namespace RustPgo.Sdk.Tasks.Cargo;

internal static partial class Toml
{
    private sealed partial class Parser
    {
        // ---- Strings --------------------------------------------------------------------------------

        private string ParseBasicString()
        {
            var start = _pos;
            _pos++;
            var builder = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                    throw ErrorAt(start, "unterminated string");
                var c = _text[_pos];
                if (c == '"')
                {
                    _pos++;
                    return builder.ToString();
                }
                if (c == '\\')
                {
                    ReadEscape(builder);
                    continue;
                }
                if (c == '\n' || c == '\r')
                    throw Error("unterminated string: a single-line string cannot contain a newline");
                if (IsControl(c))
                    throw Error($"the control character {Describe(c)} must be escaped in a string");
                builder.Append(c);
                _pos++;
            }
        }

        private string ParseLiteralString()
        {
            var start = _pos;
            _pos++;
            while (true)
            {
                if (AtEnd)
                    throw ErrorAt(start, "unterminated literal string");
                var c = _text[_pos];
                if (c == '\'')
                {
                    _pos++;
                    return _text.Substring(start + 1, _pos - start - 2);
                }
                if (c == '\n' || c == '\r')
                    throw Error("unterminated literal string: a single-line string cannot contain a newline");
                if (IsControl(c))
                    throw Error($"the control character {Describe(c)} cannot be in a literal string");
                _pos++;
            }
        }

        /// <summary>`"""…"""` (with escapes) or `'''…'''` (without); newlines come out as "\n".</summary>
        private string ParseMultilineString(char quote)
        {
            var start = _pos;
            var basic = quote == '"';
            _pos += 3;
            // A newline right after the opening delimiter is trimmed.
            if (At("\n"))
                _pos++;
            else if (At("\r\n"))
                _pos += 2;

            var builder = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                    throw ErrorAt(start, basic ? "unterminated multi-line string" : "unterminated multi-line literal string");
                var c = _text[_pos];
                if (c == quote)
                {
                    var count = 0;
                    while (_pos + count < _text.Length && _text[_pos + count] == quote)
                        count++;
                    if (count < 3)
                    {
                        builder.Append(quote, count);
                        _pos += count;
                        continue;
                    }
                    // Up to two quotes may come right before the closing delimiter.
                    if (count > 5)
                        throw ErrorAt(_pos + 5, $"a multi-line string cannot contain three {quote} in a row");
                    builder.Append(quote, count - 3);
                    _pos += count;
                    return builder.ToString();
                }
                if (c == '\\' && basic)
                {
                    if (!SkipLineEndingBackslash())
                        ReadEscape(builder);
                    continue;
                }
                if (c == '\n')
                {
                    builder.Append('\n');
                    _pos++;
                    continue;
                }
                if (c == '\r')
                {
                    ReadNewline();
                    builder.Append('\n');
                    continue;
                }
                if (IsControl(c))
                    throw Error($"the control character {Describe(c)} {(basic ? "must be escaped in" : "cannot be in")} a multi-line string");
                builder.Append(c);
                _pos++;
            }
        }

        /// <summary>A `\` ending a line (trailing whitespace allowed) trims the newline and the whitespace and newlines after it.</summary>
        private bool SkipLineEndingBackslash()
        {
            var p = _pos + 1;
            while (p < _text.Length && (_text[p] == ' ' || _text[p] == '\t'))
                p++;
            if (p >= _text.Length || !(_text[p] == '\n' || _text[p] == '\r'))
                return false;
            _pos = p;
            SkipWhitespaceAndNewlines();
            return true;
        }

        private void ReadEscape(StringBuilder builder)
        {
            var start = _pos;
            _pos++;
            if (AtEnd)
                throw ErrorAt(start, "unterminated string");
            var c = _text[_pos];
            _pos++;
            switch (c)
            {
                case 'b':
                    builder.Append('\b');
                    return;
                case 't':
                    builder.Append('\t');
                    return;
                case 'n':
                    builder.Append('\n');
                    return;
                case 'f':
                    builder.Append('\f');
                    return;
                case 'r':
                    builder.Append('\r');
                    return;
                case '"':
                    builder.Append('"');
                    return;
                case '\\':
                    builder.Append('\\');
                    return;
                case 'u':
                case 'U':
                    var length = c == 'u' ? 4 : 8;
                    var code = 0;
                    for (var i = 0; i < length; i++)
                    {
                        var digit = AtEnd ? -1 : HexValue(_text[_pos]);
                        if (digit < 0)
                            throw ErrorAt(start, $"the escape \\{c} needs {length} hexadecimal digits");
                        // Eight digits may overflow int: anything above 0x10FFFF is invalid anyway.
                        code = code > 0x10FFFF ? code : code * 16 + digit;
                        _pos++;
                    }
                    if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
                        throw ErrorAt(start, $"the escape {_text.Substring(start, _pos - start)} is not a Unicode scalar value");
                    builder.Append(char.ConvertFromUtf32(code));
                    return;
                default:
                    throw ErrorAt(start, $"invalid escape sequence '\\{(IsControl(c) ? Describe(c) : c.ToString())}'");
            }
        }
    }
}
