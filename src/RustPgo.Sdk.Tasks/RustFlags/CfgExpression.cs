namespace RustPgo.Sdk.Tasks.RustFlags;

/// <summary>
/// Evaluates the `cfg(…)` keys of `[target.'cfg(…)']` tables against `rustc --print cfg` output:
/// `all(…)`, `any(…)`, `not(…)`, `true`, `false`, `name` and `name = "value"`.
/// </summary>
internal static class CfgExpression
{
    /// <param name="expression">The whole key, `cfg(…)` included.</param>
    /// <param name="cfg">Lines of `rustc --print cfg`: `unix`, `target_os="linux"`…</param>
    public static bool Matches(string expression, IReadOnlyCollection<string> cfg)
    {
        var parser = new Parser(expression);
        parser.Expect("cfg");
        parser.Expect("(");
        var result = parser.Predicate(new HashSet<string>(cfg.Select(Normalize)));
        parser.Expect(")");
        parser.ExpectEnd();
        return result;
    }

    /// <summary>Whether a `target` table's key is a cfg expression, as cargo tells: it starts with `cfg(` and ends with `)`.</summary>
    public static bool IsCfg(string key) => key.StartsWith("cfg(", StringComparison.Ordinal) && key.EndsWith(")", StringComparison.Ordinal);

    private static string Normalize(string line)
    {
        var eq = line.IndexOf('=');
        return eq < 0 ? line.Trim() : line.Substring(0, eq).Trim() + "=" + line.Substring(eq + 1).Trim();
    }

    private sealed class Parser
    {
        private readonly string _text;
        private int _pos;

        public Parser(string text) => _text = text;

        public bool Predicate(HashSet<string> cfg)
        {
            var name = Identifier();
            SkipSpace();
            if (Peek('(') && (name == "all" || name == "any" || name == "not"))
            {
                Expect("(");
                var values = new List<bool>();
                while (!Peek(')'))
                {
                    values.Add(Predicate(cfg));
                    SkipSpace();
                    if (Peek(','))
                        _pos++;
                    SkipSpace();
                }
                Expect(")");
                return name switch
                {
                    "all" => values.All(v => v),
                    "any" => values.Any(v => v),
                    _ => values.Count == 1 ? !values[0] : throw new FormatException("not(…) takes exactly one predicate"),
                };
            }
            if (!Peek('=') && (name == "true" || name == "false"))
                return name == "true"; // boolean literals (cargo 1.88+)
            if (Peek('='))
            {
                _pos++;
                SkipSpace();
                return cfg.Contains(name + "=" + StringLiteral());
            }
            return cfg.Contains(name);
        }

        public void Expect(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) != 0)
                throw new FormatException($"expected '{token}' at {_pos} in {_text}");
            _pos += token.Length;
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos != _text.Length)
                throw new FormatException($"unexpected text after the cfg expression: {_text}");
        }

        private string Identifier()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
                _pos++;
            if (start == _pos)
                throw new FormatException($"expected a name at {_pos} in {_text}");
            return _text.Substring(start, _pos - start);
        }

        private string StringLiteral()
        {
            Expect("\"");
            var end = _text.IndexOf('"', _pos);
            if (end < 0)
                throw new FormatException($"unterminated string in {_text}");
            var value = _text.Substring(_pos, end - _pos);
            _pos = end + 1;
            return "\"" + value + "\"";
        }

        private bool Peek(char c)
        {
            SkipSpace();
            return _pos < _text.Length && _text[_pos] == c;
        }

        private void SkipSpace()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
                _pos++;
        }
    }
}
