using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using RustPgo.Sdk.Tasks.Diagnostics;
using Xunit;

namespace RustPgo.Sdk.Tests.Diagnostics;

/// <summary>Every coded error the SDK raises is in the README's table with its fix, and nothing else is.</summary>
public class CodesTests
{
    private static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "sdk", "RustPgo.Sdk.Pack.csproj")))
                    return dir.FullName;
            throw new InvalidOperationException("repository root not found");
        }
    }

    private static string[] CodeConstants() =>
        typeof(Codes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToArray();

    [Fact]
    public void The_readme_lists_exactly_the_codes_the_sdk_raises()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot, "README.md"));
        var documented = Regex.Matches(readme, @"^\| (RUSTPGO\d{3}) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(documented.Distinct().Count(), documented.Count);
        Assert.Equal(CodeConstants().OrderBy(c => c), documented.OrderBy(c => c));
    }

    [Fact]
    public void Each_code_names_one_cause()
    {
        var codes = CodeConstants();
        Assert.Equal(codes.Length, codes.Distinct().Count());
    }

    /// <summary>Errors are raised by the tasks, which own their codes; the targets hold none.</summary>
    [Fact]
    public void The_targets_raise_no_coded_error_of_their_own()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot, "sdk", "Sdk")))
            Assert.DoesNotContain("RUSTPGO", File.ReadAllText(file));
    }
}
