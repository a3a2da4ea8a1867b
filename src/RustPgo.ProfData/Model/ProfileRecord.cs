using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace RustPgo.ProfData;

/// <summary>
/// The counters of one function under one structural hash: the unit that llvm-profdata merges.
/// </summary>
public sealed class ProfileRecord
{
    private const ulong ContextSensitiveHashBit = 1UL << 60;
    private static readonly ValueSite[] NoSites = new ValueSite[0];
    private static readonly ValueSite[][] NoSitesOfAnyKind = { NoSites, NoSites, NoSites };
    private string? _name;
    private byte[]? _nameBytes;

    internal ulong[] CountArray;
    internal byte[] BitmapArray;
    internal ValueSite[][] Sites;

    public ProfileRecord(byte[] nameBytes, ulong hash, ulong[] counts, byte[]? bitmapBytes = null, IReadOnlyList<ValueSite>[]? valueSites = null)
        : this(
            nameBytes ?? throw new ArgumentNullException(nameof(nameBytes)),
            NameKey.FromBytes(nameBytes),
            hash,
            counts ?? throw new ArgumentNullException(nameof(counts)),
            bitmapBytes ?? new byte[0],
            CopySitesOfEveryKind(valueSites))
    {
    }

    internal ProfileRecord(byte[]? nameBytes, string key, ulong hash, ulong[] counts, byte[] bitmapBytes, ValueSite[][] sites)
    {
        Set(nameBytes, key, hash, counts, bitmapBytes, sites);
    }

    /// <summary>Re-initializes a record that a merge absorbed (nothing references it any more) for the next raw profile.</summary>
    internal void Reuse(string key, ulong hash, ulong[] counts, byte[] bitmapBytes, ValueSite[][] sites)
    {
        Set(null, key, hash, counts, bitmapBytes, sites);
    }

    // The whole state of a record: what a constructor sets, and what Reuse sets again.
    [MemberNotNull(nameof(Key), nameof(CountArray), nameof(BitmapArray), nameof(Sites))]
    private void Set(byte[]? nameBytes, string key, ulong hash, ulong[] counts, byte[] bitmapBytes, ValueSite[][] sites)
    {
        _name = null;
        _nameBytes = nameBytes;
        Key = key;
        Hash = hash;
        CountArray = counts;
        BitmapArray = bitmapBytes;
        Sites = sites;
    }

    /// <summary>The function's profile name exactly as stored (opaque bytes, usually UTF-8).</summary>
    public byte[] NameBytes => _nameBytes ??= NameKey.ToBytes(Key);

    /// <summary>The profile name decoded as UTF-8, e.g. <c>crate.hash-cgu.0;_ZN…E</c>.</summary>
    public string Name => _name ??= Encoding.UTF8.GetString(NameBytes);

    /// <summary>The name with one char per byte, so ordinal order is LLVM's byte-wise order.</summary>
    internal string Key { get; private set; }

    /// <summary>The function's structural (CFG) hash.</summary>
    public ulong Hash { get; private set; }

    /// <summary>A context-sensitive (CSPGO) record: bit 60 of its hash is set.</summary>
    public bool IsContextSensitive => (Hash & ContextSensitiveHashBit) != 0;

    public IReadOnlyList<ulong> Counts => CountArray;

    public IReadOnlyList<byte> BitmapBytes => BitmapArray;

    /// <summary>The first counter; rustc's IR instrumentation usually (not always) puts the entry there.</summary>
    public ulong EntryCount => CountArray.Length == 0 ? 0 : CountArray[0];

    public ulong MaxCount
    {
        get
        {
            ulong max = 0;
            foreach (var count in CountArray)
            {
                if (count > max)
                {
                    max = count;
                }
            }
            return max;
        }
    }

    public IReadOnlyList<ValueSite> GetValueSites(ValueKind kind) => Sites[(int)kind];

    internal ProfileRecord Clone()
    {
        var sites = new ValueSite[ValueKinds.Count][];
        for (var kind = 0; kind < sites.Length; kind++)
        {
            var source = Sites[kind];
            sites[kind] = source.Length == 0 ? source : CopySites(source);
        }
        return new ProfileRecord(_nameBytes, Key, Hash, (ulong[])CountArray.Clone(), (byte[])BitmapArray.Clone(), sites);
    }

    internal static ValueSite[] EmptySites => NoSites;

    /// <summary>Shared by records without value sites; never written to.</summary>
    internal static ValueSite[][] NoValueSites => NoSitesOfAnyKind;

    private static ValueSite[][] CopySitesOfEveryKind(IReadOnlyList<ValueSite>[]? valueSites)
    {
        var sites = new ValueSite[ValueKinds.Count][];
        for (var kind = 0; kind < ValueKinds.Count; kind++)
        {
            var given = valueSites != null && kind < valueSites.Length ? valueSites[kind] : null;
            sites[kind] = given == null ? NoSites : CopySites(given);
        }
        return sites;
    }

    private static ValueSite[] CopySites(IReadOnlyList<ValueSite> sites)
    {
        var result = new ValueSite[sites.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = sites[i].Clone();
        }
        return result;
    }
}
