using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests;

/// <summary>
/// <c>rustpgo show --fit TODAY PROFILE</c>. The fixture profiles describe two builds of the fixture crate (variant.profraw:
/// collatz changed); the crate tests build a small instrumented cdylib twice (once with one function changed), run the
/// first build once for a raw profile, and read the libraries themselves. Skipped without cargo and rustc.
/// </summary>
public class FitTests
{
    private static readonly Lazy<FitCrate> Crate = new(BuildFitCrate);

    [Fact]
    public void AProfileOfTheSameBuildFitsFully()
    {
        var (code, stdout, stderr) = Fixtures.RunTool("show", "--fit", Fixtures.PathOf("all.profraw"), Fixtures.PathOf("merged.profdata"));

        Assert.True(code == 0, stderr);
        Assert.Equal(
            "Today's functions: 21\n"
            + "Functions with data (same hash): 21 (19 executed)\n"
            + "Functions changed (hash differs): 0\n"
            + "Functions without data: 0\n"
            + "Profile functions not in today's build: 0\n"
            + "Profile counts on unchanged functions: 100.00% (29707 of 29707)\n"
            + "Verdict: good fit: the profile's counts land on today's unchanged functions\n",
            stdout);
    }

    [Fact]
    public void AChangedFunctionIsListedWithTheProfilesCountOnIt()
    {
        // Today = the variant build (collatz changed); the profile = five runs of the first build.
        var (code, stdout, _) = Fixtures.RunTool("show", "--fit", Fixtures.PathOf("variant.profraw"), "--demangle", Fixtures.PathOf("merged.profdata"));

        Assert.Equal(0, code);
        Assert.Equal(
            "Today's functions: 21\n"
            + "Functions with data (same hash): 20 (18 executed)\n"
            + "Functions changed (hash differs): 1\n"
            + "Functions without data: 0\n"
            + "Profile functions not in today's build: 0\n"
            + "Profile counts on unchanged functions: 45.98% (13662 of 29707)\n"
            + "Verdict: poor fit: 54.02% of the profile's counts are on functions that changed or are gone; retrain with today's build before shipping\n"
            + "Hottest changed functions (1 of 1):\n"
            + "  pgofixture::collatz, count = 16045\n",
            stdout);
    }

