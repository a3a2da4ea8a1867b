using System;
using System.IO;

namespace RustPgo.ProfData;

internal static class FileBytes
{
    /// <summary>Reads a whole file into a reusable buffer; returns the number of bytes read.</summary>
    public static int ReadInto(string path, ref byte[]? buffer)
    {
        try
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan))
            {
                var size = stream.Length;
                if (size > int.MaxValue - 64)
                {
                    throw new ProfileFormatException(path, $"file too large ({size} bytes)");
                }
                if (buffer == null || buffer.Length < size)
                {
                    buffer = new byte[Math.Max(size, buffer == null ? 0 : buffer.Length * 2L)];
                }
                var filled = 0;
                while (filled < size)
                {
                    var read = stream.Read(buffer, filled, (int)size - filled);
                    if (read == 0)
                    {
                        break;
                    }
                    filled += read;
                }
                return filled;
            }
        }
        catch (IOException e)
        {
            throw new ProfileFormatException(path, e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ProfileFormatException(path, e.Message, e);
        }
    }

    /// <summary>Reads a whole file; I/O failures become <see cref="ProfileFormatException"/> naming the file.</summary>
    public static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ProfileFormatException(path, e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ProfileFormatException(path, e.Message, e);
        }
    }
}
