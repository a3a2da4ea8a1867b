using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// Interns profile names straight from name-section bytes: every raw profile of one binary repeats the
/// same names, so after the first file a name costs one byte hash and one compare instead of a string,
/// an MD5 and a dictionary insert. One table per merge worker (not thread-safe); it lives as long as the merge.
/// </summary>
internal sealed class RawNameTable
{
    private int[] _buckets = new int[1024]; // index + 1 into the entry arrays; 0 = empty
    private string[] _keys = new string[512];
    private byte[][] _bytes = new byte[512][];
    private ulong[] _md5s = new ulong[512];
    private ulong[] _hashes = new ulong[512];
    private int _count;

    /// <summary>The per-profile MD5-to-name map, reused (cleared) for each names section decoded.</summary>
    internal Dictionary<ulong, string> SectionNames { get; } = new Dictionary<ulong, string>(KeyedUInt64Comparer.Instance);

    private RawDataEntry[] _entries = new RawDataEntry[0];

    /// <summary>A data-record array of at least <paramref name="count"/> entries, reused across profiles (it is large-object sized).</summary>
    internal RawDataEntry[] EntryScratch(int count)
    {
        if (_entries.Length < count)
        {
            _entries = new RawDataEntry[count];
        }
        return _entries;
    }

    private ulong[] _mapAddresses = new ulong[0];
    private ulong[] _mapNameRefs = new ulong[0];
    private int _mapCount = -1;
    private AddressMap? _map;

    /// <summary>
    /// The function address map of these data records: the one built for the previous profile when the
    /// records carry the same (address, name) pairs, as every profile of one binary does.
    /// </summary>
    internal AddressMap FunctionAddressMap(RawDataRecords data, RawDataEntry[] entries, int count)
    {
        if (_map != null && _mapCount == count)
        {
            var same = true;
            for (var i = 0; i < count; i++)
            {
                if (entries[i].FunctionPointer != _mapAddresses[i] || entries[i].NameRef != _mapNameRefs[i])
                {
                    same = false;
                    break;
                }
            }
            if (same)
            {
                return _map;
            }
        }
        _map = data.FunctionAddressMap(entries, count);
        if (_mapAddresses.Length < count)
        {
            _mapAddresses = new ulong[count];
            _mapNameRefs = new ulong[count];
        }
        for (var i = 0; i < count; i++)
        {
            _mapAddresses[i] = entries[i].FunctionPointer;
            _mapNameRefs[i] = entries[i].NameRef;
        }
        _mapCount = count;
        return _map;
    }

    // Counter arrays of records that a merge absorbed, by length, for the next profile's records.
    private const int PooledLengths = 64;
    private readonly Stack<ulong[]>?[] _counters = new Stack<ulong[]>?[PooledLengths + 1];

    /// <summary>A counter array of exactly <paramref name="length"/> elements, recycled or new; the caller overwrites all of it.</summary>
    internal ulong[] RentCounters(int length)
    {
        if (length <= PooledLengths)
        {
            var stack = _counters[length];
            if (stack != null && stack.Count > 0)
            {
                return stack.Pop();
            }
        }
        return new ulong[length];
    }

    private readonly Stack<ProfileRecord> _records = new Stack<ProfileRecord>();

    /// <summary>A raw profile's record: one that a merge absorbed, re-initialized, or a new one.</summary>
    internal ProfileRecord NewRecord(string key, ulong hash, ulong[] counts, byte[] bitmapBytes, ValueSite[][] sites)
    {
        if (_records.Count > 0)
        {
            var record = _records.Pop();
            record.Reuse(key, hash, counts, bitmapBytes, sites);
            return record;
        }
        return new ProfileRecord(null, key, hash, counts, bitmapBytes, sites);
    }

    /// <summary>Takes back a record (and its counter array) that a merge absorbed: nothing references either any more.</summary>
    internal void ReturnRecord(ProfileRecord record)
    {
        ReturnCounters(record.CountArray);
        record.Reuse("", 0, NoCounters, record.BitmapArray, ProfileRecord.NoValueSites);
        _records.Push(record);
    }

    private static readonly ulong[] NoCounters = new ulong[0];

    private byte[] _lastNames = new byte[0];
    private long _lastNamesLength = -1;
    private ulong[] _lastNameRefs = new ulong[0];
    private int _lastNameRefCount = -1;

    // The NameRefs of the data records of the section being decoded: only names one of them refers to are kept.
    private readonly HashSet<ulong> _referenced = new HashSet<ulong>(KeyedUInt64Comparer.Instance);

    private string[] _entryNames = new string[0];

