using System.Diagnostics;
using System.Threading.Tasks;
using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>
/// Thousands of damaged inputs: each must parse or throw ProfileFormatException — never another
/// exception, never a hang — and a failed merge must leave no output file behind.
/// </summary>
public class FuzzTests
{
    private const int Cases = 5000;
    private static readonly TimeSpan PerCaseLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public void MutatedProfilesParseOrThrowProfileFormatException()
    {
        var seeds = Fixtures.RawProfiles.Concat(Fixtures.IndexedProfiles).Select(Fixtures.Bytes).ToArray();
        var random = new Random(20261125);
        int parsed = 0, rejected = 0;
        for (var i = 0; i < Cases; i++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], random);
            var outcome = RunBounded(input, $"case {i}");
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

    // Returns true when parsed (and the result merged and serialized), false when rejected.
    private static bool RunBounded(byte[] input, string name)
    {
        var task = Task.Run(() =>
        {
            try
            {
                var profile = ProfileFile.Read(input, name);
                var merger = new ProfileMerger();
                merger.Add(profile, 2);
                IndexedProfileWriter.ToBytes(merger.ToProfile());
                return true;
            }
            catch (ProfileFormatException)
            {
                return false;
            }
        });
        if (!task.Wait(PerCaseLimit))
        {
            File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "rustpgo-hang.bin"), input);
            Assert.Fail($"{name} did not finish within {PerCaseLimit}");
        }
        return task.Result; // rethrows anything but ProfileFormatException, failing the test
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
