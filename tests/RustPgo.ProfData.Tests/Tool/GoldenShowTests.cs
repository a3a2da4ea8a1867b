using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>Our show output must equal llvm-profdata-22's text for the same flags.</summary>
public class GoldenShowTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var profile in new[] { "math.profraw", "shapes.profraw", "variant.profraw", "merged.profdata", "weighted.profdata", "mixed.profdata", "variant.profdata" })
        {
            data.Add(profile, "show");
            data.Add(profile, "show-values");
            data.Add(profile, "topn");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ShowMatchesLlvmProfdata(string profile, string variant)
    {
        var flags = variant switch
        {
            "show" => new[] { "--all-functions", "--counts" },
            "show-values" => new[] { "--all-functions", "--counts", "--ic-targets", "--memop-sizes" },
            _ => new[] { "--topn=5" },
        };
        var (code, stdout, stderr) = Fixtures.RunTool(new[] { "show" }.Concat(flags).Append(Fixtures.PathOf(profile)).ToArray());

        Assert.True(code == 0, stderr);
        Assert.Equal(Fixtures.Text($"{profile}.{variant}.txt"), stdout);
    }

    [Fact]
    public void ShowOfMissingFileFailsWithToolError()
    {
        var (code, _, stderr) = Fixtures.RunTool("show", "/nonexistent/file.profdata");

        Assert.Equal(1, code);
        Assert.StartsWith("rustpgo: error: /nonexistent/file.profdata", stderr);
    }
}
