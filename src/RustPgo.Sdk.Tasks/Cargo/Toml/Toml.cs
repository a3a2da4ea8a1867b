using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// A dependency-free reader of TOML 1.0 (https://toml.io/en/v1.0.0), enough for cargo's `Cargo.toml`
/// manifests and `.cargo/config.toml` files. It reads values and tables; it keeps no comments or formatting.
/// </summary>
internal static partial class Toml
{
    /// <summary>
    /// Parses a TOML 1.0 document. Tables are <see cref="Dictionary{TKey, TValue}"/> of string to object
    /// (<see cref="StringComparer.Ordinal"/>), arrays (and arrays of tables) <see cref="List{T}"/> of object,
    /// and values <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, or
    /// <see cref="TomlDateTime"/> for the four date-time kinds.
    /// </summary>
    /// <exception cref="TomlException">The text is not valid TOML 1.0.</exception>
    public static Dictionary<string, object> Parse(string text)
    {
        if (text == null)
            throw new ArgumentNullException(nameof(text));
        return new Parser(text).ParseDocument();
    }

    /// <summary>How a table came to be, which decides whether a header or dotted key may define or extend it.</summary>
    private enum TableKind
    {
        /// <summary>Created by a header's prefix (`a` of `[a.b]`): a later `[a]` may define it, once.</summary>
        Implicit,

        /// <summary>Defined by `[a]` or as one element of `[[a]]` (and the root table).</summary>
        Header,

        /// <summary>Created by a dotted key (`a.b = 1` creates `a`): no header may define it.</summary>
        Dotted,

        /// <summary>An inline table, or a table inside one: complete, nothing may extend it.</summary>
        Inline,
    }

    private sealed partial class Parser
    {
        private const int MaxDepth = 128;

        private readonly string _text;
        private readonly Dictionary<object, TableKind> _tableKinds = new(ReferenceComparer.Instance);
        private readonly HashSet<object> _arraysOfTables = new(ReferenceComparer.Instance);
        private int _pos;
        private int _depth;

        public Parser(string text)
        {
            // A UTF-8 byte order mark decoded as U+FEFF.
            _text = text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
        }

        private bool AtEnd => _pos >= _text.Length;

        public Dictionary<string, object> ParseDocument()
        {
            var root = NewTable(TableKind.Header);
            var current = root;
            while (true)
            {
                SkipWhitespace();
                if (AtEnd)
                    return root;
                var c = _text[_pos];
                if (c == '\n' || c == '\r')
                {
                    ReadNewline();
                    continue;
                }
                if (c == '#')
                {
                    SkipComment();
                    continue;
                }
                if (c == '[')
                    current = ParseTableHeader(root);
                else
                    ParseKeyValue(current);
                ExpectEndOfLine();
            }
        }

        // ---- Structure ------------------------------------------------------------------------------

        /// <summary>`[a.b]` or `[[a.b]]`: the table that the following key/value pairs go into.</summary>
        private Dictionary<string, object> ParseTableHeader(Dictionary<string, object> root)
        {
            var start = _pos;
            var isArray = _pos + 1 < _text.Length && _text[_pos + 1] == '[';
            _pos += isArray ? 2 : 1;
            SkipWhitespace();
            var key = ParseKey();
            if (AtEnd || _text[_pos] != ']')
                throw Unexpected(isArray ? "']]' to close the array of tables header" : "']' to close the table header");
            _pos++;
            if (isArray)
            {
                if (AtEnd || _text[_pos] != ']')
                    throw Unexpected("']]' to close the array of tables header");
                _pos++;
            }

            var table = root;
            for (var i = 0; i < key.Count - 1; i++)
                table = DescendForHeader(table, key, i, start);

            var last = key[key.Count - 1];
            table.TryGetValue(last, out var existing);
            if (isArray)
            {
                List<object> array;
                if (existing == null)
                {
                    array = new List<object>();
                    _arraysOfTables.Add(array);
                    table[last] = array;
                }
                else if (existing is List<object> list && _arraysOfTables.Contains(list))
                {
                    array = list;
                }
                else
                {
                    throw ErrorAt(start, $"cannot define the array of tables [[{FormatKey(key, key.Count)}]]: the key is already {Describe(existing)}");
                }
                var element = NewTable(TableKind.Header);
                array.Add(element);
                return element;
            }

            if (existing == null)
            {
                var created = NewTable(TableKind.Header);
                table[last] = created;
                return created;
            }
            if (existing is Dictionary<string, object> implicitTable && _tableKinds[implicitTable] == TableKind.Implicit)
            {
                _tableKinds[implicitTable] = TableKind.Header;
                return implicitTable;
            }
            throw ErrorAt(start, $"cannot define the table [{FormatKey(key, key.Count)}]: the key is already {Describe(existing)}");
        }

        /// <summary>The table named by key[index] below <paramref name="table"/>, on the way to a header's table.</summary>
        private Dictionary<string, object> DescendForHeader(Dictionary<string, object> table, List<string> key, int index, int start)
        {
            if (!table.TryGetValue(key[index], out var existing))
            {
                var created = NewTable(TableKind.Implicit);
                table[key[index]] = created;
                return created;
            }
            if (existing is Dictionary<string, object> child && _tableKinds[child] != TableKind.Inline)
                return child;
            // A header below an array of tables goes into the array's last table.
            if (existing is List<object> list && _arraysOfTables.Contains(list))
                return (Dictionary<string, object>)list[list.Count - 1];
            throw ErrorAt(start, $"cannot add a table below '{FormatKey(key, index + 1)}': it is {Describe(existing)}");
        }

