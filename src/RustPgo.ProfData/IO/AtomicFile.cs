using System;
using System.Collections.Generic;
using System.IO;

namespace RustPgo.ProfData;

/// <summary>
/// Writes files through a temporary sibling and a rename, so readers never see half a file; a failed write leaves
/// no temporary file behind. <see cref="WriteAllText"/>, <see cref="WriteAllLines"/>, <see cref="Copy"/> and
/// <see cref="TempSibling(string)"/> create the destination's folder when it is missing, as the MSBuild tasks need;
/// <see cref="WriteAllBytes"/> and <see cref="WriteText"/> do not, so that <see cref="IndexedProfileWriter.Write"/>
/// and <c>rustpgo show -o</c> fail on a missing folder, as llvm-profdata does.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/>, flushed to disk before the rename.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, createFolder: false, temp =>
    {
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }
    });

    /// <summary>Writes <paramref name="text"/> as <see cref="File.WriteAllText(string, string)"/> does (UTF-8, no byte order mark).</summary>
    public static void WriteAllText(string path, string text) => Write(path, createFolder: true, temp => File.WriteAllText(temp, text));

    /// <summary>Writes each line and a newline after it, as <see cref="File.WriteAllLines(string, IEnumerable{string})"/> does.</summary>
    public static void WriteAllLines(string path, IEnumerable<string> lines) => Write(path, createFolder: true, temp => File.WriteAllLines(temp, lines));

    /// <summary>
    /// Writes UTF-8 text (no byte order mark) through <paramref name="write"/>; like <see cref="WriteAllBytes"/>, a
    /// missing folder is an error, as it is for llvm-profdata's output files.
    /// </summary>
    public static void WriteText(string path, Action<TextWriter> write) => Write(path, createFolder: false, temp =>
    {
        using (var writer = new StreamWriter(new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None), new System.Text.UTF8Encoding(false)))
        {
            write(writer);
        }
    });

    /// <summary>Copies <paramref name="source"/> to a temporary sibling of <paramref name="destination"/>, then renames it into place.</summary>
    public static void Copy(string source, string destination) => Write(destination, createFolder: true, temp => File.Copy(source, temp));

    /// <summary>
    /// A new file name in the folder of <paramref name="path"/> (so the rename stays on one file system),
    /// hidden and unique: <c>.name.&lt;guid&gt;.tmp</c>; the folder is created if missing. Write there, then <see cref="Replace"/>.
    /// </summary>
    public static string TempSibling(string path) => TempSibling(path, createFolder: true);

    private static string TempSibling(string path, bool createFolder)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? ".";
        if (createFolder)
        {
            Directory.CreateDirectory(directory);
        }
        return Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
    }

    /// <summary>Renames <paramref name="temp"/> over <paramref name="destination"/>; if that fails, deletes <paramref name="temp"/>.</summary>
    public static void Replace(string temp, string destination)
    {
        try
        {
#if NET
            File.Move(temp, destination, overwrite: true);
#else
            if (File.Exists(destination))
            {
                File.Replace(temp, destination, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temp, destination);
            }
#endif
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void Write(string path, bool createFolder, Action<string> writeTemp)
    {
        var fullPath = Path.GetFullPath(path);
        var temp = TempSibling(fullPath, createFolder);
        try
        {
            writeTemp(temp);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        Replace(temp, fullPath);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
