using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>
/// Builds the fixture crate instrumented and trains it (once per test run), then, for every llvm-profdata of LLVM
/// 19–22 RustPgo.Sdk would find (see <see cref="LlvmProfdataTools"/>), merges with it and with us, compares the
/// bytes, and builds with our profile to check that rustc accepts it. Skipped without the tools.
/// </summary>
[Collection(LlvmProfdataComparisons.Name)]
public class LiveDifferentialTests
{
    private const string Target = "x86_64-unknown-linux-gnu";

    private static readonly Lazy<Trained> Training = new(Train);

    public static TheoryData<int> Majors() => LlvmProfdataTools.Majors();

    [SkippableTheory]
    [MemberData(nameof(Majors))]
    public void FreshProfilesMergeIdenticallyAndRustcAcceptsOurs(int llvmMajor)
    {
        var llvmProfdata = LlvmProfdataTools.Require(llvmMajor);
        Skip.If(ExternalTools.Find("cargo") == null, "cargo is not installed");
        Skip.IfNot(OperatingSystem.IsLinux(), "the fixture crate is built for " + Target);

        var (crate, raw) = Training.Value;
        var work = Fixtures.TempDirectory();
        var weighted = raw.Skip(1).Append($"--weighted-input=5,{raw[0]}").ToList();
        LlvmMergeComparison.AssertSameBytes(llvmProfdata, new[] { "-j", "1" }.Concat(raw).ToList(), work, llvmIsDeterministic: true);
        LlvmMergeComparison.AssertSameBytes(llvmProfdata, new[] { "-j", "1" }.Concat(weighted).ToList(), work, llvmIsDeterministic: true);
        LlvmMergeComparison.AssertSameBytes(llvmProfdata, weighted, work, llvmIsDeterministic: false);

        var weightedProfile = Path.Combine(work, "weighted.profdata");
        var merge = Fixtures.RunTool(new[] { "merge", "--indexed-version=" + llvmProfdata.IndexedVersion, "-o", weightedProfile }.Concat(weighted).ToArray());
        Assert.True(merge.ExitCode == 0, merge.Stderr);
        var optimized = Build(ExternalTools.Find("cargo")!, crate, Path.Combine(work, "optimized"), $"-Cprofile-use={weightedProfile}");
        Assert.DoesNotContain("profile", optimized.ToLowerInvariant());
    }

    private sealed record Trained(string Crate, List<string> RawProfiles);

    /// <summary>The instrumented fixture crate, run with four workloads: four raw profiles.</summary>
    private static Trained Train()
    {
        var cargo = ExternalTools.Find("cargo")!;
        var work = Fixtures.TempDirectory();
        var crate = CopyCrate(work);
        var profiles = Path.Combine(work, "profiles");
        Build(cargo, crate, Path.Combine(work, "instrumented"), $"-Cprofile-generate={profiles}");
        var binary = Path.Combine(work, "instrumented", Target, "release", "pgofixture");
        foreach (var workload in new[] { new[] { "math", "150" }, new[] { "shapes", "333" }, new[] { "all", "25" }, new[] { "copy", "77" } })
        {
            var run = ExternalTools.Run(binary, workload, work, new Dictionary<string, string> { ["LLVM_PROFILE_FILE"] = Path.Combine(profiles, $"{workload[0]}-%p.profraw") });
            Assert.True(run.ExitCode == 0, run.Stderr);
        }
        var raw = Directory.GetFiles(profiles, "*.profraw").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(4, raw.Count);
        return new Trained(crate, raw);
    }

    private static string CopyCrate(string work)
    {
        var crate = Path.Combine(work, "crate");
        Directory.CreateDirectory(Path.Combine(crate, "src"));
        File.Copy(Fixtures.PathOf("crate/Cargo.toml"), Path.Combine(crate, "Cargo.toml"));
        File.Copy(Fixtures.PathOf("crate/src/main.rs"), Path.Combine(crate, "src", "main.rs"));
        return crate;
    }

    // Returns rustc's diagnostics (cargo's stderr without its own progress lines).
    private static string Build(string cargo, string crate, string targetDir, string rustFlags)
    {
        var result = ExternalTools.Run(cargo, new[] { "build", "--release", "--quiet", "--target", Target }, crate, new Dictionary<string, string>
        {
            ["RUSTFLAGS"] = rustFlags,
            ["CARGO_TARGET_DIR"] = targetDir,
            ["CARGO_NET_OFFLINE"] = "true",
        });
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stderr;
    }
}