        /// <summary>`key = value`, the key maybe dotted, into <paramref name="table"/>.</summary>
        private void ParseKeyValue(Dictionary<string, object> table)
        {
            var start = _pos;
            var key = ParseKey();
            if (AtEnd || _text[_pos] != '=')
                throw Unexpected($"'=' after the key '{FormatKey(key, key.Count)}'");
            _pos++;
            SkipWhitespace();
            var value = ParseValue();

            // Dotted keys create tables, and may extend tables they created, but no other.
            for (var i = 0; i < key.Count - 1; i++)
            {
                if (!table.TryGetValue(key[i], out var existing))
                {
                    var created = NewTable(TableKind.Dotted);
                    table[key[i]] = created;
                    table = created;
                    continue;
                }
                if (existing is Dictionary<string, object> child && _tableKinds[child] is TableKind.Dotted or TableKind.Implicit)
                {
                    table = child;
                    continue;
                }
                throw ErrorAt(start, $"cannot set the key '{FormatKey(key, key.Count)}': '{FormatKey(key, i + 1)}' is {Describe(existing)}");
            }

            var last = key[key.Count - 1];
            if (table.ContainsKey(last))
                throw ErrorAt(start, $"duplicate key '{FormatKey(key, key.Count)}'");
            table[last] = value;
        }

        /// <summary>A key of one or more parts separated by dots; the whitespace after it is skipped.</summary>
        private List<string> ParseKey()
        {
            var parts = new List<string>();
            while (true)
            {
                parts.Add(ParseSimpleKey());
                SkipWhitespace();
                if (AtEnd || _text[_pos] != '.')
                    return parts;
                _pos++;
                SkipWhitespace();
            }
        }

        private string ParseSimpleKey()
        {
            if (AtEnd)
                throw Unexpected("a key");
            var c = _text[_pos];
            if (c == '"')
            {
                if (At("\"\"\""))
                    throw Error("a multi-line string cannot be a key");
                return ParseBasicString();
            }
            if (c == '\'')
            {
                if (At("'''"))
                    throw Error("a multi-line string cannot be a key");
                return ParseLiteralString();
            }
            var start = _pos;
            while (!AtEnd && IsBareKeyChar(_text[_pos]))
                _pos++;
            if (_pos == start)
                throw Unexpected("a key");
            return _text.Substring(start, _pos - start);
        }

        // ---- Values ---------------------------------------------------------------------------------

        private object ParseValue()
        {
            if (AtEnd)
                throw Unexpected("a value");
            switch (_text[_pos])
            {
                case '"':
                    return At("\"\"\"") ? ParseMultilineString('"') : ParseBasicString();
                case '\'':
                    return At("'''") ? ParseMultilineString('\'') : ParseLiteralString();
                case '[':
                    return ParseArray();
                case '{':
                    return ParseInlineTable();
                default:
                    return ParseScalar();
            }
        }

        private List<object> ParseArray()
        {
            var start = _pos;
            Enter();
            _pos++;
            var array = new List<object>();
            while (true)
            {
                SkipWhitespaceCommentsAndNewlines();
                if (AtEnd)
                    throw ErrorAt(start, "unterminated array");
                if (_text[_pos] == ']')
                    break;
                array.Add(ParseValue());
                SkipWhitespaceCommentsAndNewlines();
                if (AtEnd)
                    throw ErrorAt(start, "unterminated array");
                if (_text[_pos] == ']')
                    break;
                if (_text[_pos] != ',')
                    throw Unexpected("',' or ']' in the array");
                _pos++;
            }
            _pos++;
            _depth--;
            return array;
        }

        private Dictionary<string, object> ParseInlineTable()
        {
            var start = _pos;
            Enter();
            _pos++;
            var table = NewTable(TableKind.Inline);
            SkipWhitespace();
            if (!AtEnd && _text[_pos] == '}')
            {
                _pos++;
                _depth--;
                return table;
            }
            while (true)
            {
                if (AtEnd)
                    throw ErrorAt(start, "unterminated inline table");
                if (_text[_pos] == '\n' || _text[_pos] == '\r')
                    throw Error("an inline table must be on one line (newlines are allowed only inside its values)");
                ParseKeyValue(table);
                SkipWhitespace();
                if (AtEnd)
                    throw ErrorAt(start, "unterminated inline table");
                var c = _text[_pos];
                if (c == '}')
                    break;
                if (c == '\n' || c == '\r')
                    throw Error("an inline table must be on one line (newlines are allowed only inside its values)");
                if (c != ',')
                    throw Unexpected("',' or '}' in the inline table");
                _pos++;
                SkipWhitespace();
                if (!AtEnd && _text[_pos] == '}')
                    throw Error("an inline table cannot have a trailing comma");
            }
            _pos++;
            _depth--;
            // The tables its dotted keys created are part of it: complete too.
            Freeze(table);
            return table;
        }

        private void Freeze(Dictionary<string, object> table)
        {
            _tableKinds[table] = TableKind.Inline;
            foreach (var value in table.Values)
            {
                if (value is Dictionary<string, object> child)
                    Freeze(child);
            }
        }
    }

    /// <summary>Tells tables and arrays apart by identity: two empty tables are still two tables.</summary>
    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
    }
}

/// <summary>
/// A TOML offset date-time, local date-time, local date or local time, as written
/// (`1979-05-27T07:32:00-08:00`, `1979-05-27 07:32:00`, `1979-05-27`, `07:32:00.999`).
/// </summary>
internal sealed record TomlDateTime(string Text)
{
    public override string ToString() => Text;
}

/// <summary>Text that is not valid TOML 1.0; the message says where (1-based line and column).</summary>
internal sealed class TomlException : Exception
{
    public TomlException(string message, int line, int column)
        : base($"{message} (line {line}, column {column})")
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}
