using System.Threading.Tasks;
using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>
/// Thousands of damaged inputs: each must parse or throw ProfileFormatException — never another
/// exception, never a hang, never memory out of proportion to the file — and a failed merge must leave no
/// output file behind. Random damage (bit flips, garbage, truncation) and structure-aware damage (the counts,
/// offsets, sizes and name lengths of real profiles, one field at a time, records aliasing each other).
/// </summary>
public class FuzzTests
{
    private const int Cases = 5000;
    private static readonly TimeSpan PerCaseLimit = TimeSpan.FromSeconds(10);

    // What reading, merging (twice), summarizing and demangling one case may allocate per input byte: compressed names
    // may inflate 64 times and cost ~8 bytes per inflated byte (see HostileInputTests), so the fixtures (rustc's
    // compressed names) get 640; the synthesized profiles (stored names) need ~12 and get 32.
    private const int CompressedNamesFactor = 640;
    private const int StoredNamesFactor = 32;

    [Fact]
    public void MutatedProfilesParseOrThrowProfileFormatException()
    {
        var seeds = Fixtures.RawProfiles.Concat(Fixtures.IndexedProfiles).Select(Fixtures.Bytes).ToArray();
        var random = new Random(20261125);
        int parsed = 0, rejected = 0;
        for (var i = 0; i < Cases; i++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], random);
            var outcome = RunBounded(input, $"case {i}", CompressedNamesFactor);
            if (outcome)
            {
                parsed++;
            }
            else
            {
                rejected++;
            }
        }
        Assert.True(rejected > Cases / 4, $"only {rejected} of {Cases} mutations were rejected; the mutator is too gentle");
        Assert.True(parsed > 0, "no mutation parsed; the mutator is too harsh");
    }

    [Fact]
    public void StructureAwareMutationsParseOrThrowProfileFormatException()
    {
        // The fixtures, and two larger synthesized profiles (2,000 functions): lies told by every record at once cost
        // records x counters there, which a bound per input byte catches.
        var seeds = Fixtures.RawProfiles.Concat(Fixtures.IndexedProfiles)
            .Select(name => (Name: name, Bytes: Fixtures.Bytes(name), Factor: CompressedNamesFactor))
            .Concat(new[] { 1, 2 }.Select(seed => (Name: $"synthesized-{seed}", Bytes: RustPgo.ProfData.Synthesis.RawProfileSynthesizer.Create(2000, seed), Factor: StoredNamesFactor)))
            .Select(seed => (seed.Name, seed.Bytes, seed.Factor, Fields: ProfileFields.Of(seed.Bytes)))
            .ToArray();
        var random = new Random(19);
        int parsed = 0, rejected = 0;
        var rejectedByKind = new Dictionary<FieldKind, int>();
        for (var i = 0; i < Cases; i++)
        {
            var seed = seeds[random.Next(seeds.Length)];
            var input = (byte[])seed.Bytes.Clone();
            var kinds = new List<FieldKind>();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                kinds.Add(random.Next(8) == 0 ? MutateEveryRecord(input, seed.Fields, random) : MutateField(input, seed.Fields, random));
            }
            if (RunBounded(input, $"structure case {i} ({seed.Name}: {string.Join(", ", kinds)})", seed.Factor))
            {
                parsed++;
            }
            else
            {
                rejected++;
                foreach (var kind in kinds.Distinct())
                {
                    rejectedByKind[kind] = rejectedByKind.GetValueOrDefault(kind) + 1;
                }
            }
        }
        Assert.True(rejected > Cases / 4, $"only {rejected} of {Cases} mutations were rejected");
        Assert.True(parsed > Cases / 10, $"only {parsed} of {Cases} mutations parsed");
        // Every kind of lie was caught somewhere (the fixtures have no bitmaps, so bitmap pointers are never read).
        foreach (var kind in new[] { FieldKind.HeaderCount, FieldKind.HeaderOffset, FieldKind.CounterPointer, FieldKind.RecordCount, FieldKind.NameLength, FieldKind.DataLength, FieldKind.BlobSize, FieldKind.BlobCount })
        {
            Assert.True(rejectedByKind.GetValueOrDefault(kind) > 0, $"no mutation of a {kind} was rejected");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, this is not a profile")]
    [InlineData("\xff\x6c\x70\x72\x6f\x66\x72\x81")]
    public void ForeignFilesAreRejected(string text)
    {
        var data = text.Select(c => (byte)c).ToArray();
        Assert.Throws<ProfileFormatException>(() => ProfileFile.Read(data, "foreign"));
    }

    [Fact]
    public void RandomBytesAndOtherFormatsAreRejected()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var data = new byte[random.Next(0, 4096)];
            random.NextBytes(data);
            Assert.Throws<ProfileFormatException>(() => ProfileFile.Read(data, "random"));
        }
        var assembly = File.ReadAllBytes(typeof(ProfileFile).Assembly.Location);
        Assert.Throws<ProfileFormatException>(() => ProfileFile.Read(assembly, "dll"));
    }

    [Fact]
    public void FailedMergeLeavesNoOutputFile()
    {
        var folder = Fixtures.TempDirectory();
        var corrupt = Path.Combine(folder, "corrupt.profraw");
        var data = Fixtures.Bytes("math.profraw");
        File.WriteAllBytes(corrupt, data.Take(data.Length / 2).ToArray());
        var output = Path.Combine(folder, "out.profdata");

        var (code, _, stderr) = Fixtures.RunTool("merge", "-o", output, Fixtures.PathOf("shapes.profraw"), corrupt);

        Assert.Equal(1, code);
        Assert.StartsWith("rustpgo: error: " + corrupt + ": ", stderr);
        Assert.Equal(new[] { corrupt }, Directory.GetFiles(folder));
    }

    [Fact]
    public void WriteIntoMissingFolderFailsWithoutLeftovers()
    {
        var folder = Fixtures.TempDirectory();
        var output = Path.Combine(folder, "missing", "out.profdata");
        var profile = IndexedProfileReader.Read(Fixtures.PathOf("merged.profdata"));

        Assert.ThrowsAny<IOException>(() => IndexedProfileWriter.Write(output, profile));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void WriteOverADirectoryFailsWithoutLeftovers()
    {
        var folder = Fixtures.TempDirectory();
        var output = Path.Combine(folder, "out.profdata");
        Directory.CreateDirectory(output);
        var profile = IndexedProfileReader.Read(Fixtures.PathOf("merged.profdata"));

        Assert.ThrowsAny<Exception>(() => IndexedProfileWriter.Write(output, profile));
        Assert.Equal(new[] { output }, Directory.GetFileSystemEntries(folder));
    }

    // Returns true when parsed (and the result merged, serialized, summarized and its names demangled and escaped
    // as show prints them), false when rejected.
    private static bool RunBounded(byte[] input, string name, int allocationFactor)
    {
        var task = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var profile = ProfileFile.Read(input, name);
                var merger = new ProfileMerger();
                merger.Add(profile, 2);
                merger.Add(profile, 1);
                var merged = merger.ToProfile();
                IndexedProfileWriter.ToBytes(merged);
                ProfileSummary.Compute(merged.Records);
                ProfileStatistics.Hottest(merged.Records, 10);
                foreach (var record in profile.Records)
                {
                    NameText.Escape(RustSymbolDemangler.Demangle(record.Name));
                }
                return true;
            }
            catch (ProfileFormatException)
            {
                return false;
            }
            finally
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated > (4L << 20) + (long)allocationFactor * input.Length)
                {
                    File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "rustpgo-allocation.bin"), input);
                    Assert.Fail($"{name} allocated {allocated} bytes for {input.Length}");
                }
            }
        });
        if (!task.Wait(PerCaseLimit))
        {
            File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "rustpgo-hang.bin"), input);
            Assert.Fail($"{name} did not finish within {PerCaseLimit}");
        }
        return task.Result; // rethrows anything but ProfileFormatException, failing the test
    }

    // The same lie in every data record: all counter ranges one range, all names one name, all hashes one hash, every
    // record half the counters of the section, or all of these (every record reads all counters). Returns the kind.
    private static FieldKind MutateEveryRecord(byte[] data, List<Field> fields, Random random)
    {
        if (random.Next(5) == 0 && BitConverter.ToUInt64(data, 0) == 0xff6c70726f667281UL)
        {
            // Raw: record r's counters start at CounterPtr - (CountersDelta - 64 r); make that 0 with all the counters.
            var pointers = fields.Where(f => f.Kind == FieldKind.CounterPointer).ToList();
            var delta = BitConverter.ToUInt64(data, 80);
            var total = BitConverter.ToUInt64(data, 40);
            for (var r = 0; r < pointers.Count; r++)
            {
                ProfileFields.Write(data, pointers[r], unchecked(delta - 64UL * (ulong)r));
                ProfileFields.Write(data, new Field(pointers[r].Offset + 32, 4, FieldKind.RecordCount), total & uint.MaxValue);
            }
            return FieldKind.CounterPointer;
        }
        var kind = new[] { FieldKind.CounterPointer, FieldKind.NameRef, FieldKind.FuncHash, FieldKind.RecordCount }[random.Next(4)];
        var all = fields.Where(f => f.Kind == kind && f.Width >= 4).ToList();
        if (all.Count == 0)
        {
            return kind;
        }
        var first = all[0];
        var value = ProfileFields.Read(data, first);
        var counters = fields.Count(f => f.Kind == FieldKind.Counter);
        foreach (var field in all)
        {
            var mutated = kind switch
            {
                FieldKind.CounterPointer => unchecked(value + (ulong)(first.Offset - field.Offset)), // record 0's counters
                FieldKind.RecordCount => (ulong)(counters / 2),
                _ => value,
            };
            ProfileFields.Write(data, field, field.Width == 4 ? mutated & uint.MaxValue : mutated);
        }
        return kind;
    }

    // Changes one field of a real profile; returns what kind of field it was.
    private static FieldKind MutateField(byte[] data, List<Field> fields, Random random)
    {
        var field = fields[random.Next(fields.Count)];
        var value = ProfileFields.Read(data, field);
        var max = field.Leb ? (1UL << (7 * field.Width)) - 1 : field.Width == 8 ? ulong.MaxValue : (1UL << (8 * field.Width)) - 1;
        var sameKind = fields.Where(f => f.Kind == field.Kind && f.Width == field.Width).ToList();
        var other = sameKind[random.Next(sameKind.Count)];
        ulong mutated;
        switch (random.Next(9))
        {
            case 0:
                mutated = new[] { 0UL, 1UL, 2UL, 7UL, 8UL, max, max - 1, max >> 1, (max >> 1) + 1 }[random.Next(9)];
                break;
            case 1:
                mutated = unchecked(value + (ulong)random.Next(1, 9));
                break;
            case 2:
                mutated = unchecked(value - (ulong)random.Next(1, 9));
                break;
            case 3:
                mutated = unchecked(value * (ulong)new[] { 2, 3, 8, 1000, 65536 }[random.Next(5)]);
                break;
            case 4: // the value of another field of the same kind: two records with one name, hash or counter range
                mutated = ProfileFields.Read(data, other);
                break;
            case 5 when field.Kind == FieldKind.CounterPointer && other.Offset != field.Offset:
            {
                // Exactly the counters of another record (raw counter pointers are relative to their record's offset).
                var shift = (long)(other.Offset - field.Offset);
                mutated = unchecked(ProfileFields.Read(data, other) + (ulong)shift);
                break;
            }
            case 6 when field.Kind is FieldKind.CounterPointer or FieldKind.NameRef or FieldKind.FuncHash && other.Offset != field.Offset:
            {
                // A whole data record copied over another one: a duplicate name, hash and aliased counters.
                var from = other.Offset - (field.Kind == FieldKind.NameRef ? 0 : field.Kind == FieldKind.FuncHash ? 8 : 16);
                var to = field.Offset - (field.Kind == FieldKind.NameRef ? 0 : field.Kind == FieldKind.FuncHash ? 8 : 16);
                if (from >= 0 && to >= 0 && from + 64 <= data.Length && to + 64 <= data.Length)
                {
                    Array.Copy(data, from, data, to, 64);
                }
                return field.Kind;
            }
            default:
                mutated = (ulong)random.NextInt64() & max;
                break;
        }
        ProfileFields.Write(data, field, mutated & max);
        return field.Kind;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var data = (byte[])seed.Clone();
        switch (random.Next(6))
        {
            case 0: // a few bit flips anywhere
                for (var i = random.Next(1, 8); i > 0; i--)
                {
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                }
                return data;
            case 1: // truncation
                return data.Take(random.Next(data.Length)).ToArray();
            case 2: // random bytes in the headers
                for (var i = random.Next(1, 6); i > 0; i--)
                {
                    data[random.Next(Math.Min(data.Length, 200))] = (byte)random.Next(256);
                }
                return data;
            case 3: // an aligned 64-bit field set to an edge value
            {
                ulong[] edges = { 0, 1, 7, 0xff, 0xffff, 0xffffffff, 0x7fffffffffffffff, ulong.MaxValue, (ulong)random.NextInt64() };
                var at = random.Next(data.Length / 8) * 8;
                BitConverter.GetBytes(edges[random.Next(edges.Length)]).CopyTo(data, Math.Min(at, data.Length - 8));
                return data;
            }
            case 4: // a 32-bit field set to an edge value (value-profile sizes, counter counts)
            {
                uint[] edges = { 0, 1, 8, 0xff, 0xffff, uint.MaxValue, (uint)random.Next() };
                var at = random.Next(data.Length / 4) * 4;
                BitConverter.GetBytes(edges[random.Next(edges.Length)]).CopyTo(data, Math.Min(at, data.Length - 4));
                return data;
            }
            default: // a chunk of random garbage
            {
                var at = random.Next(data.Length);
                var garbage = new byte[Math.Min(random.Next(1, 64), data.Length - at)];
                random.NextBytes(garbage);
                garbage.CopyTo(data, at);
                return data;
            }
        }
    }
}
