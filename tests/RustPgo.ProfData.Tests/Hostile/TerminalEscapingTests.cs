using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests.Hostile;

/// <summary>What <c>rustpgo</c> prints of a profile's names reaches the terminal without a control character.</summary>
public class TerminalEscapingTests
{
    [Theory]
    [InlineData("\u001b]0;pwned\u0007", @"\x1b]0;pwned\x07")]
    [InlineData("a\r\nb\tc\0", @"a\x0d\x0ab\x09c\x00")]
    [InlineData("del\u007f c1\u0085\u009b", @"del\x7f c1\x85\x9b")]
    [InlineData("rtl\u202eltr\u202d iso\u2066\u2069 mark\u200e\u200f\u061c", @"rtl\u{202e}ltr\u{202d} iso\u{2066}\u{2069} mark\u{200e}\u{200f}\u{061c}")]
    [InlineData("line\u2028para\u2029", @"line\u{2028}para\u{2029}")]
    [InlineData(@"back\slash é 日本 `|<>[]()", @"back\slash é 日本 `|<>[]()")]
    public void ControlCharactersAreWrittenAsEscapes(string name, string expected)
    {
        Assert.Equal(expected, NameText.Escape(name));
    }

    [Fact]
    public void APlainNameIsReturnedAsItIs()
    {
        var name = "pgofixture.5bd41e5d5d12f878-cgu.0;_ZN10pgofixture7collatz17h727852d1e03d24d8E";
        Assert.Same(name, NameText.Escape(name));
    }

    [Fact]
    public void ShowEscapesFunctionNamesIndirectCallTargetsAndTopN()
    {
        var folder = Fixtures.TempDirectory();
        var input = Path.Combine(folder, "targets.profraw");
        File.WriteAllBytes(input, ProfileWithIndirectCallTo("\u001b[2J\u001b[31mcallee\u0007"));

        foreach (var demangle in new[] { false, true })
        {
            var args = new List<string> { "show", "--all-functions", "--ic-targets", "--topn=2", input };
            if (demangle)
            {
                args.Insert(1, "--demangle");
            }
            var (code, stdout, stderr) = Fixtures.RunTool(args.ToArray());

            Assert.Equal(0, code);
            HostileInputTests.AssertPrintable(stdout);
            Assert.Contains(@"  \x1b[2J\x1b[31mcallee\x07:", stdout);
            Assert.Contains(@"[  0, \x1b[2J\x1b[31mcallee\x07,          7 ]", stdout);
            Assert.Contains(@"  \x1b[2J\x1b[31mcallee\x07, max count = 7", stdout);
            Assert.Empty(stderr);
        }
    }

    [Fact]
    public void RawNameBytesThatAreNotUtf8AreShownEscaped()
    {
        var folder = Fixtures.TempDirectory();
        var input = Path.Combine(folder, "bytes.profraw");
        File.WriteAllBytes(input, HostileProfiles.ProfileWithNameBytes(new byte[] { 0xff, 0x1b, (byte)'[', (byte)'2', (byte)'J', 0xc2, 0x9b, (byte)'m' }));

        var (code, stdout, _) = Fixtures.RunTool("show", "--all-functions", input);

        Assert.Equal(0, code);
        HostileInputTests.AssertPrintable(stdout);
        Assert.Contains("  \ufffd\\x1b[2J\\x9bm:\n", stdout);
    }

    [Fact]
    public void MergeWarningsAndErrorsEscapeNamesAndPaths()
    {
        var folder = Fixtures.TempDirectory();
        const string Name = "evil\u001b]2;title\u0007";
        var one = Path.Combine(folder, "one.profraw");
        var two = Path.Combine(folder, "two.profraw");
        File.WriteAllBytes(one, new RawProfileBuilder().WithNames(Name).Also(b => b.Add(Name, 1, 5)).Build());
        File.WriteAllBytes(two, new RawProfileBuilder().WithNames(Name).Also(b => b.Add(Name, 1, 5, 6)).Build());

        // Two builds (one function's counter count differs): merged anyway, to reach the per-function warning.
        var (code, _, stderr) = Fixtures.RunTool("merge", "--allow-mixed-builds", "-o", Path.Combine(folder, "out.profdata"), one, two);

        Assert.Equal(0, code);
        HostileInputTests.AssertPrintable(stderr);
        Assert.Contains(@"evil\x1b]2;title\x07: function basic block count change detected (counter mismatch)", stderr);

        var missing = Path.Combine(folder, "\u001b[2Jmissing.profraw");
        (code, _, stderr) = Fixtures.RunTool("merge", "-o", Path.Combine(folder, "out2.profdata"), missing);
        Assert.Equal(1, code);
        HostileInputTests.AssertPrintable(stderr);
        Assert.Contains(@"\x1b[2Jmissing.profraw: no such file or directory", stderr);
    }

    [Fact]
    public void ShowOutputFileIsWrittenAtomically()
    {
        var folder = Fixtures.TempDirectory();
        var output = Path.Combine(folder, "show.txt");
        File.WriteAllText(output, "old");

        var (code, stdout, _) = Fixtures.RunTool("show", "--all-functions", "-o", output, Fixtures.PathOf("merged.profdata"));

        Assert.Equal(0, code);
        Assert.Empty(stdout);
        Assert.Equal(Fixtures.Text("merged.profdata.show.txt").Split('\n')[0], File.ReadAllText(output).Split('\n')[0]);
        Assert.Equal(new[] { output }, Directory.GetFiles(folder)); // no temporary file left beside it

        // A failed show leaves the old file as it was, and nothing else.
        File.WriteAllText(output, "old");
        (code, _, _) = Fixtures.RunTool("show", "-o", output, Path.Combine(folder, "missing.profdata"));
        Assert.Equal(1, code);
        Assert.Equal("old", File.ReadAllText(output));
        Assert.Equal(new[] { output }, Directory.GetFiles(folder));

        // Over a directory: an error, no temporary file; into a missing folder: an error, no folder made.
        var directory = Path.Combine(folder, "dir");
        Directory.CreateDirectory(directory);
        (code, _, _) = Fixtures.RunTool("show", "-o", directory, Fixtures.PathOf("merged.profdata"));
        Assert.Equal(1, code);
        Assert.Equal(new[] { output }, Directory.GetFiles(folder));
        (code, _, _) = Fixtures.RunTool("show", "-o", Path.Combine(folder, "no", "show.txt"), Fixtures.PathOf("merged.profdata"));
        Assert.Equal(1, code);
        Assert.False(Directory.Exists(Path.Combine(folder, "no")));
    }

    // A caller whose one value site calls a function named calleeName (mapped through its function pointer).
    private static byte[] ProfileWithIndirectCallTo(string calleeName)
    {
        const string Caller = "crate.1-cgu.0;_ZN5crate6caller17h0123456789abcdefE";
        var builder = new RawProfileBuilder().WithNames(Caller, calleeName);
        var caller = builder.Add(Caller, 1, 3, 4);
        caller.IndirectCallSites = 1;
        var callee = builder.Add(calleeName, 2, 7);
        callee.FunctionPointer = 0x5000;
        builder.ValueData.Write(RawProfileBuilder.ValueBlob((0, new[] { new (ulong, ulong)[] { (0x5000, 7) } })));
        return builder.Build();
    }
}

internal static class BuilderExtensions
{
    public static RawProfileBuilder Also(this RawProfileBuilder builder, Action<RawProfileBuilder> action)
    {
        action(builder);
        return builder;
    }
}
