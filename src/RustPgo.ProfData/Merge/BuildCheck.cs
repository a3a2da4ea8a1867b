using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;

namespace RustPgo.ProfData;

/// <summary>
/// Finds raw inputs written by another build of a library than the rest (RUSTPGO120), before anything is merged.
/// <list type="bullet">
/// <item>Build: every profile of a raw file has an identity (<see cref="RawBuildFingerprint"/>); a file belongs to the
/// build of each of its profiles (usually one). Indexed inputs are merges already and are not checked; unreadable raw
/// inputs are left to the merge, which reports them as before.</item>
/// <item>Library: builds sharing names are builds of one library. Taken in input order, a build joins the library
/// whose names cover at least half of the smaller of the two name sets (the build's, the library's); otherwise it
/// starts a library. A rebuild keeps nearly every name (rustc's symbol hashes come from the crate's metadata, not from
/// function bodies), while two libraries share almost none (local names carry the crate's codegen-unit prefix,
/// mangled ones the crate's hash), so half leaves wide room on both sides.</item>
/// <item>The build of a library: the one with the most files; ties go to the one whose newest file is newest
/// (modification time), then to the one named first. Every other build of that library is an <see cref="OtherBuild"/>.</item>
/// </list>
/// Memory: one worker buffer per thread, as the merge, plus (NameRef, hash, counter count) of each distinct build.
/// </summary>
internal static class BuildCheck
{
    public sealed class Found
    {
        public Found(OtherBuild otherBuild, IReadOnlyList<int> inputs)
        {
            OtherBuild = otherBuild;
            Inputs = inputs;
        }

        public OtherBuild OtherBuild { get; }

        /// <summary>Indexes of its files in the merge's inputs.</summary>
        public IReadOnlyList<int> Inputs { get; }
    }

    public static List<Found> Run(IReadOnlyList<WeightedInput> inputs, int threads)
    {
        var builds = Identify(inputs, threads);
        var found = new List<Found>();
        foreach (var library in Libraries(builds))
        {
            if (library.Count < 2)
            {
                continue;
            }
            var main = TheBuild(library, inputs);
            foreach (var other in library)
            {
                if (other != main)
                {
                    found.Add(Compare(other, main, inputs));
                }
            }
        }
        found.Sort((a, b) => a.Inputs[0].CompareTo(b.Inputs[0]));
        return found;
    }

