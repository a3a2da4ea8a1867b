using RustPgo.Sdk.Tasks.Cargo;
using Xunit;

namespace RustPgo.Sdk.Tests.Cargo;

public class DepInfoTests
{
    [Fact]
    public void Reads_the_dependencies_of_the_first_rule()
    {
        const string text = "/t/debug/libcalc.so: /w/calc/src/lib.rs /w/calc/src/ops.rs\n\n/w/calc/src/lib.rs:\n/w/calc/src/ops.rs:\n";
        Assert.Equal(new[] { "/w/calc/src/lib.rs", "/w/calc/src/ops.rs" }, DepInfo.ParseDependencies(text));
    }

    [Fact]
    public void Escaped_spaces_stay_inside_one_path()
    {
        const string text = @"/tmp/rustpgo\ tests/ünï/t/libcalc.so: /tmp/rustpgo\ tests/ünï/calc/src/lib.rs /tmp/a\ b\ c/x.rs" + "\n";
        Assert.Equal(new[] { "/tmp/rustpgo tests/ünï/calc/src/lib.rs", "/tmp/a b c/x.rs" }, DepInfo.ParseDependencies(text));
    }

    [Fact]
    public void Continuation_lines_continue_the_rule()
    {
        const string text = "/t/libcalc.so: /w/a.rs \\\n  /w/b.rs \\\n  /w/c.rs\n\n/w/a.rs:\n";
        Assert.Equal(new[] { "/w/a.rs", "/w/b.rs", "/w/c.rs" }, DepInfo.ParseDependencies(text));
    }

    [Fact]
    public void Windows_drive_colons_are_not_the_target_separator()
    {
        const string text = @"C:\work\t\debug\calc.dll: C:\work\calc\src\lib.rs D:\shared\helper\src\lib.rs" + "\n\n" + @"C:\work\calc\src\lib.rs:" + "\n";
        Assert.Equal(new[] { @"C:\work\calc\src\lib.rs", @"D:\shared\helper\src\lib.rs" }, DepInfo.ParseDependencies(text));
    }

    [Fact]
    public void Windows_paths_with_escaped_spaces()
    {
        const string text = @"C:\My\ Work\calc.dll: C:\My\ Work\calc\src\lib.rs" + "\n";
        Assert.Equal(new[] { @"C:\My Work\calc\src\lib.rs" }, DepInfo.ParseDependencies(text));
    }

    [Fact]
    public void Only_the_first_of_several_rules_counts()
    {
        const string text = "/t/libcalc.so: /w/lib.rs\n/t/libcalc.rlib: /w/other.rs\n/w/lib.rs:\n";
        Assert.Equal(new[] { "/w/lib.rs" }, DepInfo.ParseDependencies(text));
    }

    [Fact]
    public void Escaped_backslash_and_hash()
    {
        const string text = @"/t/x.so: /w/a\\b.rs /w/c\#d.rs" + "\n";
        Assert.Equal(new[] { @"/w/a\b.rs", "/w/c#d.rs" }, DepInfo.ParseDependencies(text));
    }

    [Fact]
    public void Empty_text_and_a_rule_without_dependencies_give_none()
    {
        Assert.Empty(DepInfo.ParseDependencies(""));
        Assert.Empty(DepInfo.ParseDependencies("/t/x.so:\n"));
    }
}
