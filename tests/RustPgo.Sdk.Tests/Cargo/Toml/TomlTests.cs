using System;
using System.Collections.Generic;
using RustPgo.Sdk.Tasks.Cargo;
using Xunit;

namespace RustPgo.Sdk.Tests.Cargo;

public class TomlTests
{
    // ---- Keys -----------------------------------------------------------------------------------------

    [Fact]
    public void An_empty_document_or_only_comments_is_an_empty_table()
    {
        Assert.Empty(Toml.Parse(""));
        Assert.Empty(Toml.Parse("""

            # a comment
               # another, indented
            """));
    }

    [Fact]
    public void Bare_and_quoted_keys()
    {
        var root = Toml.Parse("""
            key = "value"
            bare_key = 1
            bare-key = 2
            1234 = 3
            "127.0.0.1" = "an address"
            "character encoding" = "utf-8"
            "ʎǝʞ" = "unicode"
            'key2' = "literal key"
            'quoted "value"' = "quotes inside"
            "" = "empty key"
            "esc\"aped" = 4
            """);

        Assert.Equal("value", root["key"]);
        Assert.Equal(1L, root["bare_key"]);
        Assert.Equal(2L, root["bare-key"]);
        Assert.Equal(3L, root["1234"]);
        Assert.Equal("an address", root["127.0.0.1"]);
        Assert.Equal("utf-8", root["character encoding"]);
        Assert.Equal("unicode", root["ʎǝʞ"]);
        Assert.Equal("literal key", root["key2"]);
        Assert.Equal("quotes inside", root["quoted \"value\""]);
        Assert.Equal("empty key", root[""]);
        Assert.Equal(4L, root["esc\"aped"]);
    }

    [Fact]
    public void Dotted_keys_create_tables_with_whitespace_around_the_dots()
    {
        var root = Toml.Parse("""
            name = "Orange"
            physical.color = "orange"
            physical . shape = "round"
            site."google.com" = true
            fruit. 'flavor' .sweet = true
            3.14159 = "pi"
            """);

        Assert.Equal("Orange", root["name"]);
        Assert.Equal("orange", Get(root, "physical", "color"));
        Assert.Equal("round", Get(root, "physical", "shape"));
        Assert.Equal(true, Get(root, "site", "google.com"));
        Assert.Equal(true, Get(root, "fruit", "flavor", "sweet"));
        Assert.Equal("pi", Get(root, "3", "14159"));
    }

    [Fact]
    public void Keys_are_case_sensitive_and_tables_use_ordinal_comparison()
    {
        var root = Toml.Parse("""
            Key = 1
            key = 2
            """);

        Assert.Equal(2, root.Count);
        Assert.Equal(StringComparer.Ordinal, root.Comparer);
        Assert.Equal(1L, root["Key"]);
        Assert.Equal(2L, root["key"]);
    }

    // ---- Tables ---------------------------------------------------------------------------------------

    [Fact]
    public void Tables_with_quoted_and_dotted_header_keys()
    {
        var root = Toml.Parse("""
            top = 0

            [table-1]
            key1 = "some string"

            [dog."tater.man"]
            type.name = "pug"

            [a.b."c d"]
            x = 1

            [ j . "ʞ" . 'l' ]  # whitespace around the parts
            y = 2
            """);

        Assert.Equal(0L, root["top"]);
        Assert.Equal("some string", Get(root, "table-1", "key1"));
        Assert.Equal("pug", Get(root, "dog", "tater.man", "type", "name"));
        Assert.Equal(1L, Get(root, "a", "b", "c d", "x"));
        Assert.Equal(2L, Get(root, "j", "ʞ", "l", "y"));
    }

    [Fact]
    public void An_empty_table_and_an_implicit_super_table_defined_afterwards_once()
    {
        var root = Toml.Parse("""
            [empty]

            [x.y.z.w]
            deep = 1

            [x]
            shallow = 2
            """);

        Assert.Empty(Table(root["empty"]));
        Assert.Equal(1L, Get(root, "x", "y", "z", "w", "deep"));
        Assert.Equal(2L, Get(root, "x", "shallow"));
    }

    [Fact]
    public void A_table_defined_by_a_header_can_get_sub_tables_later()
    {
        var root = Toml.Parse("""
            [fruit]
            name = "apple"

            [animal]
            name = "dog"

            [fruit.apple]
            color = "red"
            """);

        Assert.Equal("apple", Get(root, "fruit", "name"));
        Assert.Equal("red", Get(root, "fruit", "apple", "color"));
        Assert.Equal("dog", Get(root, "animal", "name"));
    }

    [Fact]
    public void Headers_can_add_sub_tables_below_tables_made_by_dotted_keys()
    {
        var root = Toml.Parse("""
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            [fruit.apple.texture]
            smooth = true
            """);

        Assert.Equal("red", Get(root, "fruit", "apple", "color"));
        Assert.Equal(true, Get(root, "fruit", "apple", "taste", "sweet"));
        Assert.Equal(true, Get(root, "fruit", "apple", "texture", "smooth"));
    }

