using System;
using System.IO;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>
/// A test class whose every test gets a folder of its own (xunit makes one instance per test) under
/// "rustpgo tests" in the temp folder, a path with a space as many users' are; the folder is deleted
/// when the test ends.
/// </summary>
public abstract class ScratchFolderTests : IDisposable
{
    protected ScratchFolderTests(string name) =>
        Folder = Path.Combine(Path.GetTempPath(), "rustpgo tests", name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));

    protected string Folder { get; }

    public void Dispose()
    {
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}