    [Fact]
    public void AnIndexedProfileDoesNotDescribeABuild()
    {
        var (code, stdout, stderr) = Fixtures.RunTool("show", "--fit", Fixtures.PathOf("merged.profdata"), Fixtures.PathOf("merged.profdata"));

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"rustpgo: error: {Fixtures.PathOf("merged.profdata")}: an indexed profile (a merge), not a build: pass a raw profile written by a run of today's instrumented library, or the library itself\n", stderr);
    }

    [Fact]
    public void AnUnreadableProfileIsAnError()
    {
        var folder = Fixtures.TempDirectory();
        var corrupt = Path.Combine(folder, "bad.profdata");
        File.WriteAllBytes(corrupt, new byte[] { 1, 2, 3 });

        var (code, _, stderr) = Fixtures.RunTool("show", "--fit", Fixtures.PathOf("all.profraw"), corrupt);

        Assert.Equal(1, code);
        Assert.StartsWith("rustpgo: error: " + corrupt + ": ", stderr);
    }

    [SkippableFact]
    public void TheLibraryOfTheSameBuildFitsItsOwnProfileFully()
    {
        var crate = Crate.Value;
        var merged = Path.Combine(Fixtures.TempDirectory(), "field.profdata");
        Assert.Equal(0, Fixtures.RunTool("merge", "-o", merged, crate.Profile).ExitCode);

        var fromLibrary = Fixtures.RunTool("show", "--fit", crate.Library, merged);
        var fromRawProfile = Fixtures.RunTool("show", "--fit", crate.Profile, merged);

        Assert.True(fromLibrary.ExitCode == 0, fromLibrary.Stderr);
        Assert.Contains("Functions changed (hash differs): 0\n", fromLibrary.Stdout);
        Assert.Contains("Functions without data: 0\n", fromLibrary.Stdout);
        Assert.Matches(@"Profile counts on unchanged functions: 100\.00% \((\d+) of \1\)\n", fromLibrary.Stdout);
        Assert.Contains("Verdict: good fit: ", fromLibrary.Stdout);
        Assert.Equal(fromRawProfile.Stdout, fromLibrary.Stdout); // the library and a run of it describe one build
    }

    [SkippableFact]
    public void TheChangedLibraryListsItsChangedFunction()
    {
        var crate = Crate.Value;

        var (code, stdout, stderr) = Fixtures.RunTool("show", "--fit", crate.ChangedLibrary, "--demangle", crate.Profile);

        Assert.True(code == 0, stderr);
        Assert.Contains("Functions changed (hash differs): 1\n", stdout);
        Assert.Contains("Functions without data: 0\n", stdout);
        Assert.Contains("Hottest changed functions (1 of 1):\n  fitlib::collatz, count = ", stdout);
        Assert.DoesNotContain("100.00%", stdout);
    }

    [SkippableFact]
    public void TheElfReaderFindsTheFunctionsARunOfTheLibraryRecords()
    {
        var crate = Crate.Value;

        var (data, names) = ElfProfileSections.Read(crate.Library);
        var fromLibrary = InstrumentedFunctions.Read(crate.Library);
        var fromRun = RawProfileReader.Read(crate.Profile);

        Assert.Equal(0, data.Length % 64);
        Assert.NotEmpty(names);
        Assert.Equal(data.Length / 64, fromLibrary.Count);
        Assert.Equal(
            fromRun.Records.Select(r => (r.Name, r.Hash, (uint)r.Counts.Count)).OrderBy(f => f),
            fromLibrary.Select(f => (f.Name, f.Hash, f.Counters)).OrderBy(f => f));
        Assert.Contains(fromLibrary, f => f.Name.Contains("6fitlib7collatz", StringComparison.Ordinal));
    }

    private sealed record FitCrate(string Library, string ChangedLibrary, string Profile);

    private const string Manifest = """
        [package]
        name = "fitlib"
        version = "0.1.0"
        edition = "2021"

        [lib]
        crate-type = ["cdylib"]

        [profile.release]
        codegen-units = 1
        """;

    private const string Source = """
        #[inline(never)]
        fn collatz(mut n: u64) -> u64 {
            let mut steps = 0;
            while n != 1 {
                n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
                steps += 1;
            }
            steps
        }

        #[inline(never)]
        fn checksum(data: &[u8]) -> u64 {
            data.iter().fold(17u64, |h, &b| h.wrapping_mul(31).wrapping_add(b as u64))
        }

        #[inline(never)]
        fn rarely(n: u64) -> u64 {
            if n > 1_000_000 { n / 7 } else { n * 3 }
        }

        #[no_mangle]
        pub extern "C" fn fitlib_run(n: u64) -> u64 {
            let mut total = 0u64;
            for i in 1..=n {
                total = total.wrapping_add(collatz(i));
            }
            total.wrapping_add(checksum(&n.to_le_bytes())).wrapping_add(rarely(n))
        }
        """;

    // The same crate with collatz's body changed: same symbol, another CFG hash.
    private static readonly string ChangedSource = Source.Replace(
        "n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };",
        "n = if n % 2 == 0 { n / 2 } else if n % 3 == 0 { n / 3 * 4 + 1 } else { 3 * n + 1 }; if steps > 1000 { break; }");

    private const string Loader = """
        #[link(name = "fitlib")]
        extern "C" {
            fn fitlib_run(n: u64) -> u64;
        }

        fn main() {
            let n: u64 = std::env::args().nth(1).unwrap().parse().unwrap();
            println!("{}", unsafe { fitlib_run(n) });
        }
        """;

    /// <summary>Both builds of fitlib, and the raw profile of one run of the first (through an uninstrumented loader).</summary>
    private static FitCrate BuildFitCrate()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the fit tests build and read an ELF shared library");
        var cargo = ExternalTools.Find("cargo");
        var rustc = ExternalTools.Find("rustc");
        Skip.If(cargo == null || rustc == null, "cargo and rustc are not installed");
        var work = Fixtures.TempDirectory();
        var library = BuildLibrary(cargo!, work, "first", Source);
        var changed = BuildLibrary(cargo!, work, "changed", ChangedSource);

        var loaderSource = Path.Combine(work, "loader.rs");
        File.WriteAllText(loaderSource, Loader);
        var loader = Path.Combine(work, "loader");
        var compile = ExternalTools.Run(rustc!, new[] { "-O", loaderSource, "-L", Path.GetDirectoryName(library)!, "-o", loader }, work);
        Assert.True(compile.ExitCode == 0, compile.Stderr);

        var profile = Path.Combine(work, "first.profraw");
        var run = ExternalTools.Run(loader, new[] { "300" }, work, new Dictionary<string, string>
        {
            ["LD_LIBRARY_PATH"] = Path.GetDirectoryName(library)!,
            ["LLVM_PROFILE_FILE"] = profile,
        });
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(profile), "the instrumented library wrote no profile");
        return new FitCrate(library, changed, profile);
    }

    private static string BuildLibrary(string cargo, string work, string name, string source)
    {
        var crate = Path.Combine(work, name);
        Directory.CreateDirectory(Path.Combine(crate, "src"));
        File.WriteAllText(Path.Combine(crate, "Cargo.toml"), Manifest);
        File.WriteAllText(Path.Combine(crate, "src", "lib.rs"), source);
        var build = ExternalTools.Run(cargo, new[] { "build", "--release", "--quiet" }, crate, new Dictionary<string, string>
        {
            ["RUSTFLAGS"] = "-Cprofile-generate=" + Path.Combine(work, "unused"),
            ["CARGO_TARGET_DIR"] = Path.Combine(crate, "target"),
            ["CARGO_NET_OFFLINE"] = "true",
        });
        Assert.True(build.ExitCode == 0, build.Stderr);
        return Path.Combine(crate, "target", "release", "libfitlib.so");
    }
}
