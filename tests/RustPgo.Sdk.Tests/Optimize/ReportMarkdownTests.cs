using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Optimize;
using RustPgo.Sdk.Tasks.Train;
using Xunit;

namespace RustPgo.Sdk.Tests.Optimize;

/// <summary>
/// Function names reach the report's Markdown from a profile that anyone can write (a checked-in one in a pull
/// request): each is escaped for where it goes, a code span or a table cell, so that none ends its span, splits its
/// row, starts a link or carries HTML.
/// </summary>
public class ReportMarkdownTests
{
    [Theory]
    [InlineData("core::ptr::drop_in_place<alloc::vec::Vec<u8>>", "`core::ptr::drop_in_place<alloc::vec::Vec<u8>>`")]
    [InlineData("evil::tick`pipe", "``evil::tick`pipe``")]
    [InlineData("a``b`", "``` a``b` ```")]
    [InlineData("`start", "`` `start ``")]
    [InlineData(" both ", "`  both  `")]
    [InlineData(" left", "` left`")]
    [InlineData("x|y", "`x|y`")]
    [InlineData("line\nfeed\r", @"`line\x0afeed\x0d`")]
    [InlineData("<script>alert(1)</script>", "`<script>alert(1)</script>`")]
    [InlineData("[x](https://example.com/y)", "`[x](https://example.com/y)`")]
    [InlineData("\u001b]0;title\u0007", @"`\x1b]0;title\x07`")]
    public void A_code_span_holds_the_name_verbatim(string name, string expected)
    {
        Assert.Equal(expected, MarkdownText.Code(name));
    }

    [Theory]
    [InlineData("x|y", @"`x\|y`")]
    [InlineData("a|b`c", @"``a\|b`c``")]
    [InlineData(@"back\|slash", @"`back\\|slash`")]
    public void In_a_table_cell_a_code_span_escapes_pipes(string name, string expected)
    {
        Assert.Equal(expected, MarkdownText.Code(name, inTable: true));
    }

    [Theory]
    [InlineData("training 1", "training 1")]
    [InlineData("<script>alert(1)</script>", @"\<script\>alert\(1\)\<\/script\>")]
    [InlineData("[x](y)", @"\[x\]\(y\)")]
    [InlineData("a|b", @"a\|b")]
    [InlineData("*em* _em_ # &amp;", @"\*em\* \_em\_ \# \&amp\;")]
    [InlineData("line\nfeed", @"line\\x0afeed")]
    public void Plain_text_has_every_metacharacter_escaped(string text, string expected)
    {
        Assert.Equal(expected, MarkdownText.Text(text));
    }

    [Fact]
    public void Names_in_the_report_keep_tables_and_lists_intact()
    {
        string[] names =
        {
            "_ZN4evil18tick$u60$pipe$u7c$17h0123456789abcdefE", // evil::tick`pipe|
            "_ZN4evil13line$u0a$feed17h0123456789abcdefE", // evil::line<LF>feed
            "<script>alert(1)</script>",
            "[x](https://example.com/y)",
            "a|b`c``d",
            "\u001b]0;pwned\u0007",
        };
        var records = names.Select((n, i) => new ProfileRecord(Encoding.UTF8.GetBytes(n), (ulong)i, new[] { (ulong)(i + 1) * 10, 0UL }))
            .Concat(names.Select((n, i) => new ProfileRecord(Encoding.UTF8.GetBytes("cold" + n), (ulong)i, new[] { 0UL })))
            .ToList();
        var warnings = names.Select(n => $"crate-cgu.0: function control flow change detected (hash mismatch) {n} Hash = 1 up to 2 count discarded")
            .Concat(names.Select(n => $"crate-cgu.0: no profile data available for function {n} Hash = 1 up to 0 count discarded"));
        var diagnostics = new ProfileUseDiagnostics(warnings, "/p.profdata");
        var summary = new CrateSummary("evil", null, diagnostics.Mismatched.Count, diagnostics.Missing.Count, "checked-in profile", 1000);
        var task = new WritePgoReports { TopFunctions = 20 };

        var report = task.Report("evil", summary, "/obj/p|a`th.profdata", records, diagnostics, new List<TrainedRawProfile>());
        var lines = report.Replace("\r\n", "\n").Split('\n');

        foreach (var c in report)
            Assert.False((char.IsControl(c) && c != '\n' && c != '\r') || c == '\u2028' || c == '\u2029' || c is >= '\u202a' and <= '\u202e', $"raw U+{(int)c:X4} in the report");
        var hottest = lines.SkipWhile(l => !l.StartsWith("| # | Function", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.Equal(2 * names.Length, hottest.Count); // the cold ones rank last, with 0
        foreach (var row in hottest)
        {
            Assert.Equal(6, UnescapedPipes(row)); // five cells, however the name reads
            AssertNothingOutsideCodeSpans(row);
        }
        Assert.Contains(@"| ``evil::tick`pipe\|`` |", report);
        Assert.Contains(@"| `evil::line\x0afeed` |", report);
        Assert.Contains(@"| ```a\|b`c``d``` |", report);
        Assert.Contains(@"| `pwned\x07` |", report); // the demangler drops what precedes a ';' (a module prefix)

        var items = lines.Where(l => l.StartsWith("- ", StringComparison.Ordinal) && !l.StartsWith("- Profile", StringComparison.Ordinal) && !l.StartsWith("- Generated", StringComparison.Ordinal)).ToList();
        Assert.Equal(3 * names.Length, items.Count); // hash mismatch, no data, never ran: one line each
        foreach (var item in items)
            AssertNothingOutsideCodeSpans(item.Substring(2));
        Assert.Contains("- `<script>alert(1)</script>`: changed since the training (hash mismatch)", lines);
        Assert.Contains("- `[x](https://example.com/y)`: not in the profile", lines);
        Assert.Contains("- `cold_ZN4evil18tick$u60$pipe$u7c$17h0123456789abcdefE`", lines);
        Assert.Contains("- Profile: ``/obj/p|a`th.profdata``", lines);
    }

    [Fact]
    public void The_never_run_list_keeps_only_the_first_names_in_order()
    {
        var names = Enumerable.Range(0, 1000).Select(i => $"f{(i * 7919) % 1000:D4}").Concat(new[] { "f0001", "a" }).ToList();

        var (count, first) = WritePgoReports.FirstInOrder(names, 100);

        Assert.Equal(1002, count);
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal).Take(100), first);
    }

    private static int UnescapedPipes(string row) =>
        row.Where((c, i) => c == '|' && (i == 0 || row[i - 1] != '\\')).Count();

    // Outside its code spans a line may hold no '<' or '[' that Markdown would read as HTML or a link.
    private static void AssertNothingOutsideCodeSpans(string line)
    {
        var outside = new StringBuilder();
        for (var i = 0; i < line.Length;)
        {
            if (line[i] != '`')
            {
                outside.Append(line[i++]);
                continue;
            }
            var run = 0;
            while (i + run < line.Length && line[i + run] == '`')
                run++;
            var close = i + run;
            while (true)
            {
                close = line.IndexOf(new string('`', run), close, StringComparison.Ordinal);
                Assert.True(close >= 0, $"an unclosed code span in: {line}");
                var end = close + run;
                if ((close == 0 || line[close - 1] != '`') && (end == line.Length || line[end] != '`'))
                    break;
                close = end;
                while (close < line.Length && line[close] == '`')
                    close++;
            }
            i = close + run;
        }
        Assert.DoesNotContain("<", outside.ToString());
        Assert.DoesNotContain("[", outside.ToString());
    }
}
