using System.Collections.Generic;
using System.IO;

namespace RustPgo.Sdk.Tasks;

/// <summary>Writes files through a temporary sibling and a rename, so no reader ever sees half a file.</summary>
internal static class AtomicFile
{
    public static void WriteAllLines(string path, IEnumerable<string> lines)
    {
        var temp = TempSibling(path);
        File.WriteAllLines(temp, lines);
        Replace(temp, path);
    }

    public static void WriteAllText(string path, string text)
    {
        var temp = TempSibling(path);
        File.WriteAllText(temp, text);
        Replace(temp, path);
    }

    public static void Copy(string source, string destination)
    {
        var temp = TempSibling(destination);
        File.Copy(source, temp, overwrite: true);
        Replace(temp, destination);
    }

    public static string TempSibling(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full + "." + System.Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
    }

    public static void Replace(string temp, string destination)
    {
        try
        {
#if NET
            File.Move(temp, destination, overwrite: true);
#else
            if (File.Exists(destination))
                File.Replace(temp, destination, null);
            else
                File.Move(temp, destination);
#endif
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}
