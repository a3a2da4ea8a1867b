using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// The state of one llvm-profdata writer: records by name, then by hash in insertion order,
/// the merged variant flags and binary ids. One record per (name, hash), found in constant time.
/// </summary>
internal sealed class MergeContext
{
    private Dictionary<string, HashGroup> _functions = new Dictionary<string, HashGroup>(StringComparer.Ordinal);

    public ProfileVariant? Variant { get; private set; }

    public List<byte[]> BinaryIds { get; } = new List<byte[]>();

    public List<MergeDiagnostic> Diagnostics { get; } = new List<MergeDiagnostic>();

    /// <summary>Adds a whole profile; the records become owned (and mutated) by this context.</summary>
    public void AddOwned(InstrProfile profile, ulong weight, string source) => AddOwned(profile, weight, source, null);

    /// <summary>As above; records merged into existing ones (and their counter arrays) go back to <paramref name="recycle"/>.</summary>
    public void AddOwned(InstrProfile profile, ulong weight, string source, RawNameTable? recycle)
    {
        MergeVariant(profile.Variant, source);
        if (_functions.Count == 0)
        {
            // Sized once for the first profile: the later ones of the same binary bring the same names.
            _functions = new Dictionary<string, HashGroup>(profile.Records.Count, StringComparer.Ordinal);
        }
        foreach (var record in profile.Records)
        {
            if (!AddRecord(record, weight, source) && recycle != null)
            {
                recycle.ReturnRecord(record);
            }
        }
        BinaryIds.AddRange(profile.BinaryIds);
    }

    /// <summary>Folds another context in, as llvm-profdata's mergeWriterContexts does (weight 1).</summary>
    public void MergeFrom(MergeContext other)
    {
        if (other.Variant.HasValue)
        {
            MergeVariant(other.Variant.Value, "(merged inputs)");
        }
        if (_functions.Count == 0)
        {
            _functions = new Dictionary<string, HashGroup>(other._functions.Count, StringComparer.Ordinal);
        }
        foreach (var entry in other._functions)
        {
            foreach (var record in InIterationOrder(entry.Value.Records))
            {
                AddRecord(record, 1, "(merged inputs)");
            }
        }
        BinaryIds.AddRange(other.BinaryIds);
        Diagnostics.AddRange(other.Diagnostics);
    }

    public InstrProfile ToProfile()
    {
        var keys = new string[_functions.Count];
        var lists = new List<ProfileRecord>[_functions.Count];
        var count = 0;
        var total = 0;
        foreach (var entry in _functions)
        {
            keys[count] = entry.Key;
            lists[count++] = entry.Value.Records;
            total += entry.Value.Records.Count;
        }
        Array.Sort(keys, lists, StringComparer.Ordinal); // names are unique: no ties to order
        var records = new List<ProfileRecord>(total);
        foreach (var list in lists)
        {
            records.AddRange(InIterationOrder(list));
        }
        var variant = (Variant ?? ProfileVariant.IrInstrumentation) & ~ProfileVariant.DebugInfoCorrelation;
        return new InstrProfile(variant, records, BinaryIds);
    }

    /// <summary>Adds or merges a record; true when it was kept (new), false when merged into an existing one or dropped.</summary>
    private bool AddRecord(ProfileRecord record, ulong weight, string source)
    {
        if (!_functions.TryGetValue(record.Key, out var group))
        {
            group = new HashGroup();
            _functions.Add(record.Key, group);
        }
        var existing = group.Find(record.Hash);

        // llvm-profdata reports only the first problem per record. It sorts every value site of the record after each
        // add; a site that the add did not change is sorted already, so only new records and merged sites are sorted
        // (in MergeInto), which keeps an add proportional to the incoming record.
        var problem = new FirstProblem();
        if (existing == null)
        {
            if (weight > 1)
            {
                RecordMerge.Scale(record, weight, ref problem);
            }
            group.Add(record);
            RecordMerge.SortValueData(record);
        }
        else
        {
            RecordMerge.MergeInto(existing, record, weight, ref problem);
        }
        if (problem.Problem.HasValue)
        {
            Diagnostics.Add(new MergeDiagnostic(problem.Problem.Value, source, record.Name));
        }
        return existing == null;
    }

    private void MergeVariant(ProfileVariant incoming, string source)
    {
        if (!Variant.HasValue)
        {
            Variant = incoming;
            return;
        }
        var current = Variant.Value;
        if (((current ^ incoming) & ProfileVariant.IrInstrumentation) != 0)
        {
            throw new ProfileFormatException(source, "cannot merge IR-level (rustc) and front-end (clang) instrumentation profiles");
        }
        var combined = current | incoming;
        if ((combined & ProfileVariant.FunctionEntryOnly) != 0 && (combined & ProfileVariant.InstrumentEntry) != 0
            && ((current ^ incoming) & ProfileVariant.FunctionEntryOnly) != 0)
        {
            throw new ProfileFormatException(source, "cannot merge function-entry-only profiles with basic-block profiles");
        }
        Variant = combined;
    }

    private static IEnumerable<ProfileRecord> InIterationOrder(List<ProfileRecord> byInsertion)
    {
        if (byInsertion.Count == 1)
        {
            return byInsertion;
        }
        var hashes = new ulong[byInsertion.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = byInsertion[i].Hash;
        }
        var order = DenseMapOrder.Iterate(hashes);
        var result = new ProfileRecord[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            result[i] = byInsertion[order[i]];
        }
        return result;
    }

    /// <summary>
    /// The records of one name in insertion order (llvm-profdata's DenseMap order derives from it), plus a keyed index
    /// by hash once there are more than a few: a crafted file with thousands of hashes under one name would
    /// otherwise make every add a scan.
    /// </summary>
    private sealed class HashGroup
    {
        private const int ScanLimit = 8;
        private Dictionary<ulong, ProfileRecord>? _byHash;

        public List<ProfileRecord> Records { get; } = new List<ProfileRecord>(1);

        public ProfileRecord? Find(ulong hash)
        {
            if (_byHash != null)
            {
                return _byHash.TryGetValue(hash, out var found) ? found : null;
            }
            foreach (var candidate in Records)
            {
                if (candidate.Hash == hash)
                {
                    return candidate;
                }
            }
            return null;
        }

        public void Add(ProfileRecord record)
        {
            Records.Add(record);
            if (_byHash != null)
            {
                _byHash.Add(record.Hash, record);
            }
            else if (Records.Count > ScanLimit)
            {
                _byHash = new Dictionary<ulong, ProfileRecord>(KeyedUInt64Comparer.Instance);
                foreach (var held in Records)
                {
                    _byHash.Add(held.Hash, held);
                }
            }
        }
    }
}
