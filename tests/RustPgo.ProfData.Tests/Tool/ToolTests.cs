using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>rustpgo's command line: exit codes and the error line format.</summary>
public class ToolTests
{
    [Theory]
    [InlineData("")]
    [InlineData("frobnicate")]
    [InlineData("merge")]
    [InlineData("merge -o /tmp/x.profdata")]
    [InlineData("merge -o /tmp/x.profdata --weighted-input=0,a.profraw")]
    [InlineData("merge -o /tmp/x.profdata --no-such-flag a.profraw")]
    [InlineData("show")]
    [InlineData("show --topn=x a.profraw")]
    public void BadUsageExitsWithOne(string commandLine)
    {
        var (code, _, stderr) = Fixtures.RunTool(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(1, code);
        Assert.NotEmpty(stderr);
    }

    [Fact]
    public void MergeOfMissingInputNamesTheFile()
    {
        var (code, _, stderr) = Fixtures.RunTool("merge", "-o", Path.Combine(Fixtures.TempDirectory(), "o.profdata"), "/nonexistent/a.profraw");

        Assert.Equal(1, code);
        Assert.Equal("rustpgo: error: /nonexistent/a.profraw: no such file or directory\n", stderr);
    }

    [Fact]
    public void ShowFunctionFiltersBySubstring()
    {
        var (code, stdout, _) = Fixtures.RunTool("show", "--function=collatz", "--counts", Fixtures.PathOf("variant.profdata"));

        Assert.Equal(0, code);
        Assert.Contains("Functions shown: 2\n", stdout);
        Assert.Contains("Block counts: [1042, 49, 723]", stdout);
    }

    [Fact]
    public void ShowCanDemangle()
    {
        var (_, stdout, _) = Fixtures.RunTool("show", "--topn=2", "--demangle", Fixtures.PathOf("merged.profdata"));

        Assert.Contains("  pgofixture::collatz, max count = 9434\n", stdout);
        Assert.Contains("  pgofixture::main, max count = 8190\n", stdout);
    }

    [Fact]
    public void WarnFailureModeSkipsACorruptInput()
    {
        var folder = Fixtures.TempDirectory();
        var corrupt = Path.Combine(folder, "bad.profraw");
        File.WriteAllBytes(corrupt, new byte[] { 1, 2, 3 });
        var output = Path.Combine(folder, "out.profdata");

        var (code, _, stderr) = Fixtures.RunTool("merge", "--failure-mode=warn", "-o", output, Fixtures.PathOf("math.profraw"), corrupt);

        Assert.Equal(0, code);
        Assert.Contains("rustpgo: warning: " + corrupt, stderr);
        Assert.Equal(Fixtures.Bytes("single.profdata"), File.ReadAllBytes(output));
    }

    [Fact]
    public void StatisticsCountCoveredFunctions()
    {
        var profile = IndexedProfileReader.Read(Fixtures.PathOf("merged.profdata"));

        Assert.Equal(21, ProfileStatistics.TotalFunctions(profile));
        Assert.Equal(19, ProfileStatistics.FunctionsWithNonZeroEntry(profile));
        var hottest = ProfileStatistics.Hottest(profile.Records, 1, HotnessMeasure.EntryCount);
        Assert.Equal(9434UL, Assert.Single(hottest).Count);
    }
}
