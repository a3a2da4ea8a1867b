using System.Diagnostics;
using System.Text;

namespace RustPgo.ProfData.Tests.Hostile;

/// <summary>
/// The demanglers on symbols from a hostile profile: every malformed symbol falls back to the mangled name, no
/// exception leaves them (the inner demanglers are called directly, without the public method's last-resort catch),
/// and output and time stay within a multiple of the symbol's length.
/// </summary>
public class DemanglerHardeningTests
{
    [Fact]
    public void ABackReferenceDoublingPerLevelDemanglesWhileSmallAndFallsBackPastTheLimit()
    {
        Assert.Equal("foo::bar::<((), ())>", RustSymbolDemangler.Demangle(HostileProfiles.DeepBackrefSymbol(1)));
        Assert.Equal("foo::bar::<(((), ()), ((), ()))>", RustSymbolDemangler.Demangle(HostileProfiles.DeepBackrefSymbol(2)));

        var watch = Stopwatch.StartNew();
        for (var levels = 1; levels <= 190; levels++)
        {
            var symbol = HostileProfiles.DeepBackrefSymbol(levels);
            var text = RustSymbolDemangler.Demangle(symbol);
            Assert.True(text.Length <= RustV0Demangler.Limit(symbol.Length), $"{levels} levels: {text.Length} characters");
            if (text != symbol)
            {
                Assert.Equal((1 << levels) - 1, text.Count(c => c == ',')); // a complete demangling, or none
            }
        }
        // The 496-byte profile of issue 19 held one such symbol of 60 levels: 2^60 pairs.
        Assert.Equal(HostileProfiles.DeepBackrefSymbol(60), RustSymbolDemangler.Demangle(HostileProfiles.DeepBackrefSymbol(60)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"190 symbols took {watch.Elapsed}");
    }

    [Theory]
    [InlineData(HostileProfiles.InvalidCharConstant)] // a surrogate
    [InlineData("_RINvC3foo3barKc110000_E")] // past U+10FFFF
    [InlineData("_RINvC3foo3barKc1000000000_E")] // more than 32 bits
    [InlineData("_RINvC3foo3barKcz_E")] // not hex
    [InlineData("_RNvCsZZZZZZZZZZZZZ_3foo3bar")] // a base-62 number past 2^64
    [InlineData("_RNvCslYGhA16ahyf_3foo3bar")] // 2^64 - 1: overflows only when the terminator's 1 is added
    [InlineData("_RNvC99999999999999999999foo")] // an identifier length past the symbol
    [InlineData("_RNvC٣foo3bar")] // a non-ASCII digit
    [InlineData("_ZN٣foo3barE")]
    [InlineData("_ZN10foo$uD800$E")] // a legacy escape of a surrogate
    [InlineData("_ZN12foo$u110000$E")]
    public void MalformedSymbolsFallBackToTheMangledName(string symbol)
    {
        Assert.Equal(symbol, RustSymbolDemangler.Demangle(symbol));
    }

    [Theory]
    [InlineData("_RINvC3foo3barKc41_E", "foo::bar::<'A'>")]
    [InlineData("_RINvC3foo3barKca_E", @"foo::bar::<'\n'>")]
    [InlineData("_RINvC3foo3barKc1b_E", @"foo::bar::<'\u{1b}'>")]
    [InlineData("_RINvC3foo3barKc1f600_E", "foo::bar::<'\U0001F600'>")]
    public void CharConstantsAreScalarValuesWrittenAsRustWouldEscapeThem(string symbol, string expected)
    {
        Assert.Equal(expected, RustSymbolDemangler.Demangle(symbol));
    }

    [Fact]
    public void LegacyEscapesOfMetacharactersComeThroughForTheCallerToEscape()
    {
        Assert.Equal("evil::tick`pipe|", RustSymbolDemangler.Demangle("_ZN4evil18tick$u60$pipe$u7c$17h0123456789abcdefE"));
        Assert.Equal("evil::line\nfeed", RustSymbolDemangler.Demangle("_ZN4evil13line$u0a$feed17h0123456789abcdefE"));
        Assert.Equal(@"evil::line\x0afeed", NameText.Escape(RustSymbolDemangler.Demangle("_ZN4evil13line$u0a$feed17h0123456789abcdefE")));
    }

    private static readonly string[] V0Seeds =
    {
        "_RNvCs1234_7mycrate3foo",
        "_RNvMsr_NtCs3ssYzQotkvD_3std4pathNtB5_7PathBuf3newCs15kBYyAo9fc_7mycrate",
        "_RINvNtC3std3mem8align_ofjEC3foo",
        "_RNCNvCsgStHSCytQ6I_7mycrate4main0B3_",
        "_RNvXCs4fqI2P2rA04_7mycrateNtB2_3FooNtNtCs1_4core3fmt7Display3fmt",
        "_RINvCs1_5crate4funcRShTmEEB2_",
        "_RINvC3foo3barFUKCEuEu",
        "_RINvC3foo3barDNtC3std5Debugp4ItemuEL_E",
        "_RINvC3foo3barKb1_Kc41_Kxn1f_KpE",
        "_RINvC3foo3barAhj10_E",
        HostileProfiles.DeepBackrefSymbol(6),
    };

    private static readonly string[] LegacySeeds =
    {
        "_ZN10pgofixture7collatz17h727852d1e03d24d8E",
        "_ZN54_$LT$pgofixture..Rect$u20$as$u20$pgofixture..Shape$GT$4area17h7913bd1442071566E",
        "_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h53a8a7eea4a091d5E",
        "_ZN5alloc7raw_vec19RawVec$LT$T$C$A$GT$8grow_one17hf2f619dddf9aa8afE",
    };

    /// <summary>
    /// Structure-aware mutations of real symbols: numbers (lengths, back-reference positions, disambiguators) replaced
    /// by edge values, back-references and constants spliced in, pieces duplicated, cut or swapped.
    /// </summary>
    [Fact]
    public void MutatedSymbolsNeverThrowAndStayWithinTheLimit()
    {
        var random = new Random(2603);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 60000; i++)
        {
            var v0 = random.Next(3) != 0;
            var seed = v0 ? V0Seeds[random.Next(V0Seeds.Length)] : LegacySeeds[random.Next(LegacySeeds.Length)];
            var symbol = seed;
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                symbol = Mutate(symbol, random, v0);
            }
            string? text;
            try
            {
                text = v0 ? RustV0Demangler.TryDemangle(symbol) : RustSymbolDemangler.TryLegacy(symbol);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"case {i}: {e.GetType().Name} escaped for {symbol}: {e.Message}");
            }
            if (text != null)
            {
                Assert.True(text.Length <= RustV0Demangler.Limit(symbol.Length), $"case {i}: {text.Length} characters from {symbol}");
            }
            Assert.NotNull(RustSymbolDemangler.Demangle(symbol));
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"60,000 symbols took {watch.Elapsed}");
    }

    private static string Mutate(string symbol, Random random, bool v0)
    {
        var text = new StringBuilder(symbol);
        var at = random.Next(2, Math.Max(3, text.Length));
        at = Math.Min(at, text.Length);
        string[] numbers = { "0", "9", "99", "4294967295", "18446744073709551615", "99999999999999999999" };
        string[] base62 = { "_", "0_", "Z_", "ZZZZZZZZZZZ_", "ZZZZZZZZZZZZ_", "zzzzzzzzzzzzzzzzzzzz_" };
        switch (random.Next(8))
        {
            case 0: // a number (identifier length, or a legacy part length) replaced by an edge value
            {
                var start = at;
                while (start < text.Length && !char.IsAsciiDigit(text[start]))
                {
                    start++;
                }
                var end = start;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }
                if (start < text.Length)
                {
                    text.Remove(start, end - start).Insert(start, numbers[random.Next(numbers.Length)]);
                }
                break;
            }
            case 1: // a back-reference, a disambiguator or a lifetime with an edge or random position
                text.Insert(at, (v0 ? "BsLBB"[random.Next(5)].ToString() : "$") + (random.Next(2) == 0 ? base62[random.Next(base62.Length)] : Base62(random.Next(at + 4)) + "_"));
                break;
            case 2: // a constant: char, bool, integer, negative, too long
            {
                string[] constants = { "Kcd800_", "Kc110000_", "Kc0_", "Kc7f_", "Kbff_", "Kxn_", "Kyffffffffffffffffffff_", "Kp", "KB_", "Kc" };
                text.Insert(at, v0 ? constants[random.Next(constants.Length)] : "$u" + random.Next(0x120000).ToString("x") + "$");
                break;
            }
            case 3: // a piece duplicated in place (longer chains of the same structure)
            {
                var length = random.Next(1, Math.Max(2, Math.Min(24, text.Length - at)));
                if (at + length <= text.Length)
                {
                    text.Insert(at, text.ToString(at, length));
                }
                break;
            }
            case 4: // a piece cut out
                text.Remove(at, Math.Min(random.Next(1, 6), text.Length - at));
                break;
            case 5: // a tag replaced by another tag of the grammar
            {
                const string Tags = "CMXYNIBTSARQPOFDKELpuvsjhmE_$.";
                if (at < text.Length)
                {
                    text[at] = Tags[random.Next(Tags.Length)];
                }
                break;
            }
            case 6: // truncation
                text.Length = at;
                break;
            default: // a raw byte: control, high, or a Unicode digit
            {
                char[] odd = { '\0', '\u001b', '\n', '\u007f', '\u0085', '\u0663', '\uffff', '\u202e', 'é' };
                text.Insert(at, odd[random.Next(odd.Length)]);
                break;
            }
        }
        return text.ToString();
    }

    private static string Base62(int value)
    {
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var text = "";
        do
        {
            text = Digits[value % 62] + text;
            value /= 62;
        }
        while (value > 0);
        return text;
    }
}
