using Xunit;

namespace RustPgoLib.Tests;

/// <summary>The library's tests, and the PGO training workload of its crate: make them exercise it as real use does.</summary>
public class TokenizerTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("one", 1)]
    [InlineData("  two\twords\n", 2)]
    public void Counts_words(string text, int expected) => Assert.Equal(expected, Tokenizer.CountWords(text));

    [Fact]
    public void Counts_a_long_text()
    {
        var text = string.Join(' ', Enumerable.Range(0, 20_000).Select(i => "word" + i));
        for (var i = 0; i < 20; i++)
            Assert.Equal(20_000, Tokenizer.CountWords(text));
    }
}
