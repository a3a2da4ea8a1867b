namespace RustPgo.ProfData;

/// <summary>Reads a raw or an indexed profile, telling them apart by their magic.</summary>
public static class ProfileFile
{
    public static InstrProfile Read(string path)
    {
        return Read(FileBytes.Read(path), path);
    }

    public static InstrProfile Read(byte[] data, string sourceName) => Read(data, data.Length, sourceName);

    /// <summary>
    /// Reads a file into <paramref name="buffer"/> (grown as needed, kept for the next call) and parses it.
    /// Reusing one buffer per merge thread keeps large-object-heap churn, and the full GCs it causes, away.
    /// </summary>
    internal static InstrProfile Read(string path, ref byte[]? buffer, RawNameTable? nameTable = null)
    {
        var length = FileBytes.ReadInto(path, ref buffer);
        return Read(buffer!, length, path, nameTable);
    }

    internal static InstrProfile Read(byte[] data, int length, string sourceName, RawNameTable? nameTable = null)
    {
        if (IndexedProfileReader.HasIndexedMagic(data, length))
        {
            return IndexedProfileReader.Read(data, length, sourceName);
        }
        if (RawProfileReader.HasRawMagic(data, length))
        {
            return RawProfileReader.Read(data, length, sourceName, nameTable ?? new RawNameTable());
        }
        throw new ProfileFormatException(sourceName, "unrecognized instrumentation profile encoding format (bad magic)");
    }
}
