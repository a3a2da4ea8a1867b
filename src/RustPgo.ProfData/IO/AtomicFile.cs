using System;
using System.IO;

namespace RustPgo.ProfData
{
    /// <summary>Writes a file through a temporary sibling and a rename, so readers never see half a file.</summary>
    internal static class AtomicFile
    {
        public static void WriteAllBytes(string path, byte[] bytes)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? ".";
            string temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(flushToDisk: true);
                }
                Replace(temp, fullPath);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        private static void Replace(string temp, string destination)
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
}
