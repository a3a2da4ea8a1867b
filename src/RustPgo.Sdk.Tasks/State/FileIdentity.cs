namespace RustPgo.Sdk.Tasks.State;

/// <summary>A file as far as its path, size and last write time tell it apart: what changes when a tool rewrites it.</summary>
internal static class FileIdentity
{
    /// <summary>`path|size|ticks`, or `path|absent`.</summary>
    public static string Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? $"{path}|{info.Length}|{info.LastWriteTimeUtc.Ticks}" : path + "|absent";
    }
}
