namespace RustPgo.Sdk.Tasks.Platform;

/// <summary>
/// What the files cargo lists for a library target are, on every OS: the cdylib (`libx.so`, `libx.dylib`,
/// `x.dll`), its import library on Windows (`x.dll.lib`), the staticlib (`libx.a`, `x.lib`) and debug
/// symbols (`x.pdb` on Windows; a `libx.dylib.dSYM` bundle on macOS).
/// </summary>
internal static class NativeFiles
{
    public static bool IsDynamicLibrary(string path) =>
        HasExtension(path, ".so") || HasExtension(path, ".dylib") || HasExtension(path, ".dll");

    /// <summary>The staticlib; Windows' import library `x.dll.lib` is not one.</summary>
    public static bool IsStaticLibrary(string path) =>
        HasExtension(path, ".a") || (HasExtension(path, ".lib") && !path.EndsWith(".dll.lib", StringComparison.OrdinalIgnoreCase));

    public static bool IsImportLibrary(string path) => path.EndsWith(".dll.lib", StringComparison.OrdinalIgnoreCase);

    /// <summary>Debug symbols that travel with the cdylib (Windows .pdb), so a debugger finds them beside it.</summary>
    public static bool IsDebugSymbols(string path) => HasExtension(path, ".pdb");

    /// <summary>
    /// A macOS .dSYM bundle: a folder, which no .NET copy item can carry; it stays in cargo's target
    /// folder, where lldb finds it by the library's UUID.
    /// </summary>
    public static bool IsDebugSymbolBundle(string path) => HasExtension(path, ".dSYM");

    private static bool HasExtension(string path, string extension) =>
        Path.GetExtension(path.TrimEnd('/', '\\')).Equals(extension, StringComparison.OrdinalIgnoreCase);
}
