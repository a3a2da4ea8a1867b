using RustPgo.Sdk.Tasks.Platform;
using Xunit;

namespace RustPgo.Sdk.Tests.Platform;

/// <summary>What each file cargo lists for a library target is, on every OS.</summary>
public class NativeFilesTests
{
    [Theory]
    // path, dynamic library, static library, import library, debug symbols shipped, symbol bundle
    [InlineData("/t/release/libcalc.so", true, false, false, false, false)]
    [InlineData("/t/release/libcalc.a", false, true, false, false, false)]
    [InlineData("/t/release/libcalc.rlib", false, false, false, false, false)]
    [InlineData(@"C:\t\release\calc.dll", true, false, false, false, false)]
    [InlineData(@"C:\t\release\calc.dll.lib", false, false, true, false, false)]
    [InlineData(@"C:\t\release\calc.lib", false, true, false, false, false)]
    [InlineData(@"C:\t\release\calc.pdb", false, false, false, true, false)]
    [InlineData("/t/release/libcalc.dylib", true, false, false, false, false)]
    [InlineData("/t/release/libcalc.dylib.dSYM", false, false, false, false, true)]
    [InlineData("/t/release/libcalc.dSYM/", false, false, false, false, true)]
    public void Files_are_classified_by_name(string path, bool dynamicLibrary, bool staticLibrary, bool importLibrary, bool debugSymbols, bool symbolBundle)
    {
        Assert.Equal(dynamicLibrary, NativeFiles.IsDynamicLibrary(path));
        Assert.Equal(staticLibrary, NativeFiles.IsStaticLibrary(path));
        Assert.Equal(importLibrary, NativeFiles.IsImportLibrary(path));
        Assert.Equal(debugSymbols, NativeFiles.IsDebugSymbols(path));
        Assert.Equal(symbolBundle, NativeFiles.IsDebugSymbolBundle(path));
    }
}
