using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// The state of one llvm-profdata writer: records by name, then by hash in insertion order,
/// the merged variant flags and binary ids.
/// </summary>
internal sealed class MergeContext
{
    private Dictionary<string, List<ProfileRecord>> _functions = new Dictionary<string, List<ProfileRecord>>(StringComparer.Ordinal);

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
            _functions = new Dictionary<string, List<ProfileRecord>>(profile.Records.Count, StringComparer.Ordinal);
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
            _functions = new Dictionary<string, List<ProfileRecord>>(other._functions.Count, StringComparer.Ordinal);
        }
        foreach (var entry in other._functions)
        {
            foreach (var record in InIterationOrder(entry.Value))
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
            lists[count++] = entry.Value;
            total += entry.Value.Count;
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
        if (!_functions.TryGetValue(record.Key, out var list))
        {
            list = new List<ProfileRecord>(1);
            _functions.Add(record.Key, list);
        }
        ProfileRecord? existing = null;
        foreach (var candidate in list)
        {
            if (candidate.Hash == record.Hash)
            {
                existing = candidate;
                break;
            }
        }

        // llvm-profdata reports only the first problem per record.
        var problem = new FirstProblem();
        if (existing == null)
        {
            if (weight > 1)
            {
                RecordMerge.Scale(record, weight, ref problem);
            }
            list.Add(record);
            existing = record;
        }
        else
        {
            RecordMerge.MergeInto(existing, record, weight, ref problem);
        }
        if (problem.Problem.HasValue)
        {
            Diagnostics.Add(new MergeDiagnostic(problem.Problem.Value, source, record.Name));
        }
        RecordMerge.SortValueData(existing);
        return ReferenceEquals(existing, record);
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
}
