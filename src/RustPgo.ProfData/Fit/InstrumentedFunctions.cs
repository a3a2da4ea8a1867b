using System;
using System.Collections.Generic;
using System.Text;

namespace RustPgo.ProfData;

/// <summary>One function of an instrumented build: its profile name and structural (CFG) hash.</summary>
public sealed class InstrumentedFunction
{
    internal InstrumentedFunction(string key, ulong hash, uint counters)
    {
        Key = key;
        Hash = hash;
        Counters = counters;
    }

    /// <summary>The name with one char per byte (see NameKey): what profile records are matched by.</summary>
    internal string Key { get; }

    /// <summary>The profile name decoded as UTF-8.</summary>
    public string Name => Encoding.UTF8.GetString(NameKey.ToBytes(Key));

    public ulong Hash { get; }

    public uint Counters { get; }
}

/// <summary>
/// Every instrumented function of a build, from what describes it: a raw profile written by any run of it (its data
/// records list every instrumented function, executed or not), or the instrumented ELF library itself.
/// </summary>
public static class InstrumentedFunctions
{
    public static IReadOnlyList<InstrumentedFunction> Read(string path)
    {
        var head = new byte[8];
        int length;
        try
        {
            using (var stream = System.IO.File.OpenRead(path))
            {
                length = stream.Read(head, 0, head.Length);
            }
        }
        catch (System.IO.IOException e)
        {
            throw new ProfileFormatException(path, e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ProfileFormatException(path, e.Message, e);
        }
        if (RawProfileReader.HasRawMagic(head, length))
        {
            return FromRawProfile(RawProfileReader.Read(path));
        }
        if (ElfProfileSections.HasElfMagic(head, length))
        {
            var (data, names) = ElfProfileSections.Read(path);
            return FromSections(data, names, path);
        }
        var what = IndexedProfileReader.HasIndexedMagic(head, length) ? "an indexed profile (a merge), not a build" : "neither a raw profile nor an ELF library";
        throw new ProfileFormatException(path, $"{what}: pass a raw profile written by a run of today's instrumented library, or the library itself");
    }

    private static List<InstrumentedFunction> FromRawProfile(RawProfile profile)
    {
        var functions = new List<InstrumentedFunction>(profile.Records.Count);
        foreach (var record in profile.Records)
        {
            functions.Add(new InstrumentedFunction(record.Key, record.Hash, (uint)record.CountArray.Length));
        }
        return functions;
    }

    /// <summary>The data records of a 64-bit binary, decoded as a raw profile's are, named through the names chunks.</summary>
    internal static List<InstrumentedFunction> FromSections(byte[] data, byte[] names, string path)
    {
        var recordSize = RawLayout.DataRecordSizeFor(8);
        if (data.Length % recordSize != 0)
        {
            throw new ProfileFormatException(path, $"the {ElfProfileSections.DataSection} section's {data.Length} bytes are not a whole number of {recordSize}-byte data records");
        }
        var nameBytes = new ByteReader(names, path);
        var byMd5 = new Dictionary<ulong, string>(KeyedUInt64Comparer.Instance);
        foreach (var key in NameSection.Decode(nameBytes, 0, names.Length, ElfProfileSections.NamesSection))
        {
            byMd5[Md5Hash.OfKey(key)] = key;
        }
        var records = new RawDataRecords(new ByteReader(data, path), RawLayout.OfDataSection(8, data.Length / recordSize));
        var functions = new List<InstrumentedFunction>(data.Length / recordSize);
        for (var i = 0; i < data.Length / recordSize; i++)
        {
            var entry = records.Entry(i);
            // A record whose name is not in the names section cannot be matched by name: it counts as a function without data.
            var key = byMd5.TryGetValue(entry.NameRef, out var name) ? name : "";
            functions.Add(new InstrumentedFunction(key, entry.FuncHash, entry.NumCounters));
        }
        return functions;
    }
}
