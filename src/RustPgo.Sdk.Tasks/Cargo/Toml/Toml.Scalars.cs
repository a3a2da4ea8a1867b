using System.Globalization;
using System.Text.RegularExpressions;

namespace RustPgo.Sdk.Tasks.Cargo;

internal static partial class Toml
{
    private sealed partial class Parser
    {
        // Booleans, integers, floats and date-times.

        private static readonly Regex DecimalInteger = new(@"^[+-]?(?:0|[1-9](?:_?[0-9])*)\z", RegexOptions.CultureInvariant);
        private static readonly Regex HexInteger = new(@"^0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*\z", RegexOptions.CultureInvariant);
        private static readonly Regex OctalInteger = new(@"^0o[0-7](?:_?[0-7])*\z", RegexOptions.CultureInvariant);
        private static readonly Regex BinaryInteger = new(@"^0b[01](?:_?[01])*\z", RegexOptions.CultureInvariant);

        private static readonly Regex Float = new(
            @"^[+-]?(?:0|[1-9](?:_?[0-9])*)(?:\.[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?\z",
            RegexOptions.CultureInvariant);

        private static readonly Regex LocalDate = new(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})\z", RegexOptions.CultureInvariant);
        private static readonly Regex LocalTime = new(@"^([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?\z", RegexOptions.CultureInvariant);

        private static readonly Regex DateAndTime = new(
            @"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[Zz]|[+-]([0-9]{2}):([0-9]{2}))?\z",
            RegexOptions.CultureInvariant);

        /// <summary>A boolean, number or date-time: everything up to whitespace, ',', ']', '}', '#' or a newline.</summary>
        private object ParseScalar()
        {
            var start = _pos;
            while (!AtEnd && !IsScalarEnd(_text[_pos]))
                _pos++;
            // A date and a time separated by a space are one value.
            if (_pos - start == 10 && _pos + 3 < _text.Length && _text[_pos] == ' ' && IsDigit(_text[_pos + 1]) && IsDigit(_text[_pos + 2])
                && _text[_pos + 3] == ':' && LocalDate.IsMatch(_text.Substring(start, 10)))
            {
                _pos++;
                while (!AtEnd && !IsScalarEnd(_text[_pos]))
                    _pos++;
            }
            if (_pos == start)
                throw Unexpected("a value");
            var token = _text.Substring(start, _pos - start);

            switch (token)
            {
                case "true":
                    return true;
                case "false":
                    return false;
                case "inf":
                case "+inf":
                    return double.PositiveInfinity;
                case "-inf":
                    return double.NegativeInfinity;
                case "nan":
                case "+nan":
                case "-nan":
                    return double.NaN;
            }

            if (DecimalInteger.IsMatch(token))
            {
                if (long.TryParse(token.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                    return integer;
                throw ErrorAt(start, $"the integer {token} does not fit in 64 bits");
            }
            if (HexInteger.IsMatch(token))
                return ParseRadix(token, 16, start);
            if (OctalInteger.IsMatch(token))
                return ParseRadix(token, 8, start);
            if (BinaryInteger.IsMatch(token))
                return ParseRadix(token, 2, start);
            if (Float.IsMatch(token))
                return ParseFloat(token);

            if (TryParseDateTime(token, start) is { } dateTime)
                return dateTime;

            if (token.Length > 1 && (token[0] == '0' || ((token[0] == '+' || token[0] == '-') && token.Length > 2 && token[1] == '0')) && IsDigitOrUnderscore(token, token[0] == '0' ? 1 : 2))
                throw ErrorAt(start, $"invalid number '{token}': leading zeros are not allowed");
            throw ErrorAt(start, char.IsLetter(token[0]) ? $"invalid value '{token}' (a string must be quoted)" : $"invalid value '{token}'");
        }

        private long ParseRadix(string token, int radix, int start)
        {
            var value = 0L;
            for (var i = 2; i < token.Length; i++)
            {
                var c = token[i];
                if (c == '_')
                    continue;
                var digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
                if (value > (long.MaxValue - digit) / radix)
                    throw ErrorAt(start, $"the integer {token} does not fit in 64 bits");
                value = value * radix + digit;
            }
            return value;
        }

        private static double ParseFloat(string token)
        {
            var text = token.Replace("_", "");
            try
            {
                return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                // .NET Framework throws where .NET (and Rust) round to infinity.
                return text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            }
        }

        private TomlDateTime? TryParseDateTime(string token, int start)
        {
            var match = DateAndTime.Match(token);
            if (match.Success)
            {
                CheckDate(match, 1, token, start);
                CheckTime(match, 4, token, start);
                if (match.Groups[7].Success && (Number(match, 7) > 23 || Number(match, 8) > 59))
                    throw ErrorAt(start, $"invalid time offset in '{token}'");
                return new TomlDateTime(token);
            }
            match = LocalDate.Match(token);
            if (match.Success)
            {
                CheckDate(match, 1, token, start);
                return new TomlDateTime(token);
            }
            match = LocalTime.Match(token);
            if (match.Success)
            {
                CheckTime(match, 1, token, start);
                return new TomlDateTime(token);
            }
            return null;
        }

        private void CheckDate(Match match, int group, string token, int start)
        {
            var year = Number(match, group);
            var month = Number(match, group + 1);
            var day = Number(match, group + 2);
            if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month))
                throw ErrorAt(start, $"invalid date '{token}'");
        }

        private void CheckTime(Match match, int group, string token, int start)
        {
            // Second 60 is a leap second.
            if (Number(match, group) > 23 || Number(match, group + 1) > 59 || Number(match, group + 2) > 60)
                throw ErrorAt(start, $"invalid time '{token}'");
        }

        private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

        private static int DaysInMonth(int year, int month)
        {
            switch (month)
            {
                case 2:
                    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
                case 4:
                case 6:
                case 9:
                case 11:
                    return 30;
                default:
                    return 31;
            }
        }
    }
}
