using System;
using System.Text;

namespace RustPgo.ProfData;

/// <summary>
/// A demangler for Rust's v0 scheme (RFC 2603) covering paths, impls, generic arguments, basic and
/// compound types, consts and backrefs. Crate disambiguator hashes are left out (like
/// rustc-demangle's alternate form). Punycode identifiers make it give up (return null).
/// Symbols come from profiles, so nothing is trusted: nesting is limited, and so is the work (back-references
/// can make a short symbol expand exponentially): past <see cref="Limit"/> it gives up too.
/// </summary>
internal sealed class RustV0Demangler
{
    private const int MaxDepth = 200;
    private readonly string _s;
    private readonly int _start;
    private int _pos;
    private int _depth;
    private long _budget;
    private readonly int _maxOutput;

    // Everything is written here, also what is parsed only to be skipped (an impl's location), then cut off again.
    private readonly StringBuilder _out = new StringBuilder();

    private RustV0Demangler(string symbol, int start)
    {
        _s = symbol;
        _start = start;
        _pos = start;
        _budget = Limit(symbol.Length);
        _maxOutput = (int)Math.Min(int.MaxValue / 4, Limit(symbol.Length));
    }

    /// <summary>
    /// For a symbol of <paramref name="length"/> characters: the most work allowed (parse steps plus characters read,
    /// also again through back-references) and the longest demangling. Real symbols need a few units per character
    /// and demangle to at most a few times their length.
    /// </summary>
    internal static long Limit(int length) => 1024 + 16L * length;

    /// <summary>A malformed symbol (or one past the budget): the caller falls back to the mangled name.</summary>
    private sealed class MalformedException : Exception
    {
    }

    private static MalformedException Malformed() => new MalformedException();

    private void Spend(long units)
    {
        _budget -= units;
        if (_budget < 0 || _out.Length > _maxOutput)
        {
            throw Malformed();
        }
    }

    public static string? TryDemangle(string symbol)
    {
        int start;
        if (symbol.StartsWith("_R", StringComparison.Ordinal)) start = 2;
        else if (symbol.StartsWith("__R", StringComparison.Ordinal)) start = 3;
        else if (symbol.StartsWith("R", StringComparison.Ordinal) && symbol.Length > 1 && IsUpper(symbol[1])) start = 1;
        else return null;
        var demangler = new RustV0Demangler(symbol, start);
        try
        {
            if (demangler._pos < symbol.Length && IsDigit(symbol[demangler._pos]))
            {
                return null; // an encoding version we do not know
            }
            demangler.Path(demangler._out, inValue: true);
            demangler.Spend(0); // the last step's output counts too
            return demangler._out.ToString();
        }
        catch (MalformedException)
        {
            return null;
        }
    }

    private char Peek() => _pos < _s.Length ? _s[_pos] : '\0';

    // Every character read costs a unit of the budget, also when a back-reference makes it read again.
    private char Next()
    {
        if (_pos >= _s.Length)
        {
            throw Malformed();
        }
        Spend(1);
        return _s[_pos++];
    }

    private void Advance()
    {
        Spend(1);
        _pos++;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static bool IsUpper(char c) => c >= 'A' && c <= 'Z';

    private static bool IsLetter(char c) => IsUpper(c) || (c >= 'a' && c <= 'z');

    private bool Eat(char c)
    {
        if (Peek() != c)
        {
            return false;
        }
        Advance();
        return true;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Malformed();
        }
        Spend(1);
    }

    private void Path(StringBuilder text, bool inValue)
    {
        Enter();
        var tag = Next();
        switch (tag)
        {
            case 'C':
                Disambiguator();
                text.Append(Identifier());
                break;
            case 'M': // inherent impl
                ImplPath();
                QualifiedSelf(text, withTrait: false);
                break;
            case 'X': // trait impl
                ImplPath();
                QualifiedSelf(text, withTrait: true);
                break;
            case 'Y': // trait definition
                QualifiedSelf(text, withTrait: true);
                break;
            case 'N':
                NestedPath(text, inValue);
                break;
            case 'I':
                Path(text, inValue);
                text.Append(inValue ? "::<" : "<");
                GenericArgs(text);
                text.Append('>');
                break;
            case 'B':
                Backref(() => Path(text, inValue));
                break;
            default:
                throw Malformed();
        }
        _depth--;
    }

    private void NestedPath(StringBuilder text, bool inValue)
    {
        var ns = Next();
        if (!IsLetter(ns))
        {
            throw Malformed();
        }
        Path(text, inValue);
        var disambiguator = Disambiguator();
        var name = Identifier();
        if (IsUpper(ns))
        {
            var kind = ns == 'C' ? "closure" : ns == 'S' ? "shim" : ns.ToString();
            text.Append("::{").Append(kind);
            if (name.Length > 0)
            {
                text.Append(':').Append(name);
            }
            text.Append('#').Append(disambiguator).Append('}');
        }
        else if (name.Length > 0)
        {
            text.Append("::").Append(name);
        }
    }