    /// <summary>The distinct builds of the raw inputs, in the order of their first file.</summary>
    private static List<Build> Identify(IReadOnlyList<WeightedInput> inputs, int threads)
    {
        var byIdentity = new Dictionary<string, Build>(StringComparer.Ordinal);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
        {
            byte[]? buffer = null;
            for (var i = c; i < inputs.Count; i += threads)
            {
                List<RawBuildFingerprint> fingerprints;
                try
                {
                    var length = FileBytes.ReadInto(inputs[i].Path, ref buffer);
                    if (!RawProfileReader.HasRawMagic(buffer!, length))
                    {
                        continue; // indexed (already a merge) or not a profile: the merge decides
                    }
                    fingerprints = RawBuildFingerprint.Read(buffer!, length, inputs[i].Path);
                }
                catch (ProfileFormatException)
                {
                    continue; // reported by the merge, under the failure mode
                }
                lock (byIdentity)
                {
                    foreach (var fingerprint in fingerprints)
                    {
                        var key = Hex(fingerprint.Identity, fingerprint.Identity.Length);
                        if (!byIdentity.TryGetValue(key, out var build))
                        {
                            build = new Build(fingerprint); // the first file's functions stand for all files of the build
                            byIdentity.Add(key, build);
                        }
                        build.Inputs.Add(i);
                    }
                }
            }
        });
        var builds = new List<Build>(byIdentity.Values);
        foreach (var build in builds)
        {
            build.Inputs.Sort();
            RemoveAdjacentDuplicates(build.Inputs); // a file with two profiles of one build
        }
        builds.Sort((a, b) => a.Inputs[0].CompareTo(b.Inputs[0]));
        return builds;
    }

    private static List<List<Build>> Libraries(List<Build> builds)
    {
        var libraries = new List<List<Build>>();
        var namesPerLibrary = new List<int>();
        var libraryOfName = new Dictionary<ulong, int>(KeyedUInt64Comparer.Instance);
        foreach (var build in builds)
        {
            if (build.Names.Length == 0)
            {
                continue; // no functions: no library to tell, nothing to leave out
            }
            var shared = new Dictionary<int, int>();
            foreach (var name in build.Names)
            {
                if (libraryOfName.TryGetValue(name, out var owner))
                {
                    shared[owner] = shared.TryGetValue(owner, out var count) ? count + 1 : 1;
                }
            }
            var library = -1;
            var best = 0;
            foreach (var entry in shared)
            {
                if (entry.Value > best || (entry.Value == best && entry.Key < library))
                {
                    library = entry.Key;
                    best = entry.Value;
                }
            }
            if (library < 0 || 2L * best < Math.Min(build.Names.Length, namesPerLibrary[library]))
            {
                library = libraries.Count;
                libraries.Add(new List<Build>());
                namesPerLibrary.Add(0);
            }
            libraries[library].Add(build);
            foreach (var name in build.Names)
            {
                if (!libraryOfName.ContainsKey(name))
                {
                    libraryOfName.Add(name, library);
                    namesPerLibrary[library]++;
                }
            }
        }
        return libraries;
    }

    private static Build TheBuild(List<Build> library, IReadOnlyList<WeightedInput> inputs)
    {
        var main = library[0];
        foreach (var candidate in library)
        {
            if (candidate.Inputs.Count > main.Inputs.Count
                || (candidate.Inputs.Count == main.Inputs.Count && Newest(candidate, inputs) > Newest(main, inputs)))
            {
                main = candidate; // a build named earlier keeps a full tie: the library is in input order
            }
        }
        return main;
    }

    private static DateTime Newest(Build build, IReadOnlyList<WeightedInput> inputs)
    {
        if (build.NewestWrite == null)
        {
            var newest = DateTime.MinValue;
            foreach (var index in build.Inputs)
            {
                try
                {
                    var written = File.GetLastWriteTimeUtc(inputs[index].Path);
                    newest = written > newest ? written : newest;
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
            build.NewestWrite = newest;
        }
        return build.NewestWrite.Value;
    }

    /// <summary>Walks both sorted function lists name by name: same shapes, other shapes, or a name only one build has.</summary>
    private static Found Compare(Build other, Build main, IReadOnlyList<WeightedInput> inputs)
    {
        int changed = 0, added = 0, removed = 0;
        var a = other.Functions;
        var b = main.Functions;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (j == b.Length || (i < a.Length && a[i].NameRef < b[j].NameRef))
            {
                added++;
                i = NextName(a, i);
            }
            else if (i == a.Length || b[j].NameRef < a[i].NameRef)
            {
                removed++;
                j = NextName(b, j);
            }
            else
            {
                var endA = NextName(a, i);
                var endB = NextName(b, j);
                var same = endA - i == endB - j;
                for (var k = 0; same && k < endA - i; k++)
                {
                    same = a[i + k].SameAs(b[j + k]);
                }
                changed += same ? 0 : 1;
                i = endA;
                j = endB;
            }
        }
        return new Found(new OtherBuild(other.Describe(inputs), main.Describe(inputs), changed, added, removed), other.Inputs);
    }

    private static int NextName(FunctionShape[] functions, int index)
    {
        var name = functions[index].NameRef;
        while (index < functions.Length && functions[index].NameRef == name)
        {
            index++;
        }
        return index;
    }

    private static void RemoveAdjacentDuplicates(List<int> sorted)
    {
        var kept = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                sorted[kept++] = sorted[i];
            }
        }
        sorted.RemoveRange(kept, sorted.Count - kept);
    }

    internal static string Hex(byte[] bytes, int count)
    {
        var text = new char[2 * Math.Min(count, bytes.Length)];
        for (var i = 0; i < text.Length / 2; i++)
        {
            text[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
            text[2 * i + 1] = "0123456789abcdef"[bytes[i] & 15];
        }
        return new string(text);
    }

    /// <summary>One identity: its functions (from its first file), its distinct names, and its files.</summary>
    private sealed class Build
    {
        public Build(RawBuildFingerprint fingerprint)
        {
            Identity = fingerprint.Identity;
            Functions = fingerprint.Functions;
            BinaryId = fingerprint.BinaryId;
            var names = new List<ulong>(Functions.Length);
            foreach (var function in Functions)
            {
                if (names.Count == 0 || names[names.Count - 1] != function.NameRef)
                {
                    names.Add(function.NameRef);
                }
            }
            Names = names.ToArray();
        }

        public byte[] Identity { get; }

        public FunctionShape[] Functions { get; }

        public byte[]? BinaryId { get; }

        /// <summary>Distinct NameRefs, sorted.</summary>
        public ulong[] Names { get; }

        public List<int> Inputs { get; } = new List<int>();

        public DateTime? NewestWrite { get; set; }

        public RawBuild Describe(IReadOnlyList<WeightedInput> inputs)
        {
            var files = new List<string>(Inputs.Count);
            foreach (var index in Inputs)
            {
                files.Add(inputs[index].Path);
            }
            // A binary id is 20 bytes (GNU build id) in practice; a longer one is cut to keep the message a line.
            return new RawBuild(Hex(Identity, 6), BinaryId == null ? null : Hex(BinaryId, 20), Names.Length, files);
        }
    }
}
