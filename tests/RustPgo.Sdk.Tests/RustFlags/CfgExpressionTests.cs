using RustPgo.Sdk.Tasks.RustFlags;
using Xunit;

namespace RustPgo.Sdk.Tests.RustFlags;

public class CfgExpressionTests
{
    private static readonly string[] Linux = { "unix", "debug_assertions", "target_os=\"linux\"", "target_arch=\"x86_64\"", "target_feature=\"sse2\"" };

    [Theory]
    [InlineData("cfg(unix)", true)]
    [InlineData("cfg(windows)", false)]
    [InlineData("cfg(target_os = \"linux\")", true)]
    [InlineData("cfg(target_os=\"macos\")", false)]
    [InlineData("cfg(all(unix, target_arch = \"x86_64\"))", true)]
    [InlineData("cfg(all(unix, target_arch = \"aarch64\"))", false)]
    [InlineData("cfg(any(windows, target_feature = \"sse2\"))", true)]
    [InlineData("cfg(not(windows))", true)]
    [InlineData("cfg(all())", true)]
    [InlineData("cfg(any())", false)]
    [InlineData("cfg(all(not(any(windows, target_os = \"macos\")), unix,))", true)]
    public void Evaluates_against_rustc_print_cfg(string expression, bool expected) =>
        Assert.Equal(expected, CfgExpression.Matches(expression, Linux));

    [Theory]
    [InlineData("cfg(unix")]
    [InlineData("cfg(not(unix, windows))")]
    [InlineData("cfg(target_os = \"linux)")]
    [InlineData("cfg(unix) extra")]
    public void Malformed_expressions_throw(string expression) =>
        Assert.Throws<System.FormatException>(() => CfgExpression.Matches(expression, Linux));
}
