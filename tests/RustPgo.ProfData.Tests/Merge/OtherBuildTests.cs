using System.Text.RegularExpressions;
using RustPgo.ProfData.Tests.Helpers;
using RustPgo.ProfData.Tests.Hostile;

namespace RustPgo.ProfData.Tests;

/// <summary>
/// RUSTPGO120: raw profiles written by another build of a library than the rest. Synthesized builds of one
/// library differ in one function's hash or counter count; two libraries share no names.
/// </summary>
public class OtherBuildTests
{
    private const string FixOfTheError = ". Merging them would mix stale counts into the profile: merge each build's profiles separately, delete the stale ones, or use --failure-mode=warn to leave them out.\n";
    private const string LeftOut = "; left out of the merge (merge each build's profiles separately to use them).\n";

    /// <summary>A library's functions: name i is <c>crate.…-cgu.0;_ZN…fN…E</c>, hash and counter count as given.</summary>
    private sealed record Library(string Crate, int Functions, Func<int, ulong>? HashOf = null, Func<int, int>? CountersOf = null, Func<int, string>? NameOf = null)
    {
        public string Name(int i) => NameOf?.Invoke(i) ?? $"{Crate}.5bd41e5d5d12f878-cgu.0;_ZN{Crate.Length}{Crate}2f{i}17h{i:x16}E";

        public ulong Hash(int i) => HashOf?.Invoke(i) ?? 0x1000UL + (ulong)i;

        public int Counters(int i) => CountersOf?.Invoke(i) ?? 1 + i % 3;

        /// <summary>A raw profile of this build; every counter holds <paramref name="count"/>.</summary>
        public byte[] Profile(ulong count)
        {
            var builder = new RawProfileBuilder();
            var names = Enumerable.Range(0, Functions).Select(Name).ToArray();
            for (var i = 0; i < Functions; i++)
            {
                builder.Add(names[i], Hash(i), Enumerable.Repeat(count, Counters(i)).ToArray());
            }
            return builder.WithNames(names).Build();
        }

        /// <summary>This build with function <paramref name="changed"/>'s hash changed.</summary>
        public Library WithChangedHash(int changed) => this with { HashOf = i => i == changed ? 0xdead_0000UL + (ulong)i : Hash(i) };
    }

    private static readonly Library LibA = new("liba", 20);