    private void ImplPath()
    {
        Disambiguator();
        var mark = _out.Length;
        Path(_out, inValue: false);
        _out.Length = mark; // the impl's location is not printed
    }

    // <Type>, or <Type as Trait>.
    private void QualifiedSelf(StringBuilder text, bool withTrait)
    {
        text.Append('<');
        Type(text);
        if (withTrait)
        {
            text.Append(" as ");
            Path(text, inValue: false);
        }
        text.Append('>');
    }

    private void GenericArgs(StringBuilder text)
    {
        var first = true;
        while (!Eat('E'))
        {
            if (Peek() == 'L')
            {
                Advance();
                Base62();
                continue; // lifetimes are erased in the output
            }
            if (!first)
            {
                text.Append(", ");
            }
            first = false;
            if (Eat('K'))
            {
                Const(text);
            }
            else
            {
                Type(text);
            }
        }
    }

    private void Type(StringBuilder text)
    {
        Enter();
        var tag = Peek();
        var basic = BasicType(tag);
        if (basic != null)
        {
            Advance();
            text.Append(basic);
            _depth--;
            return;
        }
        switch (tag)
        {
            case 'A':
                Advance();
                text.Append('[');
                Type(text);
                text.Append("; ");
                Const(text);
                text.Append(']');
                break;
            case 'S':
                Advance();
                text.Append('[');
                Type(text);
                text.Append(']');
                break;
            case 'T':
                Advance();
                text.Append('(');
                var count = TypeList(text);
                text.Append(count == 1 ? ",)" : ")");
                break;
            case 'R':
            case 'Q':
                Advance();
                text.Append(tag == 'R' ? "&" : "&mut ");
                if (Eat('L'))
                {
                    Base62();
                }
                Type(text);
                break;
            case 'P':
            case 'O':
                Advance();
                text.Append(tag == 'P' ? "*const " : "*mut ");
                Type(text);
                break;
            case 'F':
                Advance();
                FnSig(text);
                break;
            case 'D':
                Advance();
                DynBounds(text);
                if (!Eat('L'))
                {
                    throw Malformed();
                }
                Base62();
                break;
            case 'B':
                Advance();
                Backref(() => Type(text));
                break;
            default:
                Path(text, inValue: false);
                break;
        }
        _depth--;
    }

    // Types up to the closing 'E', separated by ", " (tuple fields, fn parameters); returns how many there were.
    private int TypeList(StringBuilder text)
    {
        var count = 0;
        while (!Eat('E'))
        {
            if (count++ > 0)
            {
                text.Append(", ");
            }
            Type(text);
        }
        return count;
    }

    private void FnSig(StringBuilder text)
    {
        if (Eat('G'))
        {
            Base62();
        }
        if (Eat('U'))
        {
            text.Append("unsafe ");
        }
        if (Eat('K'))
        {
            text.Append("extern \"").Append(Eat('C') ? "C" : UndisambiguatedIdentifier().Replace('_', '-')).Append("\" ");
        }
        text.Append("fn(");
        TypeList(text);
        text.Append(')');
        // The return type is written in place (no copy per nesting level) and taken back when it is "()".
        var arrow = text.Length;
        text.Append(" -> ");
        Type(text);
        if (text.Length - arrow == 6 && text[arrow + 4] == '(' && text[arrow + 5] == ')')
        {
            text.Length = arrow;
        }
    }

    private void DynBounds(StringBuilder text)
    {
        if (Eat('G'))
        {
            Base62();
        }
        text.Append("dyn ");
        var count = 0;
        while (!Eat('E'))
        {
            if (count++ > 0)
            {
                text.Append(" + ");
            }
            // Written in place: the trait path, then its associated-type bindings inside its generic arguments.
            var traitStart = text.Length;
            Path(text, inValue: false);
            var bindings = 0;
            while (Eat('p'))
            {
                var name = UndisambiguatedIdentifier();
                if (bindings++ == 0)
                {
                    if (text.Length > traitStart && text[text.Length - 1] == '>')
                    {
                        text.Length--;
                        text.Append(", ");
                    }
                    else
                    {
                        text.Append('<');
                    }
                }
                else
                {
                    text.Append(", ");
                }
                text.Append(name).Append(" = ");
                Type(text);
            }
            if (bindings > 0)
            {
                text.Append('>');
            }
        }
    }

