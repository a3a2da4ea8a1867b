using System;
using System.Collections.Generic;

namespace RustPgo.ProfData
{
    /// <summary>
    /// The state of one llvm-profdata writer: records by name, then by hash in insertion order,
    /// the merged variant flags and binary ids.
    /// </summary>
    internal sealed class MergeContext
    {
        private readonly Dictionary<string, List<ProfileRecord>> _functions = new Dictionary<string, List<ProfileRecord>>(StringComparer.Ordinal);

        public ProfileVariant? Variant { get; private set; }

        public List<byte[]> BinaryIds { get; } = new List<byte[]>();

        public List<MergeDiagnostic> Diagnostics { get; } = new List<MergeDiagnostic>();

        /// <summary>Adds a whole profile; the records become owned (and mutated) by this context.</summary>
        public void AddOwned(InstrProfile profile, ulong weight, string source)
        {
            MergeVariant(profile.Variant, source);
            foreach (var record in profile.Records)
            {
                AddRecord(record, weight, source);
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
            var keys = new List<string>(_functions.Keys);
            keys.Sort(StringComparer.Ordinal);
            var records = new List<ProfileRecord>();
            foreach (var key in keys)
            {
                records.AddRange(InIterationOrder(_functions[key]));
            }
            var variant = (Variant ?? ProfileVariant.IrInstrumentation) & ~ProfileVariant.DebugInfoCorrelation;
            return new InstrProfile(variant, records, BinaryIds);
        }

        private void AddRecord(ProfileRecord record, ulong weight, string source)
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
            bool reported = false;
            Action<MergeProblem> warn = problem =>
            {
                if (!reported)
                {
                    reported = true;
                    Diagnostics.Add(new MergeDiagnostic(problem, source, record.Name));
                }
            };
            if (existing == null)
            {
                if (weight > 1)
                {
                    RecordMerge.Scale(record, weight, warn);
                }
                list.Add(record);
                existing = record;
            }
            else
            {
                RecordMerge.MergeInto(existing, record, weight, warn);
            }
            RecordMerge.SortValueData(existing);
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
            for (int i = 0; i < hashes.Length; i++)
            {
                hashes[i] = byInsertion[i].Hash;
            }
            var order = DenseMapOrder.Iterate(hashes);
            var result = new ProfileRecord[order.Length];
            for (int i = 0; i < order.Length; i++)
            {
                result[i] = byInsertion[order[i]];
            }
            return result;
        }
    }
}
