using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>
/// AtomicFile, which the writer and the MSBuild tasks write through: whole files or none, no temporary files left.
/// (That WriteAllBytes, under IndexedProfileWriter.Write, does not create a missing folder is checked in FuzzTests.)
/// </summary>
public class AtomicFileTests
{
    [Fact]
    public void TextLinesAndCopiesReplaceExistingFiles()
    {
        var folder = Fixtures.TempDirectory();
        var text = Path.Combine(folder, "text.txt");
        var lines = Path.Combine(folder, "lines.txt");
        var copy = Path.Combine(folder, "copy.profdata");
        foreach (var path in new[] { text, lines, copy })
        {
            File.WriteAllText(path, "old contents");
        }

        AtomicFile.WriteAllText(text, "new\ncontents");
        AtomicFile.WriteAllLines(lines, new[] { "a", "b" });
        AtomicFile.Copy(Fixtures.PathOf("merged.profdata"), copy);

        Assert.Equal("new\ncontents", File.ReadAllText(text));
        Assert.Equal("a" + Environment.NewLine + "b" + Environment.NewLine, File.ReadAllText(lines));
        Assert.Equal(Fixtures.Bytes("merged.profdata"), File.ReadAllBytes(copy));
        Assert.Equal(new[] { copy, lines, text }, Directory.GetFiles(folder).OrderBy(f => f, StringComparer.Ordinal));
    }

    [Fact]
    public void TextWritersCopyAndTempSiblingCreateTheFolder()
    {
        var folder = Fixtures.TempDirectory();

        AtomicFile.WriteAllText(Path.Combine(folder, "a", "text.txt"), "text");
        AtomicFile.WriteAllLines(Path.Combine(folder, "b", "lines.txt"), new[] { "line" });
        AtomicFile.Copy(Fixtures.PathOf("single.profdata"), Path.Combine(folder, "c", "copy.profdata"));
        var temp = AtomicFile.TempSibling(Path.Combine(folder, "d", "out.profdata"));

        Assert.Equal("text", File.ReadAllText(Path.Combine(folder, "a", "text.txt")));
        Assert.Equal("line" + Environment.NewLine, File.ReadAllText(Path.Combine(folder, "b", "lines.txt")));
        Assert.Equal(Fixtures.Bytes("single.profdata"), File.ReadAllBytes(Path.Combine(folder, "c", "copy.profdata")));
        Assert.True(Directory.Exists(Path.GetDirectoryName(temp)));
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public void FailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile()
    {
        var folder = Fixtures.TempDirectory();
        var path = Path.Combine(folder, "lines.txt");
        File.WriteAllText(path, "old contents");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteAllLines(path, FailingLines()));

        Assert.Equal("old contents", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
    }

    [Fact]
    public void TempSiblingAndReplaceStayInTheFolder()
    {
        var folder = Fixtures.TempDirectory();
        var path = Path.Combine(folder, "out.profdata");

        var temp = AtomicFile.TempSibling(path);
        File.WriteAllText(temp, "contents");
        AtomicFile.Replace(temp, path);

        Assert.Equal(folder, Path.GetDirectoryName(temp));
        Assert.NotEqual(path, temp);
        Assert.Equal("contents", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
    }

    [Fact]
    public void FailedReplaceDeletesTheTemporaryFile()
    {
        var folder = Fixtures.TempDirectory();
        var destination = Path.Combine(folder, "out.profdata");
        Directory.CreateDirectory(destination);
        var temp = AtomicFile.TempSibling(destination);
        File.WriteAllText(temp, "contents");

        Assert.ThrowsAny<Exception>(() => AtomicFile.Replace(temp, destination));

        Assert.Equal(new[] { destination }, Directory.GetFileSystemEntries(folder));
    }

    private static IEnumerable<string> FailingLines()
    {
        yield return "first";
        throw new InvalidOperationException("the lines could not be produced");
    }
}
