using System.Diagnostics;
using System.Linq;
using System.Text;
using RustPgo.Sdk.Tasks.Processes;
using Xunit;

namespace RustPgo.Sdk.Tests.Processes;

public class CommandLineTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("--manifest-path", "--manifest-path")]
    [InlineData(@"C:\no\spaces\", @"C:\no\spaces\")]
    [InlineData("", "\"\"")]
    [InlineData("a b", "\"a b\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"C:\My Dir\", "\"C:\\My Dir\\\\\"")]
    [InlineData("a\\\"b", "\"a\\\\\\\"b\"")]
    public void Quote_follows_the_msvc_rules(string argument, string expected) =>
        Assert.Equal(expected, CommandLine.Quote(argument));

    public static TheoryData<string[]> RoundTripCases => new()
    {
        new[] { "plain", "two words", "" },
        new[] { "/tmp/rustpgo tests/ünï/calc/Cargo.toml" },
        new[] { "say \"hi\"", "\"", "\"\"" },
        new[] { @"trailing\", @"trailing two\\", @"with space\", @"with space two\\" },
        new[] { "a\\\"b", "\\\"", "\\\\\"x" },
        new[] { "tab\there", "  lead and trail  " },
        new[] { "--config", "build.rustflags=['-C', 'x']" },
    };

    /// <summary>
    /// The real round trip: .NET splits a ProcessStartInfo.Arguments string the way the SDK relies on;
    /// printf prints each argument it received, NUL-terminated.
    /// </summary>
    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void Joined_arguments_reach_the_child_process_unchanged(string[] arguments)
    {
        var startInfo = new ProcessStartInfo("printf", CommandLine.Join(new[] { "%s\\0" }.Concat(arguments)))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        var received = output.Split('\0');
        Assert.Equal(arguments, received.Take(received.Length - 1));
    }
}