    [Fact]
    public void Arrays_of_tables_with_sub_tables_and_nested_arrays_of_tables()
    {
        var root = Toml.Parse("""
            [[fruits]]
            name = "apple"

            [fruits.physical]  # a sub-table of the last [[fruits]]
            color = "red"

            [[fruits.varieties]]
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"

            [[empty]]
            [[empty]]
            """);

        var fruits = Array(root["fruits"]);
        Assert.Equal(2, fruits.Count);
        Assert.Equal("apple", Get(Table(fruits[0]), "name"));
        Assert.Equal("red", Get(Table(fruits[0]), "physical", "color"));
        var appleVarieties = Array(Table(fruits[0])["varieties"]);
        Assert.Equal(new object[] { "red delicious", "granny smith" }, new[] { Get(Table(appleVarieties[0]), "name"), Get(Table(appleVarieties[1]), "name") });
        Assert.Equal("banana", Get(Table(fruits[1]), "name"));
        Assert.Equal("plantain", Get(Table(Array(Table(fruits[1])["varieties"])[0]), "name"));
        Assert.False(Table(fruits[1]).ContainsKey("physical"));
        Assert.Equal(2, Array(root["empty"]).Count);
    }

    // ---- Strings --------------------------------------------------------------------------------------

    [Theory]
    [InlineData(@"s = ""plain""", "plain")]
    [InlineData(@"s = ""tab\there""", "tab\there")]
    [InlineData(@"s = ""\b\t\n\f\r\""\\""", "\b\t\n\f\r\"\\")]
    [InlineData(@"s = ""I'm a string. \""You can quote me\"". Name\tJos\u00E9\nLocation\tSF.""", "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF.")]
    [InlineData(@"s = ""\u00e9\u00E9""", "éé")]
    [InlineData(@"s = ""\U0001F600""", "\U0001F600")]
    [InlineData(@"s = ""\U0000004A\u0000""", "J\0")]
    [InlineData("s = \"a literal\ttab\"", "a literal\ttab")]
    [InlineData(@"s = ''", "")]
    [InlineData(@"s = 'C:\Users\nodejs\templates'", @"C:\Users\nodejs\templates")]
    [InlineData(@"s = '\\ServerX\admin$\system32\'", @"\\ServerX\admin$\system32\")]
    [InlineData(@"s = 'Tom ""Dubs"" Preston-Werner'", @"Tom ""Dubs"" Preston-Werner")]
    [InlineData(@"s = '<\i\c*\s*>'", @"<\i\c*\s*>")]
    [InlineData("s = \"caf\u00e9 # not a comment\" # a comment", "caf\u00e9 # not a comment")]
    public void Single_line_strings(string toml, string expected)
    {
        Assert.Equal(expected, Toml.Parse(toml)["s"]);
    }

    [Theory]
    [InlineData(@"s = ""\a""")]
    [InlineData(@"s = ""\x41""")]
    [InlineData(@"s = ""\e""")]
    [InlineData(@"s = ""\ """)]
    [InlineData(@"s = ""\u12""")]
    [InlineData(@"s = ""\u12G4""")]
    [InlineData(@"s = ""\uD800""")]
    [InlineData(@"s = ""\U00110000""")]
    [InlineData(@"s = ""\UFFFFFFFF""")]
    public void Invalid_escapes_are_errors(string toml)
    {
        var error = Assert.Throws<TomlException>(() => Toml.Parse(toml));
        Assert.Equal(1, error.Line);
        Assert.Equal(6, error.Column);
    }

    [Fact]
    public void Multi_line_basic_strings_trim_the_first_newline()
    {
        var root = Toml.Parse(""""
            str1 = """
            Roses are red
            Violets are blue"""
            str2 = """on the first line"""
            str3 = """

            two newlines, one trimmed"""
            str4 = """escapes \t\u0041 and # no comment"""
            """");

        Assert.Equal("Roses are red\nViolets are blue", root["str1"]);
        Assert.Equal("on the first line", root["str2"]);
        Assert.Equal("\ntwo newlines, one trimmed", root["str3"]);
        Assert.Equal("escapes \tA and # no comment", root["str4"]);
    }

    [Fact]
    public void A_line_ending_backslash_trims_whitespace_and_newlines()
    {
        var root = Toml.Parse(""""
            str1 = "The quick brown fox jumps over the lazy dog."
            str2 = """
            The quick brown \


              fox jumps over \
                the lazy dog."""
            str3 = """\
                   The quick brown \
                   fox jumps over \
                   the lazy dog.\
                   """
            str5 = """an escaped backslash \\
            keeps the newline"""
            """");

        Assert.Equal(root["str1"], root["str2"]);
        Assert.Equal(root["str1"], root["str3"]);
        // Whitespace may follow the backslash on its line.
        Assert.Equal("trailing whitespace ends the line too", Toml.Parse("s = \"\"\"trailing whitespace \\ \t \n    ends the line too\"\"\"")["s"]);
        Assert.Equal("an escaped backslash \\\nkeeps the newline", root["str5"]);
    }

    [Fact]
    public void Up_to_two_quotes_may_precede_the_closing_delimiter()
    {
        var root = Toml.Parse("""""
            str4 = """Here are two quotation marks: "". Simple enough."""
            str5 = """Here are three quotation marks: ""\"."""
            str6 = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
            str7 = """"This," she said, "is just a pointless statement.""""
            """"");

        Assert.Equal("Here are two quotation marks: \"\". Simple enough.", root["str4"]);
        Assert.Equal("Here are three quotation marks: \"\"\".", root["str5"]);
        Assert.Equal("Here are fifteen quotation marks: " + new string('"', 15) + ".", root["str6"]);
        Assert.Equal("\"This,\" she said, \"is just a pointless statement.\"", root["str7"]);
        Assert.Equal("\"", Toml.Parse("one = " + new string('"', 7))["one"]);
        Assert.Equal("\"\"", Toml.Parse("two = " + new string('"', 8))["two"]);
    }

    [Fact]
    public void Multi_line_literal_strings()
    {
        var root = Toml.Parse("""""
            regex2 = '''I [dw]on't need \d{2} apples'''
            lines  = '''
            The first newline is
            trimmed in raw strings.
               All other whitespace \
               is preserved.
            '''
            apos15 = "Here are fifteen apostrophes: '''''''''''''''"
            str = ''''That,' she said, 'is still pointless.''''
            """"");

        Assert.Equal(@"I [dw]on't need \d{2} apples", root["regex2"]);
        Assert.Equal("The first newline is\ntrimmed in raw strings.\n   All other whitespace \\\n   is preserved.\n", root["lines"]);
        Assert.Equal(new string('"', 15), Toml.Parse("quot15 = '''" + new string('"', 15) + "'''")["quot15"]);
        Assert.Equal("Here are fifteen apostrophes: " + new string('\'', 15), root["apos15"]);
        Assert.Equal("'That,' she said, 'is still pointless.'", root["str"]);
    }

    [Fact]
    public void Crlf_line_endings_are_newlines_and_come_out_of_multi_line_strings_as_lf()
    {
        var root = Toml.Parse("# comment\r\n[t]\r\na = 1 # trailing\r\nml = \"\"\"\r\none\r\ntwo \\\r\n  three\"\"\"\r\nlit = '''\r\nx\r\ny'''\r\n");

        Assert.Equal(1L, Get(root, "t", "a"));
        Assert.Equal("one\ntwo three", Get(root, "t", "ml"));
        Assert.Equal("x\ny", Get(root, "t", "lit"));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_skipped()
    {
        var root = Toml.Parse("\uFEFFname = \"calc\"\n");

        Assert.Equal("calc", root["name"]);
    }

    // ---- Numbers, booleans, date-times ----------------------------------------------------------------

    [Theory]
    [InlineData("+99", 99L)]
    [InlineData("42", 42L)]
    [InlineData("0", 0L)]
    [InlineData("-17", -17L)]
    [InlineData("+0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("1_000", 1000L)]
    [InlineData("5_349_221", 5349221L)]
    [InlineData("53_49_221", 5349221L)]
    [InlineData("1_2_3_4_5", 12345L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("0xDEADBEEF", 0xDEADBEEFL)]
    [InlineData("0xdeadbeef", 0xDEADBEEFL)]
    [InlineData("0xdead_beef", 0xDEADBEEFL)]
    [InlineData("0x00", 0L)]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("0o01234567", 342391L)]
    [InlineData("0o755", 493L)]
    [InlineData("0b11010110", 214L)]
    [InlineData("0b1_0", 2L)]
    public void Integers(string literal, long expected)
    {
        var value = Toml.Parse("n = " + literal)["n"];

        Assert.IsType<long>(value);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("-01")]
    [InlineData("0_1")]
    [InlineData("1__2")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("+0x1")]
    [InlineData("-0x1")]
    [InlineData("0X1")]
    [InlineData("0x")]
    [InlineData("0xG")]
    [InlineData("0x_1")]
    [InlineData("0o8")]
    [InlineData("0b2")]
    [InlineData("1e")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("0x8000000000000000")]
    [InlineData("0b11111111111111111111111111111111111111111111111111111111111111111")]
    public void Invalid_integers_are_errors(string literal)
    {
        var error = Assert.Throws<TomlException>(() => Toml.Parse("a = 1\nn = " + literal));

        Assert.Equal(2, error.Line);
        Assert.Equal(5, error.Column);
    }

    [Theory]
    [InlineData("+1.0", 1.0)]
    [InlineData("3.1415", 3.1415)]
    [InlineData("-0.01", -0.01)]
    [InlineData("5e+22", 5e+22)]
    [InlineData("1e06", 1e06)]
    [InlineData("-2E-2", -2E-2)]
    [InlineData("6.626e-34", 6.626e-34)]
    [InlineData("224_617.445_991_228", 224617.445991228)]
    [InlineData("0.0", 0.0)]
    [InlineData("0e0", 0.0)]
    [InlineData("1e1_0", 1e10)]
    [InlineData("1e400", double.PositiveInfinity)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("+inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    public void Floats(string literal, double expected)
    {
        var value = Toml.Parse("f = " + literal)["f"];

        Assert.IsType<double>(value);
        Assert.Equal(expected, (double)value);
    }

    [Fact]
    public void Signed_zero_and_nan()
    {
        var root = Toml.Parse("""
            neg = -0.0
            pos = +0.0
            nan = nan
            pnan = +nan
            nnan = -nan
            """);

        Assert.True(double.IsNegative((double)root["neg"]));
        Assert.False(double.IsNegative((double)root["pos"]));
        Assert.True(double.IsNaN((double)root["nan"]));
        Assert.True(double.IsNaN((double)root["pnan"]));
        Assert.True(double.IsNaN((double)root["nnan"]));
    }

    [Theory]
    [InlineData(".7")]
    [InlineData("7.")]
    [InlineData("3.e+20")]
    [InlineData("1.0e")]
    [InlineData("1e_1")]
    [InlineData("3.14_")]
    [InlineData("03.14")]
    [InlineData("1.2.3")]
    [InlineData("inf_")]
    [InlineData("Inf")]
    [InlineData("NaN")]
    [InlineData("infinity")]
    public void Invalid_floats_are_errors(string literal)
    {
        var error = Assert.Throws<TomlException>(() => Toml.Parse("f = " + literal));

        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Booleans()
    {
        var root = Toml.Parse("""
            yes = true
            no = false
            """);

        Assert.Equal(true, root["yes"]);
        Assert.Equal(false, root["no"]);
        Assert.Throws<TomlException>(() => Toml.Parse("b = True"));
        Assert.Throws<TomlException>(() => Toml.Parse("b = truee"));
    }

    [Theory]
    [InlineData("1979-05-27T07:32:00Z")]
    [InlineData("1979-05-27T00:32:00-07:00")]
    [InlineData("1979-05-27T00:32:00.999999-07:00")]
    [InlineData("1979-05-27 07:32:00Z")]
    [InlineData("1979-05-27t07:32:00z")]
    [InlineData("1979-05-27T07:32:00+05:30")]
    [InlineData("1979-05-27T07:32:00")]
    [InlineData("1979-05-27 07:32:00.5")]
    [InlineData("1979-05-27")]
    [InlineData("2000-02-29")]
    [InlineData("07:32:00")]
    [InlineData("00:32:00.999999")]
    [InlineData("23:59:60")]
    public void Date_times_keep_their_text(string literal)
    {
        var root = Toml.Parse("d = " + literal + " # comment\nafter = 1");

        Assert.Equal(new TomlDateTime(literal), root["d"]);
        Assert.Equal(literal, root["d"].ToString());
        Assert.Equal(1L, root["after"]);
    }

    [Theory]
    [InlineData("1979-13-01")]
    [InlineData("1979-00-01")]
    [InlineData("1979-02-30")]
    [InlineData("1900-02-29")]
    [InlineData("1979-04-31")]
    [InlineData("1979-5-27")]
    [InlineData("1979-05-27T")]
    [InlineData("1979-05-27T07:32")]
    [InlineData("1979-05-27T25:00:00")]
    [InlineData("1979-05-27T07:32:00+24:00")]
    [InlineData("1979-05-27T07:32:00+05")]
    [InlineData("1979-05-27T07:32:00.")]
    [InlineData("07:60:00")]
    [InlineData("07:32:61")]
    [InlineData("7:32:00")]
    [InlineData("07:32:00Z")]
    public void Invalid_date_times_are_errors(string literal)
    {
        var error = Assert.Throws<TomlException>(() => Toml.Parse("d = " + literal));

        Assert.Equal(1, error.Line);
    }

    // ---- Arrays and inline tables ---------------------------------------------------------------------

    [Fact]
    public void Arrays_of_mixed_types_nested_and_empty()
    {
        var root = Toml.Parse(""""
            integers = [ 1, 2, 3 ]
            colors = [ "red", 'yellow', """green""" ]
            nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
            nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
            numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
            empty = []
            empty_nested = [[], [[]]]
            """");

        Assert.Equal(new object[] { 1L, 2L, 3L }, Array(root["integers"]));
        Assert.Equal(new object[] { "red", "yellow", "green" }, Array(root["colors"]));
        Assert.Equal(new object[] { 1L, 2L }, Array(Array(root["nested_arrays_of_ints"])[0]));
        Assert.Equal(new object[] { 3L, 4L, 5L }, Array(Array(root["nested_arrays_of_ints"])[1]));
        Assert.Equal(new object[] { "a", "b", "c" }, Array(Array(root["nested_mixed_array"])[1]));
        Assert.Equal(new object[] { 0.1, 0.2, 0.5, 1L, 2L, 5L }, Array(root["numbers"]));
        Assert.Empty(Array(root["empty"]));
        Assert.Empty(Array(Array(Array(root["empty_nested"])[1])[0]));
    }

    [Fact]
    public void Multi_line_arrays_with_comments_and_a_trailing_comma()
    {
        var root = Toml.Parse("""
            integers2 = [
              1, 2, 3
            ]

            integers3 = [  # a comment after the bracket
              1,
              2, # this is ok
            ]

            strings = [
              # a comment on a line of its own

              "a" # before the comma
              ,
              '''b''',
            ]
            """);

        Assert.Equal(new object[] { 1L, 2L, 3L }, Array(root["integers2"]));
        Assert.Equal(new object[] { 1L, 2L }, Array(root["integers3"]));
        Assert.Equal(new object[] { "a", "b" }, Array(root["strings"]));
    }

    [Fact]
    public void Arrays_of_inline_tables_and_date_times()
    {
        var root = Toml.Parse("""
            points = [ { x = 1, y = 2, z = 3 },
                       { x = 7, y = 8, z = 9 } ]
            dates = [1979-05-27 07:32:00Z, 1979-05-27]
            """);

        var points = Array(root["points"]);
        Assert.Equal(2, points.Count);
        Assert.Equal(9L, Get(Table(points[1]), "z"));
        Assert.Equal(new object[] { new TomlDateTime("1979-05-27 07:32:00Z"), new TomlDateTime("1979-05-27") }, Array(root["dates"]));
    }

    [Fact]
    public void Inline_tables_nested_with_dotted_keys_and_empty()
    {
        var root = Toml.Parse("""
            name = { first = "Tom", last = "Preston-Werner" }
            point = {x=1,y=2}
            animal = { type.name = "pug", type.size = "small" }
            nested = { a = { b = { c = "deep" } }, list = [1, { d = true }] }
            empty = {}
            spaced = {   }
            """);

        Assert.Equal("Tom", Get(root, "name", "first"));
        Assert.Equal("Preston-Werner", Get(root, "name", "last"));
        Assert.Equal(2L, Get(root, "point", "y"));
        Assert.Equal("pug", Get(root, "animal", "type", "name"));
        Assert.Equal("small", Get(root, "animal", "type", "size"));
        Assert.Equal("deep", Get(root, "nested", "a", "b", "c"));
        Assert.Equal(true, Get(Table(Array(Get(root, "nested", "list"))[1]), "d"));
        Assert.Empty(Table(root["empty"]));
        Assert.Empty(Table(root["spaced"]));
    }

    [Fact]
    public void Inline_tables_may_span_lines_only_inside_their_values()
    {
        var root = Toml.Parse(""""
            t = { list = [
                1,
                2,
            ], text = """
            two
            lines""" }
            after = true
            """");

        Assert.Equal(new object[] { 1L, 2L }, Array(Get(root, "t", "list")));
        Assert.Equal("two\nlines", Get(root, "t", "text"));
        Assert.Equal(true, root["after"]);
    }

    // ---- Realistic cargo files ------------------------------------------------------------------------

    [Fact]
    public void A_cargo_config()
    {
        var root = Toml.Parse("""
            # .cargo/config.toml
            [build]
            rustflags = ["-C", "target-cpu=native"]
            target-dir = "target"
            jobs = 4

            [target.x86_64-unknown-linux-gnu]
            rustflags = "-C link-arg=-fuse-ld=lld"
            linker = "clang"

            [target.'cfg(all(unix, target_arch = "x86_64"))']
            rustflags = [
                "-C", "force-frame-pointers=yes",  # for profilers
            ]

            [target."cfg(windows)"]
            rustflags = ["-C", "target-feature=+crt-static"]

            [env]
            RUST_LOG = "debug"
            OPENSSL_DIR = { value = "vendor/openssl", relative = true }
            CC = { value = "clang", force = true }

            [alias]
            b = "build"
            xtask = "run --package xtask --"
            rr = ["run", "--release"]

            [net]
            retry = 3
            git-fetch-with-cli = true
            offline = false

            [registries.my-registry]
            index = "sparse+https://my-intranet:8080/index/"
            token = { credential-provider = "cargo:token" }

            [registries]
            other = { index = "https://example.com/git/index" }
            """);

        Assert.Equal(new object[] { "-C", "target-cpu=native" }, Array(Get(root, "build", "rustflags")));
        Assert.Equal(4L, Get(root, "build", "jobs"));
        var targets = Table(root["target"]);
        Assert.Equal(new[] { "x86_64-unknown-linux-gnu", "cfg(all(unix, target_arch = \"x86_64\"))", "cfg(windows)" }, targets.Keys);
        Assert.Equal("-C link-arg=-fuse-ld=lld", Get(targets, "x86_64-unknown-linux-gnu", "rustflags"));
        Assert.Equal(new object[] { "-C", "force-frame-pointers=yes" }, Array(Get(targets, "cfg(all(unix, target_arch = \"x86_64\"))", "rustflags")));
        Assert.Equal(new object[] { "-C", "target-feature=+crt-static" }, Array(Get(targets, "cfg(windows)", "rustflags")));
        Assert.Equal("debug", Get(root, "env", "RUST_LOG"));
        Assert.Equal("vendor/openssl", Get(root, "env", "OPENSSL_DIR", "value"));
        Assert.Equal(true, Get(root, "env", "OPENSSL_DIR", "relative"));
        Assert.Equal(true, Get(root, "env", "CC", "force"));
        Assert.Equal("build", Get(root, "alias", "b"));
        Assert.Equal(new object[] { "run", "--release" }, Array(Get(root, "alias", "rr")));
        Assert.Equal(3L, Get(root, "net", "retry"));
        Assert.Equal(true, Get(root, "net", "git-fetch-with-cli"));
        Assert.Equal(false, Get(root, "net", "offline"));
        Assert.Equal("sparse+https://my-intranet:8080/index/", Get(root, "registries", "my-registry", "index"));
        Assert.Equal("cargo:token", Get(root, "registries", "my-registry", "token", "credential-provider"));
        Assert.Equal("https://example.com/git/index", Get(root, "registries", "other", "index"));
    }

    [Fact]
    public void A_cargo_manifest()
    {
        var root = Toml.Parse(""""
            [package]
            name = "calc"
            version = "0.1.0"
            edition = "2021"
            authors = ["A <a@example.com>"]
            description = """
            A calculator
            for benchmarks."""
            license = "MIT OR Apache-2.0"
            publish = false

            [lib]
            crate-type = ["cdylib", "staticlib"]
            path = "src/lib.rs"

            [[bin]]
            name = "calc-cli"
            path = "src/bin/cli.rs"

            [[bin]]
            name = "calc-bench"
            required-features = ["bench"]

            [dependencies]
            helper = { path = "../helper", features = ["x"] }
            serde = { version = "1", default-features = false }
            log = "0.4"

            [dependencies.other]
            version = "2.0"
            optional = true

            [dev-dependencies]
            criterion = { version = "0.5", features = ["html_reports"] }

            [target.'cfg(windows)'.dependencies]
            winapi = { version = "0.3", features = ["winuser"] }

            [features]
            default = ["a"]
            a = []
            bench = ["dep:other"]

            [profile.release]
            lto = "fat"
            codegen-units = 1
            opt-level = 3
            debug = false
            panic = 'abort'

            [profile.fast]
            inherits = "release"
            opt-level = "s"

            [workspace]
            members = ["a", "b"]
            resolver = "2"
            """");

        Assert.Equal("calc", Get(root, "package", "name"));
        Assert.Equal("0.1.0", Get(root, "package", "version"));
        Assert.Equal("2021", Get(root, "package", "edition"));
        Assert.Equal("A calculator\nfor benchmarks.", Get(root, "package", "description"));
        Assert.Equal(false, Get(root, "package", "publish"));
        Assert.Equal(new object[] { "cdylib", "staticlib" }, Array(Get(root, "lib", "crate-type")));
        var bins = Array(root["bin"]);
        Assert.Equal(2, bins.Count);
        Assert.Equal("calc-cli", Get(Table(bins[0]), "name"));
        Assert.Equal("calc-bench", Get(Table(bins[1]), "name"));
        Assert.Equal(new object[] { "bench" }, Array(Get(Table(bins[1]), "required-features")));
        Assert.Equal("../helper", Get(root, "dependencies", "helper", "path"));
        Assert.Equal(new object[] { "x" }, Array(Get(root, "dependencies", "helper", "features")));
        Assert.Equal("1", Get(root, "dependencies", "serde", "version"));
        Assert.Equal(false, Get(root, "dependencies", "serde", "default-features"));
        Assert.Equal("0.4", Get(root, "dependencies", "log"));
        Assert.Equal("2.0", Get(root, "dependencies", "other", "version"));
        Assert.Equal(true, Get(root, "dependencies", "other", "optional"));
        Assert.Equal("0.5", Get(root, "dev-dependencies", "criterion", "version"));
        Assert.Equal(new object[] { "winuser" }, Array(Get(root, "target", "cfg(windows)", "dependencies", "winapi", "features")));
        Assert.Equal(new object[] { "a" }, Array(Get(root, "features", "default")));
        Assert.Empty(Array(Get(root, "features", "a")));
        Assert.Equal("fat", Get(root, "profile", "release", "lto"));
        Assert.Equal(1L, Get(root, "profile", "release", "codegen-units"));
        Assert.Equal(3L, Get(root, "profile", "release", "opt-level"));
        Assert.Equal(false, Get(root, "profile", "release", "debug"));
        Assert.Equal("abort", Get(root, "profile", "release", "panic"));
        Assert.Equal("release", Get(root, "profile", "fast", "inherits"));
        Assert.Equal("s", Get(root, "profile", "fast", "opt-level"));
        Assert.Equal(new object[] { "a", "b" }, Array(Get(root, "workspace", "members")));
    }

    [Fact]
    public void A_workspace_manifest_with_inherited_keys_as_dotted_keys()
    {
        var root = Toml.Parse("""
            [workspace]
            members = [
                "crates/*",
            ]
            exclude = ["crates/legacy"]

            [workspace.package]
            version = "1.2.3"

            [workspace.dependencies]
            serde = { version = "1.0", features = ["derive"] }

            [package]
            name = "member"
            version.workspace = true
            edition.workspace = true

            [dependencies]
            serde.workspace = true
            serde.features = ["rc"]
            """);

        Assert.Equal(new object[] { "crates/*" }, Array(Get(root, "workspace", "members")));
        Assert.Equal("1.2.3", Get(root, "workspace", "package", "version"));
        Assert.Equal(true, Get(root, "package", "version", "workspace"));
        Assert.Equal(true, Get(root, "package", "edition", "workspace"));
        Assert.Equal(true, Get(root, "dependencies", "serde", "workspace"));
        Assert.Equal(new object[] { "rc" }, Array(Get(root, "dependencies", "serde", "features")));
    }

    // ---- Errors ---------------------------------------------------------------------------------------

    [Fact]
    public void The_message_says_the_line_and_column()
    {
        var error = Assert.Throws<TomlException>(() => Toml.Parse("a = 1\nb = 2\n  c = \n"));

        Assert.Equal(3, error.Line);
        Assert.Equal(7, error.Column);
        Assert.Contains("line 3, column 7", error.Message);
        Assert.Contains("expected a value", error.Message);
    }

    [Theory]
    [InlineData("a = 1\na = 2", 2)]
    [InlineData("a = 1\n\"a\" = 2", 2)]
    [InlineData("a = 1\n'a' = 2", 2)]
    [InlineData("[t]\nx = 1\ny = 2\nx = 3", 4)]
    [InlineData("a.b = 1\na.b = 2", 2)]
    [InlineData("a = { b = 1, b = 2 }", 1)]
    public void Duplicate_keys_are_errors(string toml, int line)
    {
        var error = Assert.Throws<TomlException>(() => Toml.Parse(toml));

        Assert.Equal(line, error.Line);
        Assert.Contains("duplicate key", error.Message);
    }

    [Fact]
    public void Redefining_a_table_is_an_error()
    {
        AssertError("""
            [fruit]
            apple = "red"

            [fruit]
            orange = "orange"
            """, 4);
        AssertError("""
            [fruit]
            apple = "red"

            [fruit.apple]
            texture = "smooth"
            """, 4);
    }

    [Fact]
    public void A_super_table_may_be_defined_after_its_sub_table_only_once()
    {
        AssertError("""
            [a.b]
            c = 1
            [a]
            d = 2
            [a]
            e = 3
            """, 5);
    }

    [Fact]
    public void Headers_cannot_define_tables_made_by_dotted_keys()
    {
        AssertError("""
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            [fruit.apple]
            """, 5);
        AssertError("""
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            [fruit.apple.taste]
            """, 5);
        AssertError("""
            a.b = 1
            [a]
            """, 2);
    }

    [Fact]
    public void Dotted_keys_cannot_add_to_a_table_defined_by_a_header()
    {
        AssertError("""
            [a.b.c]
            z = 9

            [a]
            b.c.t = "not allowed"
            """, 5);
        AssertError("""
            [a.b.c.d]
            z = 9

            [a]
            b.c.d.k.t = "not allowed"
            """, 5);
    }

    [Fact]
    public void Inline_tables_cannot_be_extended()
    {
        AssertError("""
            [product]
            type = { name = "Nail" }
            type.edible = false
            """, 3);
        AssertError("""
            [product]
            type = { name = "Nail" }

            [product.type]
            edible = false
            """, 4);
        AssertError("""
            a = { b = { c = 1 } }
            [a.b.d]
            """, 2);
        AssertError("""
            a = { b.c = 1 }
            [a.b]
            """, 2);
        AssertError("""
            a = { b = { c = 1 }, b.d = 2 }
            """, 1);
    }

    [Fact]
    public void Static_arrays_and_arrays_of_tables_do_not_mix()
    {
        AssertError("""
            fruits = []

            [[fruits]]
            """, 3);
        AssertError("""
            fruits = [{ name = "apple" }]

            [fruits.physical]
            """, 3);
        AssertError("""
            [[fruits]]
            name = "apple"

            [fruits]
            """, 4);
        AssertError("""
            [fruit.physical]
            color = "red"

            [[fruit]]
            """, 4);
        AssertError("""
            [[a.b]]

            [a]
            b.y = 2
            """, 4);
    }

    [Theory]
    [InlineData("a = 1\na.b = 2", 2)]
    [InlineData("a = 1\n[a]", 2)]
    [InlineData("a = 1\n[a.b]", 2)]
    [InlineData("a = \"x\"\n[[a]]", 2)]
    public void Values_cannot_become_tables(string toml, int line)
    {
        AssertError(toml, line);
    }

    [Theory]
    [InlineData("s = \"no end\nt = 1", 1)]
    [InlineData("a = 1\ns = \"no end", 2)]
    [InlineData("s = 'no end\nt = 1", 1)]
    [InlineData("a = 1\ns = 'no end", 2)]
    [InlineData("a = 1\ns = \"\"\"\nno\nend\n", 2)]
    [InlineData("a = 1\ns = '''\nno\nend\n", 2)]
    [InlineData("a = 1\ns = \"\"\"ends with an escaped quote\\\"\"\"", 2)]
    [InlineData("s = \"escape at the end\\", 1)]
    public void Unterminated_strings_are_errors(string toml, int line)
    {
        var error = AssertError(toml, line);

        Assert.Contains("unterminated", error.Message);
    }

    [Theory]
    [InlineData("a = [1, 2\nb = 3", 2)]
    [InlineData("a = [1 2]", 1)]
    [InlineData("a = [,]", 1)]
    [InlineData("a = [1,,2]", 1)]
    [InlineData("x = 1\na = { b = 1", 2)]
    [InlineData("a = { b = 1,\nc = 2 }", 1)]
    [InlineData("a = {\nb = 1 }", 1)]
    [InlineData("a = { b = 1, }", 1)]
    [InlineData("a = { b = 1 # comment\n}", 1)]
    [InlineData("a = { b = 1 c = 2 }", 1)]
    public void Malformed_arrays_and_inline_tables_are_errors(string toml, int line)
    {
        AssertError(toml, line);
    }

    [Theory]
    [InlineData("a = 1\nkey", 2)]
    [InlineData("a = 1\nkey value", 2)]
    [InlineData("a = 1\nkey : 1", 2)]
    [InlineData("a = 1\n= 1", 2)]
    [InlineData("a = 1\nb =", 2)]
    [InlineData("a = 1\nb = # no value", 2)]
    [InlineData("a = 1 b = 2", 1)]
    [InlineData("[t] a = 1", 1)]
    [InlineData("a = \"x\" \"y\"", 1)]
    [InlineData("a = hello", 1)]
    [InlineData("a.= 1", 1)]
    [InlineData(".a = 1", 1)]
    [InlineData("a..b = 1", 1)]
    [InlineData("\"\"\"key\"\"\" = 1", 1)]
    [InlineData("ключ = 1", 1)]
    [InlineData("a b = 1", 1)]
    public void Malformed_key_value_pairs_are_errors(string toml, int line)
    {
        AssertError(toml, line);
    }

    [Theory]
    [InlineData("[a", 1)]
    [InlineData("[]", 1)]
    [InlineData("[a.]", 1)]
    [InlineData("x = 1\n[[a]", 2)]
    [InlineData("[[a] ]", 1)]
    [InlineData("[ [a] ]", 1)]
    [InlineData("[a]]", 1)]
    [InlineData("[a b]", 1)]
    [InlineData("x = 1\n[a] x", 2)]
    public void Malformed_headers_are_errors(string toml, int line)
    {
        AssertError(toml, line);
    }

    [Theory]
    [InlineData("a = \"bell\u0007\"", 1)]
    [InlineData("a = 'null\u0000'", 1)]
    [InlineData("a = 1\nb = \"\"\"del\u007F\"\"\"", 2)]
    [InlineData("a = 1\nb = '''form\u000Cfeed'''", 2)]
    [InlineData("a = 1 # escape \u001B in a comment", 1)]
    [InlineData("a = 1\n\u0001 = 2", 2)]
    [InlineData("a = 1\rb = 2", 1)]
    [InlineData("a = 1\nb = \"\"\"lone\rcarriage return\"\"\"", 2)]
    [InlineData("a = 1\nb = \"carriage return\r\"", 2)]
    public void Control_characters_where_toml_forbids_them_are_errors(string toml, int line)
    {
        AssertError(toml, line);
    }

    [Fact]
    public void Tabs_are_allowed_in_strings_and_comments_and_as_whitespace()
    {
        var root = Toml.Parse("\ta\t=\t\"x\ty\"\t#\tcomment\n[\tt\t]\nb = '''\t'''");

        Assert.Equal("x\ty", root["a"]);
        Assert.Equal("\t", Get(root, "t", "b"));
    }

    [Fact]
    public void Absurd_nesting_is_an_error_not_a_stack_overflow()
    {
        var error = Assert.Throws<TomlException>(() => Toml.Parse("a = " + new string('[', 100_000)));

        Assert.Equal(1, error.Line);
    }

    // ---- Helpers --------------------------------------------------------------------------------------

    private static TomlException AssertError(string toml, int line)
    {
        var error = Assert.Throws<TomlException>(() => Toml.Parse(toml));
        Assert.Equal(line, error.Line);
        Assert.Contains($"line {line}, column {error.Column}", error.Message);
        return error;
    }

    private static object Get(Dictionary<string, object> table, params string[] path)
    {
        object value = table;
        foreach (var key in path)
        {
            var current = Table(value);
            Assert.True(current.ContainsKey(key), $"no key '{key}' among: {string.Join(", ", current.Keys)}");
            value = current[key];
        }
        return value;
    }

    private static Dictionary<string, object> Table(object value) => Assert.IsType<Dictionary<string, object>>(value);

    private static List<object> Array(object value) => Assert.IsType<List<object>>(value);
}
