using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace RustPgo.ProfData;

/// <summary>
/// Merges raw and indexed profiles with llvm-profdata's rules: weighted saturating counter sums,
/// OR-ed bitmaps, merged value sites, count mismatches reported and the input record dropped.
/// </summary>
public sealed class ProfileMerger
{
    private readonly MergeContext _context = new MergeContext();

    /// <summary>Adds a profile (its records are copied; the argument is not changed).</summary>
    public void Add(InstrProfile profile, ulong weight = 1, string sourceName = "(profile)")
    {
        if (weight == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), "weight must be a positive integer");
        }
        var copies = new List<ProfileRecord>(profile.Records.Count);
        foreach (var record in profile.Records)
        {
            copies.Add(record.Clone());
        }
        _context.AddOwned(new InstrProfile(profile.Variant, copies, profile.BinaryIds), weight, sourceName);
    }

    public void AddFile(string path, ulong weight = 1) => _context.AddOwned(ProfileFile.Read(path), weight, path);

    public IReadOnlyList<MergeDiagnostic> Diagnostics => _context.Diagnostics;

    public InstrProfile ToProfile() => _context.ToProfile();

    /// <summary>
    /// Merges files as llvm-profdata does: inputs dealt round-robin to
    /// min(cores, (inputs + 1) / 2) writer contexts that load in parallel, then folded pairwise.
    /// The fold order decides ties inside value sites, so it is reproduced, not just the sums.
    /// </summary>
    /// <remarks>
    /// <c>checkBuilds</c> first finds raw inputs written by another build of a library than the rest (RUSTPGO120, see
    /// BuildCheck): with <see cref="MergeFailureMode.Any"/> that is a <see cref="MixedBuildsException"/>, otherwise they
    /// are left out and listed in <see cref="MergeResult.OtherBuilds"/>. It costs a first read of the raw inputs.
    /// </remarks>
    public static MergeResult MergeFiles(IReadOnlyList<WeightedInput> inputs, int? threadCount = null, MergeFailureMode failureMode = MergeFailureMode.Any, bool checkBuilds = false)
    {
        if (inputs.Count == 0)
        {
            throw new ArgumentException("no input profiles", nameof(inputs));
        }
        IReadOnlyList<OtherBuild> otherBuilds = Array.Empty<OtherBuild>();
        if (checkBuilds && inputs.Count > 1)
        {
            var found = BuildCheck.Run(inputs, Math.Min(Environment.ProcessorCount, (inputs.Count + 1) / 2));
            if (found.Count > 0)
            {
                otherBuilds = found.ConvertAll(f => f.OtherBuild);
                if (failureMode == MergeFailureMode.Any)
                {
                    throw new MixedBuildsException(otherBuilds);
                }
                inputs = Without(inputs, found);
            }
        }
        var threads = threadCount ?? Math.Min(Environment.ProcessorCount, (inputs.Count + 1) / 2);
        // An explicit count is used as given, empty contexts included: they change the fold order.
        threads = Math.Max(1, Math.Min(threads, 1024));
        var contexts = new MergeContext[threads];
        for (var i = 0; i < threads; i++)
        {
            contexts[i] = new MergeContext();
        }

        var failures = new ProfileFormatException?[inputs.Count];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
        {
            byte[]? buffer = null;
            var names = new RawNameTable();
            for (var i = c; i < inputs.Count; i += threads)
            {
                try
                {
                    contexts[c].AddOwned(ProfileFile.Read(inputs[i].Path, ref buffer, names), inputs[i].Weight, inputs[i].Path, names);
                }
                catch (ProfileFormatException e)
                {
                    failures[i] = e;
                    if (failureMode == MergeFailureMode.Any)
                    {
                        return;
                    }
                }
            }
        });
        var skipped = new List<ProfileFormatException>();
        foreach (var failure in failures)
        {
            if (failure != null)
            {
                if (failureMode == MergeFailureMode.Any)
                {
                    throw failure;
                }
                skipped.Add(failure);
            }
        }
        if (skipped.Count == inputs.Count && failureMode == MergeFailureMode.All)
        {
            throw skipped[0];
        }

        FoldContexts(contexts);
        return new MergeResult(contexts[0].ToProfile(), contexts[0].Diagnostics, skipped, otherBuilds);
    }

    // The inputs that stay, in their order: the merge then deals them to writer contexts as if the others were never given.
    private static List<WeightedInput> Without(IReadOnlyList<WeightedInput> inputs, List<BuildCheck.Found> found)
    {
        var leftOut = new bool[inputs.Count];
        foreach (var other in found)
        {
            foreach (var index in other.Inputs)
            {
                leftOut[index] = true;
            }
        }
        var kept = new List<WeightedInput>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!leftOut[i])
            {
                kept.Add(inputs[i]);
            }
        }
        return kept;
    }

    private static void FoldContexts(MergeContext[] contexts)
    {
        var mid = contexts.Length / 2;
        var end = contexts.Length;
        while (mid > 0)
        {
            var pairs = mid;
            Parallel.For(0, pairs, i => contexts[i].MergeFrom(contexts[i + pairs]));
            if ((end & 1) != 0)
            {
                contexts[0].MergeFrom(contexts[end - 1]);
            }
            end = mid;
            mid /= 2;
        }
    }
}
