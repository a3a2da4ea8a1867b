using System.Runtime.InteropServices;

namespace RustPgoLib;

/// <summary>Counts the words of a text, in Rust.</summary>
public static partial class Tokenizer
{
    public static int CountWords(string text)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        return (int)count_words(utf8, (nuint)utf8.Length);
    }

    // The crate's library name ([lib] name, else the package name): libnative_crate_name.so, native_crate_name.dll, libnative_crate_name.dylib.
    [LibraryImport("native_crate_name")]
    private static partial nuint count_words(byte[] text, nuint length);
}
