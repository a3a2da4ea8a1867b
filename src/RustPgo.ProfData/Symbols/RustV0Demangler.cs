using System;
using System.Text;

namespace RustPgo.ProfData;

/// <summary>
/// A demangler for Rust's v0 scheme (RFC 2603) covering paths, impls, generic arguments, basic and
/// compound types, consts and backrefs. Crate disambiguator hashes are left out (like
/// rustc-demangle's alternate form). Punycode identifiers make it give up (return null).
/// </summary>
internal sealed class RustV0Demangler
{
    private const int MaxDepth = 200;
    private readonly string _s;
    private readonly int _start;
    private int _pos;
    private int _depth;

    private RustV0Demangler(string symbol, int start)
    {
        _s = symbol;
        _start = start;
        _pos = start;
    }

    public static string? TryDemangle(string symbol)
    {
        int start;
        if (symbol.StartsWith("_R", StringComparison.Ordinal)) start = 2;
        else if (symbol.StartsWith("__R", StringComparison.Ordinal)) start = 3;
        else if (symbol.StartsWith("R", StringComparison.Ordinal) && symbol.Length > 1 && char.IsUpper(symbol[1])) start = 1;
        else return null;
        var demangler = new RustV0Demangler(symbol, start);
        try
        {
            if (demangler._pos < symbol.Length && char.IsDigit(symbol[demangler._pos]))
            {
                return null; // an encoding version we do not know
            }
            var text = new StringBuilder();
            demangler.Path(text, inValue: true);
            return text.ToString();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private char Peek() => _pos < _s.Length ? _s[_pos] : '\0';

    private char Next() => _pos < _s.Length ? _s[_pos++] : throw new FormatException();

    private bool Eat(char c)
    {
        if (Peek() != c)
        {
            return false;
        }
        _pos++;
        return true;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new FormatException();
        }
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
                throw new FormatException();
        }
        _depth--;
    }

    private void NestedPath(StringBuilder text, bool inValue)
    {
        var ns = Next();
        if (!char.IsLetter(ns))
        {
            throw new FormatException();
        }
        Path(text, inValue);
        var disambiguator = Disambiguator();
        var name = Identifier();
        if (char.IsUpper(ns))
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
        Path(new StringBuilder(), inValue: false); // the impl's location is not printed
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
                _pos++;
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
            _pos++;
            text.Append(basic);
            _depth--;
            return;
        }
        switch (tag)
        {
            case 'A':
                _pos++;
                text.Append('[');
                Type(text);
                text.Append("; ");
                Const(text);
                text.Append(']');
                break;
            case 'S':
                _pos++;
                text.Append('[');
                Type(text);
                text.Append(']');
                break;
            case 'T':
                _pos++;
                text.Append('(');
                var count = TypeList(text);
                text.Append(count == 1 ? ",)" : ")");
                break;
            case 'R':
            case 'Q':
                _pos++;
                text.Append(tag == 'R' ? "&" : "&mut ");
                if (Eat('L'))
                {
                    Base62();
                }
                Type(text);
                break;
            case 'P':
            case 'O':
                _pos++;
                text.Append(tag == 'P' ? "*const " : "*mut ");
                Type(text);
                break;
            case 'F':
                _pos++;
                FnSig(text);
                break;
            case 'D':
                _pos++;
                DynBounds(text);
                if (!Eat('L'))
                {
                    throw new FormatException();
                }
                Base62();
                break;
            case 'B':
                _pos++;
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
        var result = new StringBuilder();
        Type(result);
        if (result.ToString() != "()")
        {
            text.Append(" -> ").Append(result);
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
            var trait = new StringBuilder();
            Path(trait, inValue: false);
            var bindings = 0;
            while (Eat('p'))
            {
                var name = UndisambiguatedIdentifier();
                var type = new StringBuilder();
                Type(type);
                if (bindings++ == 0)
                {
                    if (trait.Length > 0 && trait[trait.Length - 1] == '>')
                    {
                        trait.Length--;
                        trait.Append(", ");
                    }
                    else
                    {
                        trait.Append('<');
                    }
                }
                else
                {
                    trait.Append(", ");
                }
                trait.Append(name).Append(" = ").Append(type);
            }
            if (bindings > 0)
            {
                trait.Append('>');
            }
            text.Append(trait);
        }
    }

    private void Const(StringBuilder text)
    {
        if (_depth > MaxDepth)
        {
            throw new FormatException();
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
            if (!Uri.IsHexDigit(Next()))
            {
                throw new FormatException();
            }
        }
        var hex = _s.Substring(start, _pos - start);
        _pos++;
        if (type == 'b')
        {
            text.Append(hex == "1" ? "true" : "false");
            return;
        }
        if (type == 'c' && hex.Length > 0 && hex.Length <= 6)
        {
            text.Append('\'').Append(char.ConvertFromUtf32(Convert.ToInt32(hex, 16))).Append('\'');
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

    // Call right after the 'B' tag was consumed. Backrefs must point before their tag; a cycle
    // (a target whose parse reaches the same backref again) is stopped by the depth limit.
    private void Backref(Action parse)
    {
        var tag = _pos - 1;
        var target = Base62();
        var absolute = _start + (long)target;
        if (target >= (ulong)_s.Length || absolute >= tag)
        {
            throw new FormatException();
        }
        Enter();
        var saved = _pos;
        _pos = (int)absolute;
        parse();
        _pos = saved;
        _depth--;
    }

    private ulong Disambiguator() => Eat('s') ? Base62() + 1 : 0;

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
                return checked(value + 1);
            }
            var digit = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'z' ? c - 'a' + 10
                : c >= 'A' && c <= 'Z' ? c - 'A' + 36
                : throw new FormatException();
            try
            {
                value = checked(value * 62 + (ulong)digit);
            }
            catch (OverflowException)
            {
                throw new FormatException();
            }
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
            throw new FormatException(); // punycode: not handled, fall back to the mangled name
        }
        var length = 0;
        if (!char.IsDigit(Peek()))
        {
            throw new FormatException();
        }
        while (char.IsDigit(Peek()))
        {
            length = checked(length * 10 + (Next() - '0'));
            if (length > _s.Length)
            {
                throw new FormatException();
            }
        }
        Eat('_');
        if (_pos + length > _s.Length)
        {
            throw new FormatException();
        }
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