    private static string Write(string folder, string name, byte[] bytes, DateTime? written = null)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, written ?? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        return path;
    }

    private static (int Code, string Stderr, string Output) Merge(string folder, params string[] args)
    {
        var output = Path.Combine(folder, "out.profdata");
        var (code, _, stderr) = Fixtures.RunTool(new[] { "merge", "-o", output }.Concat(args).ToArray());
        return (code, stderr, output);
    }

    private static byte[] MergedBytes(params string[] files) =>
        IndexedProfileWriter.ToBytes(ProfileMerger.MergeFiles(files.Select(f => new WeightedInput(f)).ToList()).Profile);

    [Fact]
    public void ManyFilesOfOneBuildMergeWithoutAWarning()
    {
        var folder = Fixtures.TempDirectory();
        var files = Enumerable.Range(0, 6).Select(i => Write(folder, $"p{i}.profraw", LibA.Profile((ulong)i + 1))).ToArray();

        var (code, stderr, output) = Merge(folder, files);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal(MergedBytes(files), File.ReadAllBytes(output));
        Assert.Empty(ProfileMerger.MergeFiles(files.Select(f => new WeightedInput(f)).ToList(), checkBuilds: true).OtherBuilds);
    }

    [Fact]
    public void AChangedHashFailsTheMergeByDefaultNamingTheOddFile()
    {
        var folder = Fixtures.TempDirectory();
        var kept = Enumerable.Range(0, 3).Select(i => Write(folder, $"new{i}.profraw", LibA.Profile(1))).ToArray();
        var stale = Write(folder, "old.profraw", LibA.WithChangedHash(7).Profile(1), new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc));

        var (code, stderr, output) = Merge(folder, kept.Append(stale).ToArray());

        Assert.Equal(1, code);
        Assert.False(File.Exists(output));
        Assert.Matches(
            "^rustpgo: error: RUSTPGO120: 1 raw profile from another build of the same library: " + Regex.Escape(stale) + @" \(build [0-9a-f]{12}\) "
            + "differs from the build of 3 raw profiles " + Regex.Escape(string.Join(", ", kept)) + @" \(build [0-9a-f]{12}\): "
            + "1 function changed, 0 added, 0 removed" + Regex.Escape(FixOfTheError) + "$",
            stderr);
    }

    [Theory]
    [InlineData("warn")]
    [InlineData("all")]
    public void ACounterCountChangeIsLeftOutWithAWarningUnderALenientFailureMode(string failureMode)
    {
        var folder = Fixtures.TempDirectory();
        var kept = new[] { Write(folder, "a.profraw", LibA.Profile(2)), Write(folder, "b.profraw", LibA.Profile(5)) };
        var stale = Write(folder, "stale.profraw", (LibA with { CountersOf = i => i == 3 ? 9 : LibA.Counters(i) }).Profile(1000));

        var (code, stderr, output) = Merge(folder, "--failure-mode=" + failureMode, stale, kept[0], kept[1]);

        Assert.Equal(0, code);
        Assert.Matches(
            "^rustpgo: warning: RUSTPGO120: 1 raw profile from another build of the same library: " + Regex.Escape(stale) + @" \(build [0-9a-f]{12}\) "
            + "differs from the build of 2 raw profiles " + Regex.Escape(kept[0] + ", " + kept[1]) + @" \(build [0-9a-f]{12}\): "
            + "1 function changed, 0 added, 0 removed" + Regex.Escape(LeftOut) + "$",
            stderr);
        Assert.Equal(MergedBytes(kept), File.ReadAllBytes(output));
        var merged = IndexedProfileReader.Read(output);
        Assert.All(merged.Records, record => Assert.All(record.Counts, count => Assert.Equal(7UL, count)));
    }

    [Fact]
    public void TheLibraryApiThrowsOrLeavesOutAndMergesOnlyTheRest()
    {
        var folder = Fixtures.TempDirectory();
        var inputs = new[]
        {
            Write(folder, "x1.profraw", LibA.Profile(3)),
            Write(folder, "y.profraw", LibA.WithChangedHash(0).Profile(100)),
            Write(folder, "x2.profraw", LibA.Profile(4)),
        }.Select(f => new WeightedInput(f)).ToList();

        var error = Assert.Throws<MixedBuildsException>(() => ProfileMerger.MergeFiles(inputs, checkBuilds: true));
        var other = Assert.Single(error.OtherBuilds);
        Assert.Equal(new[] { inputs[1].Path }, other.Build.Files);
        Assert.Equal(new[] { inputs[0].Path, inputs[2].Path }, other.DiffersFrom.Files);
        Assert.Equal((1, 0, 0), (other.ChangedFunctions, other.AddedFunctions, other.RemovedFunctions));
        Assert.Equal(20, other.Build.Functions);
        Assert.NotEqual(other.Build.Identity, other.DiffersFrom.Identity);
        Assert.StartsWith("RUSTPGO120: 1 raw profile from another build", error.Message);

        var result = ProfileMerger.MergeFiles(inputs, failureMode: MergeFailureMode.Warn, checkBuilds: true);
        Assert.Equal(inputs[1].Path, Assert.Single(Assert.Single(result.OtherBuilds).Build.Files));
        Assert.Equal(MergedBytes(inputs[0].Path, inputs[2].Path), IndexedProfileWriter.ToBytes(result.Profile));

        // Off (the default): merged as llvm-profdata would, the changed function under two hashes.
        Assert.Empty(ProfileMerger.MergeFiles(inputs).OtherBuilds);
    }

    [Fact]
    public void RealProfilesOfTheVariantBuildAreFound()
    {
        // variant.profraw: the fixture crate built with --cfg variant, collatz with a new CFG hash (Fixtures/README.md).
        var folder = Fixtures.TempDirectory();
        string[] inputs = { Fixtures.PathOf("all.profraw"), Fixtures.PathOf("variant.profraw"), Fixtures.PathOf("shapes.profraw") };

        var (code, stderr, _) = Merge(folder, inputs);

        Assert.Equal(1, code);
        Assert.StartsWith("rustpgo: error: RUSTPGO120: 1 raw profile from another build of the same library: " + inputs[1] + " (build ", stderr);
        Assert.Contains(", binary id ", stderr); // rustc's Linux builds write a GNU build id
        Assert.Contains("differs from the build of 2 raw profiles " + inputs[0] + ", " + inputs[2] + " (build ", stderr);
        Assert.Contains("): 1 function changed, 0 added, 0 removed. ", stderr);

        var (warnCode, warning, output) = Merge(folder, new[] { "--failure-mode=warn" }.Concat(inputs).ToArray());
        Assert.Equal(0, warnCode);
        Assert.StartsWith("rustpgo: warning: RUSTPGO120: ", warning);
        Assert.Equal(MergedBytes(inputs[0], inputs[2]), File.ReadAllBytes(output));
    }

    [Fact]
    public void AllowMixedBuildsMergesEveryInput()
    {
        var folder = Fixtures.TempDirectory();
        var files = new[] { Write(folder, "a.profraw", LibA.Profile(1)), Write(folder, "b.profraw", LibA.WithChangedHash(2).Profile(1)) };

        var (code, stderr, output) = Merge(folder, new[] { "--allow-mixed-builds" }.Concat(files).ToArray());

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal(MergedBytes(files), File.ReadAllBytes(output));
    }

    [Fact]
    public void TwoLibrariesMergeWithoutAWarning()
    {
        var folder = Fixtures.TempDirectory();
        var libB = new Library("libb", 8);
        var files = new[]
        {
            Write(folder, "a1.profraw", LibA.Profile(1)), Write(folder, "a2.profraw", LibA.Profile(2)), Write(folder, "b.profraw", libB.Profile(3)),
        };

        var (code, stderr, output) = Merge(folder, files);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal(28, IndexedProfileReader.Read(output).Records.Count);
    }

    [Fact]
    public void FolderInputsAreCheckedAcrossTwoLibraries()
    {
        // A field folder: libA's and libB's profiles side by side, one of libB's from last week's build.
        var folder = Fixtures.TempDirectory();
        var libB = new Library("libb", 8);
        var field = Path.Combine(folder, "field");
        Write(field, "host1/a.profraw", LibA.Profile(1));
        Write(field, "host1/b.profraw", libB.Profile(1));
        Write(field, "host2/a.profraw", LibA.Profile(1));
        Write(field, "host2/b.profraw", libB.Profile(1));
        var stale = Write(field, "host3/b.profraw", libB.WithChangedHash(5).Profile(1));

        var (code, stderr, output) = Merge(folder, "--failure-mode=warn", field);

        Assert.Equal(0, code);
        Assert.StartsWith("rustpgo: warning: RUSTPGO120: 1 raw profile from another build of the same library: " + stale + " (build ", stderr);
        Assert.Contains("differs from the build of 2 raw profiles " + Path.Combine(field, "host1/b.profraw") + ", " + Path.Combine(field, "host2/b.profraw"), stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(MergedBytes(Directory.GetFiles(field, "*", SearchOption.AllDirectories).Where(f => f != stale).OrderBy(f => f, StringComparer.Ordinal).ToArray()),
            File.ReadAllBytes(output));
    }

    [Theory]
    [InlineData(10, true)] // half of the smaller build's 20 names: one library, two builds
    [InlineData(9, false)] // less than half: two libraries
    public void BuildsSharingHalfTheSmallerBuildsNamesAreOneLibrary(int sharedNames, bool oneLibrary)
    {
        var folder = Fixtures.TempDirectory();
        var big = new Library("liba", 40);
        // 20 functions: the first sharedNames are big's functions 0.., the rest names big does not have.
        var small = new Library("liba", 20, NameOf: i => i < sharedNames ? big.Name(i) : big.Name(1000 + i));
        var files = new[] { Write(folder, "big1.profraw", big.Profile(1)), Write(folder, "big2.profraw", big.Profile(1)), Write(folder, "small.profraw", small.Profile(1)) };

        var result = ProfileMerger.MergeFiles(files.Select(f => new WeightedInput(f)).ToList(), failureMode: MergeFailureMode.Warn, checkBuilds: true);

        if (oneLibrary)
        {
            var other = Assert.Single(result.OtherBuilds);
            Assert.Equal(new[] { files[2] }, other.Build.Files);
            Assert.Equal((0, 20 - sharedNames, 40 - sharedNames), (other.ChangedFunctions, other.AddedFunctions, other.RemovedFunctions));
        }
        else
        {
            Assert.Empty(result.OtherBuilds);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ATieGoesToTheBuildWhoseNewestFileIsNewest(bool firstIsNewer)
    {
        var folder = Fixtures.TempDirectory();
        var older = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var newer = older.AddHours(1);
        var first = Write(folder, "first.profraw", LibA.Profile(1), firstIsNewer ? newer : older);
        var firstToo = Write(folder, "first-too.profraw", LibA.Profile(1), older);
        var second = Write(folder, "second.profraw", LibA.WithChangedHash(1).Profile(1), firstIsNewer ? older : newer);
        var secondToo = Write(folder, "second-too.profraw", LibA.WithChangedHash(1).Profile(1), older);

        var result = ProfileMerger.MergeFiles(new[] { first, second, firstToo, secondToo }.Select(f => new WeightedInput(f)).ToList(), failureMode: MergeFailureMode.Warn, checkBuilds: true);

        var other = Assert.Single(result.OtherBuilds);
        Assert.Equal(firstIsNewer ? new[] { second, secondToo } : new[] { first, firstToo }, other.Build.Files);
    }

    [Fact]
    public void AFullTieGoesToTheBuildNamedFirst()
    {
        var folder = Fixtures.TempDirectory();
        var first = Write(folder, "b-first.profraw", LibA.WithChangedHash(4).Profile(1));
        var second = Write(folder, "a-second.profraw", LibA.Profile(1));

        var result = ProfileMerger.MergeFiles(new[] { new WeightedInput(first), new WeightedInput(second) }, failureMode: MergeFailureMode.Warn, checkBuilds: true);

        Assert.Equal(second, Assert.Single(Assert.Single(result.OtherBuilds).Build.Files));
    }

    [Fact]
    public void IndexedInputsAreNotChecked()
    {
        // merged.profdata holds the fixture crate's first build; variant.profraw is the only raw input.
        var folder = Fixtures.TempDirectory();

        var (code, stderr, _) = Merge(folder, Fixtures.PathOf("merged.profdata"), Fixtures.PathOf("variant.profraw"));

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void AFileOfTwoConcatenatedProfilesBelongsToBothBuilds()
    {
        // One file holds libA and libB (one process, one file name): its libA profile is libA's build, not another one.
        var folder = Fixtures.TempDirectory();
        var libB = new Library("libb", 8);
        var both = Write(folder, "both.profraw", LibA.Profile(1).Concat(libB.Profile(1)).ToArray());
        var a = Write(folder, "a.profraw", LibA.Profile(1));
        var staleB = Write(folder, "b-stale.profraw", libB.WithChangedHash(0).Profile(1));

        var result = ProfileMerger.MergeFiles(new[] { both, a, staleB }.Select(f => new WeightedInput(f)).ToList(), failureMode: MergeFailureMode.Warn, checkBuilds: true);

        Assert.Equal(staleB, Assert.Single(Assert.Single(result.OtherBuilds).Build.Files));
    }

    [Fact]
    public void ManyOddFilesAreNamedFirstFewAndCounted()
    {
        var folder = Fixtures.TempDirectory();
        var current = Enumerable.Range(0, 6).Select(i => Write(folder, $"c{i}.profraw", LibA.Profile(1))).ToArray();
        var stale = Enumerable.Range(0, 5).Select(i => Write(folder, $"s{i}.profraw", LibA.WithChangedHash(3).Profile(1))).ToArray();

        var (code, stderr, _) = Merge(folder, current.Concat(stale).ToArray());

        Assert.Equal(1, code);
        Assert.Contains($"5 raw profiles from another build of the same library: {stale[0]}, {stale[1]}, {stale[2]} and 2 more (build ", stderr);
        Assert.Contains($") differ from the build of 6 raw profiles {current[0]}, {current[1]}, {current[2]} and 3 more (build ", stderr);
    }

    [Fact]
    public void FileNamesInTheMessageAreEscaped()
    {
        var folder = Fixtures.TempDirectory();
        var good = new[] { Write(folder, "a.profraw", LibA.Profile(1)), Write(folder, "b.profraw", LibA.Profile(1)) };
        var stale = Write(folder, "\u001b]0;pwned\u0007.profraw", LibA.WithChangedHash(3).Profile(1));

        var (code, stderr, _) = Merge(folder, good.Append(stale).ToArray());

        Assert.Equal(1, code);
        HostileInputTests.AssertPrintable(stderr);
        Assert.Contains(@"\x1b]0;pwned\x07.profraw (build ", stderr);
    }
}
