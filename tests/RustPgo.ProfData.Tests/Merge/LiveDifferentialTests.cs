using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>
/// Builds the fixture crate instrumented, trains it, merges with llvm-profdata-22 and with us, compares
/// the bytes, then builds with our profile and checks rustc accepted it. Skipped without the tools.
/// </summary>
public class LiveDifferentialTests
{
    private const string Target = "x86_64-unknown-linux-gnu";

    [SkippableFact]
    public void FreshProfilesMergeIdenticallyAndRustcAcceptsOurs()
    {
        var llvmProfdata = ExternalTools.Find("llvm-profdata-22");
        var cargo = ExternalTools.Find("cargo");
        Skip.If(llvmProfdata == null, "llvm-profdata-22 is not installed");
        Skip.If(cargo == null, "cargo is not installed");
        Skip.IfNot(OperatingSystem.IsLinux(), "the fixture crate is built for " + Target);

        var work = Fixtures.TempDirectory();
        var crate = CopyCrate(work);
        var profiles = Path.Combine(work, "profiles");
        Build(cargo!, crate, Path.Combine(work, "instrumented"), $"-Cprofile-generate={profiles}");
        var binary = Path.Combine(work, "instrumented", Target, "release", "pgofixture");
        foreach (var workload in new[] { new[] { "math", "150" }, new[] { "shapes", "333" }, new[] { "all", "25" }, new[] { "copy", "77" } })
        {
            var run = ExternalTools.Run(binary, workload, work, new Dictionary<string, string> { ["LLVM_PROFILE_FILE"] = Path.Combine(profiles, $"{workload[0]}-%p.profraw") });
            Assert.True(run.ExitCode == 0, run.Stderr);
        }
        var raw = Directory.GetFiles(profiles, "*.profraw").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(4, raw.Count);

        var weightedProfile = Path.Combine(work, "weighted.profdata");
        var weighted = raw.Skip(1).Append($"--weighted-input=5,{raw[0]}").ToList();
        LlvmMergeComparison.AssertSameBytes(llvmProfdata!, new[] { "-j", "1" }.Concat(raw).ToList(), work, llvmIsDeterministic: true);
        LlvmMergeComparison.AssertSameBytes(llvmProfdata!, new[] { "-j", "1" }.Concat(weighted).ToList(), work, llvmIsDeterministic: true);
        LlvmMergeComparison.AssertSameBytes(llvmProfdata!, weighted, work, llvmIsDeterministic: false);
        var merge = Fixtures.RunTool(new[] { "merge", "-o", weightedProfile }.Concat(weighted).ToArray());
        Assert.True(merge.ExitCode == 0, merge.Stderr);

        var optimized = Build(cargo!, crate, Path.Combine(work, "optimized"), $"-Cprofile-use={weightedProfile}");
        Assert.DoesNotContain("profile", optimized.ToLowerInvariant());
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
