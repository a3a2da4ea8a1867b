using System.Globalization;
using System.Text.RegularExpressions;

namespace RustPgo.Sdk.Tasks.Cargo;

internal static partial class Toml
{
    private sealed partial class Parser
    {
        // ---- Whitespace, comments, newlines ---------------------------------------------------------

        private void SkipWhitespace()
        {
            while (!AtEnd && (_text[_pos] == ' ' || _text[_pos] == '\t'))
                _pos++;
        }

        private void SkipComment()
        {
            _pos++;
            while (!AtEnd)
            {
                var c = _text[_pos];
                if (c == '\n' || (c == '\r' && At("\r\n")))
                    return;
                if (IsControl(c))
                    throw Error($"the control character {Describe(c)} cannot be in a comment");
                _pos++;
            }
        }

        private void SkipWhitespaceCommentsAndNewlines()
        {
            SkipWhitespaceAndNewlines();
            while (!AtEnd && _text[_pos] == '#')
            {
                SkipComment();
                SkipWhitespaceAndNewlines();
            }
        }

        private void SkipWhitespaceAndNewlines()
        {
            while (!AtEnd)
            {
                var c = _text[_pos];
                if (c == ' ' || c == '\t')
                    _pos++;
                else if (c == '\n' || c == '\r')
                    ReadNewline();
                else
                    return;
            }
        }

        private void ReadNewline()
        {
            if (_text[_pos] == '\n')
                _pos++;
            else if (At("\r\n"))
                _pos += 2;
            else
                throw Error("a carriage return must be followed by a line feed");
        }

        /// <summary>After a key/value pair or a header: only whitespace and a comment before the newline.</summary>
        private void ExpectEndOfLine()
        {
            SkipWhitespace();
            if (AtEnd)
                return;
            if (_text[_pos] == '#')
                SkipComment();
            if (AtEnd)
                return;
            if (_text[_pos] != '\n' && _text[_pos] != '\r')
                throw Unexpected("a newline (one key/value pair or header per line)");
            ReadNewline();
        }

        // ---- Helpers --------------------------------------------------------------------------------

        private Dictionary<string, object> NewTable(TableKind kind)
        {
            var table = new Dictionary<string, object>(StringComparer.Ordinal);
            _tableKinds[table] = kind;
            return table;
        }

        private void Enter()
        {
            if (++_depth > MaxDepth)
                throw Error($"arrays and inline tables nest deeper than {MaxDepth}");
        }

        private bool At(string expected) =>
            _pos + expected.Length <= _text.Length && string.CompareOrdinal(_text, _pos, expected, 0, expected.Length) == 0;

        private string Describe(object value)
        {
            switch (value)
            {
                case Dictionary<string, object> table:
                    switch (_tableKinds[table])
                    {
                        case TableKind.Inline:
                            return "an inline table, which cannot be extended";
                        case TableKind.Dotted:
                            return "a table defined by dotted keys";
                        case TableKind.Implicit:
                            return "a table";
                        default:
                            return "a table defined by a header";
                    }
                case List<object> list:
                    return _arraysOfTables.Contains(list) ? "an array of tables" : "an array, which cannot be extended";
                case string:
                    return "a string";
                case long:
                    return "an integer";
                case double:
                    return "a float";
                case bool:
                    return "a boolean";
                default:
                    return "a date-time";
            }
        }

        private static string Describe(char c) =>
            IsControl(c) || char.IsWhiteSpace(c) ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : "'" + c + "'";

        /// <summary>The first <paramref name="count"/> parts of a key as TOML would write them.</summary>
        private static string FormatKey(List<string> key, int count)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                    builder.Append('.');
                var part = key[i];
                var bare = part.Length > 0;
                foreach (var c in part)
                    bare &= IsBareKeyChar(c);
                if (bare)
                    builder.Append(part);
                else
                    builder.Append('"').Append(part.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
            }
            return builder.ToString();
        }

        private static bool IsBareKeyChar(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';

        private static bool IsScalarEnd(char c) =>
            c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ']' || c == '}' || c == '#';

        private static bool IsControl(char c) => (c < 0x20 && c != '\t') || c == 0x7F;

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static bool IsDigitOrUnderscore(string text, int from)
        {
            for (var i = from; i < text.Length; i++)
            {
                if (!IsDigit(text[i]) && text[i] != '_')
                    return false;
            }
            return true;
        }

        private static int HexValue(char c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        private TomlException Unexpected(string expected)
        {
            if (AtEnd)
                return Error($"expected {expected}, found the end of the file");
            var c = _text[_pos];
            return Error(c == '\n' || c == '\r' ? $"expected {expected}, found the end of the line" : $"expected {expected}, found {Describe(c)}");
        }

        private TomlException Error(string message) => ErrorAt(_pos, message);

        private TomlException ErrorAt(int position, string message)
        {
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < position && i < _text.Length; i++)
            {
                if (_text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new TomlException(message, line, position - lineStart + 1);
        }
    }
}
