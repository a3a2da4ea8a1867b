namespace RustPgo.Sdk.Tasks.State;

/// <summary>
/// A name-sized digest (64-bit FNV-1a, which loads no crypto library into a no-op build): it names a
/// crate's state folder after its manifest path, and tells a profile or a shipped library by its content.
/// </summary>
internal static class Digest
{
    private const ulong OffsetBasis = 0xcbf29ce484222325UL;
    private const ulong Prime = 0x100000001b3UL;

    public static string Of(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Format(Add(OffsetBasis, bytes, bytes.Length));
    }

    /// <summary>The digest of a file's bytes, read in blocks.</summary>
    public static string OfFile(string path)
    {
        var hash = OffsetBasis;
        var buffer = new byte[1 << 16];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            hash = Add(hash, buffer, read);
        return Format(hash);
    }

    private static ulong Add(ulong hash, byte[] bytes, int count)
    {
        for (var i = 0; i < count; i++)
            hash = (hash ^ bytes[i]) * Prime;
        return hash;
    }

    private static string Format(ulong hash) => hash.ToString("x16");
}