    private void Const(StringBuilder text)
    {
        if (_depth > MaxDepth)
        {
            throw Malformed();
        }
        if (Eat('p'))
        {
            text.Append('_');
            return;
        }
        if (Eat('B'))
        {
            Backref(() => Const(text));
            return;
        }
        var type = Next();
        var negative = Eat('n');
        var start = _pos;
        while (Peek() != '_')
        {
            if (!IsHexDigit(Next()))
            {
                throw Malformed();
            }
        }
        var hex = _s.Substring(start, _pos - start);
        Advance();
        if (type == 'b')
        {
            text.Append(hex == "1" ? "true" : "false");
            return;
        }
        if (type == 'c')
        {
            Char(text, hex);
            return;
        }
        if (hex.Length == 0)
        {
            text.Append('0');
            return;
        }
        if (hex.Length > 16)
        {
            text.Append("0x").Append(hex);
            return;
        }
        text.Append(negative ? "-" : "").Append(Convert.ToUInt64(hex, 16));
    }

    // A char constant: a Unicode scalar value (not a surrogate, at most 0x10FFFF), written as Rust's
    // char::escape_debug would, so that a control character never reaches the output raw.
    private static void Char(StringBuilder text, string hex)
    {
        var trimmed = hex.TrimStart('0');
        if (trimmed.Length > 6)
        {
            throw Malformed();
        }
        var code = trimmed.Length == 0 ? 0 : Convert.ToInt32(trimmed, 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        {
            throw Malformed();
        }
        text.Append('\'');
        switch (code)
        {
            case '\t': text.Append("\\t"); break;
            case '\n': text.Append("\\n"); break;
            case '\r': text.Append("\\r"); break;
            case '\'': text.Append("\\'"); break;
            case '\\': text.Append("\\\\"); break;
            default:
                if (code < 0x20 || (code >= 0x7f && code < 0xa0))
                {
                    text.Append("\\u{").Append(code.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append('}');
                }
                else
                {
                    text.Append(char.ConvertFromUtf32(code));
                }
                break;
        }
        text.Append('\'');
    }

    private static bool IsHexDigit(char c) => IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    // Call right after the 'B' tag was consumed. Backrefs must point before their tag; a cycle
    // (a target whose parse reaches the same backref again) is stopped by the depth limit.
    private void Backref(Action parse)
    {
        var tag = _pos - 1;
        var target = Base62();
        var absolute = _start + (long)target;
        if (target >= (ulong)_s.Length || absolute >= tag)
        {
            throw Malformed();
        }
        Enter();
        var saved = _pos;
        _pos = (int)absolute;
        parse();
        _pos = saved;
        _depth--;
    }

    private ulong Disambiguator() => Eat('s') ? unchecked(Base62() + 1) : 0;

    private ulong Base62()
    {
        if (Eat('_'))
        {
            return 0;
        }
        ulong value = 0;
        while (true)
        {
            var c = Next();
            if (c == '_')
            {
                return value == ulong.MaxValue ? throw Malformed() : value + 1;
            }
            var digit = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'z' ? c - 'a' + 10
                : c >= 'A' && c <= 'Z' ? c - 'A' + 36
                : throw Malformed();
            if (value > (ulong.MaxValue - (ulong)digit) / 62)
            {
                throw Malformed();
            }
            value = value * 62 + (ulong)digit;
        }
    }

    private string Identifier()
    {
        Disambiguator();
        return UndisambiguatedIdentifier();
    }

    private string UndisambiguatedIdentifier()
    {
        if (Peek() == 'u')
        {
            throw Malformed(); // punycode: not handled, fall back to the mangled name
        }
        var length = 0;
        if (!IsDigit(Peek()))
        {
            throw Malformed();
        }
        while (IsDigit(Peek()))
        {
            length = length * 10 + (Next() - '0');
            if (length > _s.Length)
            {
                throw Malformed();
            }
        }
        Eat('_');
        if (length > _s.Length - _pos)
        {
            throw Malformed();
        }
        Spend(length);
        var identifier = _s.Substring(_pos, length);
        _pos += length;
        return identifier;
    }

    private static string? BasicType(char tag) => tag switch
    {
        'a' => "i8",
        'b' => "bool",
        'c' => "char",
        'd' => "f64",
        'e' => "str",
        'f' => "f32",
        'h' => "u8",
        'i' => "isize",
        'j' => "usize",
        'l' => "i32",
        'm' => "u32",
        'n' => "i128",
        'o' => "u128",
        's' => "i16",
        't' => "u16",
        'u' => "()",
        'v' => "...",
        'x' => "i64",
        'y' => "u64",
        'z' => "!",
        'p' => "_",
        _ => null,
    };
}
