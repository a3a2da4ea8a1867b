using System;
using System.Collections.Generic;
using System.Text;

namespace RustPgo.ProfData
{
    /// <summary>
    /// The counters of one function under one structural hash: the unit that llvm-profdata merges.
    /// </summary>
    public sealed class ProfileRecord
    {
        private static readonly ValueSite[] NoSites = new ValueSite[0];
        private static readonly ValueSite[][] NoSitesOfAnyKind = { NoSites, NoSites, NoSites };
        private string? _name;
        private byte[]? _nameBytes;

        internal ulong[] CountArray;
        internal byte[] BitmapArray;
        internal ValueSite[][] Sites;

        public ProfileRecord(byte[] nameBytes, ulong hash, ulong[] counts, byte[]? bitmapBytes = null, IReadOnlyList<ValueSite>[]? valueSites = null)
        {
            _nameBytes = nameBytes ?? throw new ArgumentNullException(nameof(nameBytes));
            Hash = hash;
            CountArray = counts ?? throw new ArgumentNullException(nameof(counts));
            BitmapArray = bitmapBytes ?? new byte[0];
            Sites = new ValueSite[ValueKinds.Count][];
            for (int kind = 0; kind < ValueKinds.Count; kind++)
            {
                var given = valueSites != null && kind < valueSites.Length ? valueSites[kind] : null;
                Sites[kind] = given == null ? NoSites : ToArray(given);
            }
            Key = NameKey.FromBytes(nameBytes);
        }

        internal ProfileRecord(byte[]? nameBytes, string key, ulong hash, ulong[] counts, byte[] bitmapBytes, ValueSite[][] sites)
        {
            _nameBytes = nameBytes;
            Key = key;
            Hash = hash;
            CountArray = counts;
            BitmapArray = bitmapBytes;
            Sites = sites;
        }

        /// <summary>Re-initializes a record that a merge absorbed (nothing references it any more) for the next raw profile.</summary>
        internal void Reuse(string key, ulong hash, ulong[] counts, byte[] bitmapBytes, ValueSite[][] sites)
        {
            _name = null;
            _nameBytes = null;
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
            for (int kind = 0; kind < sites.Length; kind++)
            {
                var source = Sites[kind];
                sites[kind] = source.Length == 0 ? source : Array.ConvertAll(source, site => site.Clone());
            }
            return new ProfileRecord(_nameBytes, Key, Hash, (ulong[])CountArray.Clone(), (byte[])BitmapArray.Clone(), sites);
        }

        internal static ValueSite[] EmptySites => NoSites;

        /// <summary>Shared by records without value sites; never written to.</summary>
        internal static ValueSite[][] NoValueSites => NoSitesOfAnyKind;

        private static ValueSite[] ToArray(IReadOnlyList<ValueSite> sites)
        {
            var result = new ValueSite[sites.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = sites[i].Clone();
            }
            return result;
        }
    }
}