    /// <summary>
    /// The name (key) of each of a raw profile's data records, "" where the names section has none for its NameRef.
    /// When the section's bytes and the records' name references equal the previous profile's (every profile of one
    /// binary), the names resolved then are returned without decoding or looking up anything again.
    /// </summary>
    /// <remarks>
    /// A names section can hold names no record refers to: in a crafted file, a million distinct names of three bytes
    /// would otherwise cost some 50 bytes of memory per byte of the file. Unreferenced names are hashed and dropped.
    /// </remarks>
    internal string[] ResolveNames(ByteReader reader, long start, long size, RawDataEntry[] entries, int count)
    {
        reader.Require(start, size, "names section");
        if (size == _lastNamesLength && SameBytes(_lastNames, reader.Data, (int)start, (int)size) && SameNameRefs(entries, count))
        {
            return _entryNames;
        }
        _lastNamesLength = -1; // stays invalid if decoding fails
        SectionNames.Clear();
        _referenced.Clear();
        for (var i = 0; i < count; i++)
        {
            _referenced.Add(entries[i].NameRef);
        }
        NameSection.DecodeInto(reader, start, size, "names section", this, SectionNames);
        if (_entryNames.Length < count)
        {
            _entryNames = new string[count];
        }
        for (var i = 0; i < count; i++)
        {
            _entryNames[i] = SectionNames.TryGetValue(entries[i].NameRef, out var name) ? name : "";
        }
        if (_lastNames.Length != size)
        {
            _lastNames = new byte[size];
        }
        Buffer.BlockCopy(reader.Data, (int)start, _lastNames, 0, (int)size);
        if (_lastNameRefs.Length < count)
        {
            _lastNameRefs = new ulong[count];
        }
        for (var i = 0; i < count; i++)
        {
            _lastNameRefs[i] = entries[i].NameRef;
        }
        _lastNameRefCount = count;
        _lastNamesLength = size;
        return _entryNames;
    }

    private bool SameNameRefs(RawDataEntry[] entries, int count)
    {
        if (count != _lastNameRefCount)
        {
            return false;
        }
        for (var i = 0; i < count; i++)
        {
            if (entries[i].NameRef != _lastNameRefs[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// As <see cref="Intern"/>, for a name of the section <see cref="ResolveNames"/> is decoding: null (and nothing
    /// kept) when no data record of that section refers to the name.
    /// </summary>
    internal string? InternReferenced(byte[] text, int start, int length, out ulong md5)
    {
        var hash = Hash(text, start, length);
        var slot = Find(hash, text, start, length, out var bucket);
        if (slot >= 0)
        {
            md5 = _md5s[slot];
            return _referenced.Contains(md5) ? _keys[slot] : null;
        }
        md5 = Md5Hash.Of(text, start, length);
        return _referenced.Contains(md5) ? Add(hash, bucket, text, start, length, md5) : null;
    }

    /// <summary>Takes back the counter array of a record that is no longer referenced.</summary>
    internal void ReturnCounters(ulong[] counters)
    {
        var length = counters.Length;
        if (length > 0 && length <= PooledLengths)
        {
            (_counters[length] ??= new Stack<ulong[]>()).Push(counters);
        }
    }

    /// <summary>The key string (see NameKey) and MD5 of <c>text[start..start+length)</c>.</summary>
    public string Intern(byte[] text, int start, int length, out ulong md5)
    {
        var hash = Hash(text, start, length);
        var slot = Find(hash, text, start, length, out var bucket);
        if (slot >= 0)
        {
            md5 = _md5s[slot];
            return _keys[slot];
        }
        md5 = Md5Hash.Of(text, start, length); // not the shared cache: its locks cost more than MD5 here
        return Add(hash, bucket, text, start, length, md5);
    }

    // The slot holding these bytes, or -1 and the empty bucket where they would go.
    private int Find(ulong hash, byte[] text, int start, int length, out int bucket)
    {
        var mask = _buckets.Length - 1;
        bucket = (int)(hash ^ (hash >> 32)) & mask;
        while (true)
        {
            var slot = _buckets[bucket] - 1;
            if (slot < 0)
            {
                return -1;
            }
            if (_hashes[slot] == hash && SameBytes(_bytes[slot], text, start, length))
            {
                return slot;
            }
            bucket = (bucket + 1) & mask;
        }
    }

    private string Add(ulong hash, int bucket, byte[] text, int start, int length, ulong md5)
    {
        var key = NameKey.FromBytes(text, start, length);
        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _bytes, _count * 2);
            Array.Resize(ref _md5s, _count * 2);
            Array.Resize(ref _hashes, _count * 2);
        }
        _keys[_count] = key;
        var bytes = new byte[length];
        Buffer.BlockCopy(text, start, bytes, 0, length);
        _bytes[_count] = bytes;
        _md5s[_count] = md5;
        _hashes[_count] = hash;
        _count++;
        if (_count * 2 > _buckets.Length)
        {
            Rehash();
        }
        else
        {
            _buckets[bucket] = _count;
        }
        return key;
    }

    private void Rehash()
    {
        var buckets = new int[_buckets.Length * 2];
        var mask = buckets.Length - 1;
        for (var i = 0; i < _count; i++)
        {
            var hash = _hashes[i];
            var bucket = (int)(hash ^ (hash >> 32)) & mask;
            while (buckets[bucket] != 0)
            {
                bucket = (bucket + 1) & mask;
            }
            buckets[bucket] = i + 1;
        }
        _buckets = buckets;
    }

    private static bool SameBytes(byte[] stored, byte[] text, int start, int length)
    {
        if (stored.Length != length)
        {
            return false;
        }
#if NET
        return new ReadOnlySpan<byte>(text, start, length).SequenceEqual(stored);
#else
        for (var i = 0; i < length; i++)
        {
            if (stored[i] != text[start + i])
            {
                return false;
            }
        }
        return true;
#endif
    }

    // Keyed (see KeyedHash): with an unkeyed hash, a crafted names section of names sharing one hash makes every
    // intern a scan of all the names before it.
    private static ulong Hash(byte[] text, int start, int length) => KeyedHash.Of(text, start, length);
}
