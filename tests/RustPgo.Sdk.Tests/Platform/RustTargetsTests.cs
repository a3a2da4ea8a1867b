using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using RustPgo.Sdk.Tasks.Platform;
using Xunit;
using Xunit.Abstractions;

namespace RustPgo.Sdk.Tests.Platform;

public class RustTargetsTests
{
    private readonly ITestOutputHelper _output;

    public RustTargetsTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("linux-x64", "x86_64-unknown-linux-gnu")]
    [InlineData("linux-arm64", "aarch64-unknown-linux-gnu")]
    [InlineData("linux-musl-x64", "x86_64-unknown-linux-musl")]
    [InlineData("linux-musl-arm64", "aarch64-unknown-linux-musl")]
    [InlineData("win-x64", "x86_64-pc-windows-msvc")]
    [InlineData("win-x86", "i686-pc-windows-msvc")]
    [InlineData("win-arm64", "aarch64-pc-windows-msvc")]
    [InlineData("osx-x64", "x86_64-apple-darwin")]
    [InlineData("osx-arm64", "aarch64-apple-darwin")]
    [InlineData("LINUX-X64", "x86_64-unknown-linux-gnu")]
    // Version-qualified RIDs of older SDKs reduce to the portable one.
    [InlineData("win10-x64", "x86_64-pc-windows-msvc")]
    [InlineData("win7-x86", "i686-pc-windows-msvc")]
    [InlineData("osx.13-arm64", "aarch64-apple-darwin")]
    [InlineData("osx.10.15-x64", "x86_64-apple-darwin")]
    [InlineData("ubuntu.22.04-x64", "x86_64-unknown-linux-gnu")]
    [InlineData("debian.12-arm64", "aarch64-unknown-linux-gnu")]
    [InlineData("alpine.3.19-x64", "x86_64-unknown-linux-musl")]
    [InlineData("alpine.3.19-arm64", "aarch64-unknown-linux-musl")]
    // The reported bug: these fell through to glibc Linux.
    [InlineData("android-arm64", "aarch64-linux-android")]
    [InlineData("Android.21-ARM64", "aarch64-linux-android")]
    [InlineData("android-arm", "armv7-linux-androideabi")]
    [InlineData("linux-bionic-x86", "i686-linux-android")]
    [InlineData("ios-arm64", "aarch64-apple-ios")]
    [InlineData("ios.14-arm64", "aarch64-apple-ios")]
    [InlineData("iossimulator-arm64", "aarch64-apple-ios-sim")]
    [InlineData("iossimulator-x64", "x86_64-apple-ios")]
    [InlineData("maccatalyst-arm64", "aarch64-apple-ios-macabi")]
    [InlineData("maccatalyst.15-x64", "x86_64-apple-ios-macabi")]
    [InlineData("tvos-arm64", "aarch64-apple-tvos")]
    [InlineData("tvossimulator-arm64", "aarch64-apple-tvos-sim")]
    [InlineData("tvossimulator-x64", "x86_64-apple-tvos")]
    [InlineData("illumos-x64", "x86_64-unknown-illumos")]
    [InlineData("omnios.r151044-x64", "x86_64-unknown-illumos")]
    [InlineData("smartos.2021-x64", "x86_64-unknown-illumos")]
    [InlineData("solaris.11-x64", "x86_64-pc-solaris")]
    [InlineData("haiku-x64", "x86_64-unknown-haiku")]
    [InlineData("freebsd.13-arm64", "aarch64-unknown-freebsd")]
    // Architectures beyond the common four.
    [InlineData("linux-armel", "arm-unknown-linux-gnueabi")]
    [InlineData("tizen.7.0.0-armel", "arm-unknown-linux-gnueabi")]
    [InlineData("linux-armv6", "arm-unknown-linux-gnueabihf")]
    [InlineData("linux-musl-armel", "arm-unknown-linux-musleabi")]
    [InlineData("linux-musl-armv6", "arm-unknown-linux-musleabihf")]
    [InlineData("linux-mips64", "mips64el-unknown-linux-gnuabi64")]
    [InlineData("linux-ppc64le", "powerpc64le-unknown-linux-gnu")]
    [InlineData("linux-s390x", "s390x-unknown-linux-gnu")]
    [InlineData("linux-musl-loongarch64", "loongarch64-unknown-linux-musl")]
    [InlineData("win-arm", "thumbv7a-pc-windows-msvc")]
    // .NET Native's "-aot" RIDs name the same native platform.
    [InlineData("win10-arm64-aot", "aarch64-pc-windows-msvc")]
    // RIDs of source-built SDKs (NETCoreSdkRuntimeIdentifier) newer than the frozen legacy graph.
    [InlineData("fedora.41-x64", "x86_64-unknown-linux-gnu")]
    [InlineData("centos.10-arm64", "aarch64-unknown-linux-gnu")]
    [InlineData("azurelinux.3.0-x64", "x86_64-unknown-linux-gnu")]
    [InlineData("alpine.3.21-x64", "x86_64-unknown-linux-musl")]
    public void TripleFor_maps_known_runtime_identifiers(string rid, string triple)
    {
        Assert.Equal(triple, RustTargets.TripleFor(rid));
        var mapping = RustTargets.Map(rid);
        Assert.Equal(rid, mapping.RuntimeIdentifier);
        Assert.True(mapping.IsSupported);
        Assert.Null(mapping.UnsupportedReason);
    }

    [Theory]
    [InlineData("linux-sparc", "not an architecture")]
    [InlineData("win-sparc", "not an architecture")]
    [InlineData("browser-wasm", "Emscripten")]
    [InlineData("wasi-wasm", "WASI SDK")]
    [InlineData("browser", "WebAssembly")]
    [InlineData("any", "not a concrete platform")]
    [InlineData("base", "not a concrete platform")]
    [InlineData("unix", "not a concrete platform")]
    [InlineData("unix-x64", "not a concrete platform")]
    [InlineData("linux", "no architecture")]
    [InlineData("linux-musl", "no architecture")]
    [InlineData("win", "no architecture")]
    [InlineData("osx.13", "no architecture")]
    [InlineData("win-aot", "no architecture")]
    [InlineData("ios-arm", "32-bit")]
    [InlineData("ios.10-x86", "32-bit")]
    [InlineData("iossimulator-x86", "32-bit")]
    [InlineData("freebsd-x86", "no Rust target for FreeBSD on x86")]
    [InlineData("foo-x64", "not an operating system")]
    [InlineData("", "empty")]
    [InlineData("x64", "no operating system")]
    [InlineData("-x64", "not a well-formed")]
    [InlineData("linux-", "not a well-formed")]
    public void Unsupported_runtime_identifiers_have_no_triple_and_say_why(string rid, string reason)
    {
        Assert.Null(RustTargets.TripleFor(rid));
        var mapping = RustTargets.Map(rid);
        Assert.False(mapping.IsSupported);
        Assert.Equal(rid, mapping.RuntimeIdentifier);
        Assert.Contains(reason, mapping.UnsupportedReason, StringComparison.OrdinalIgnoreCase);
        // RUSTPGO005 quotes the reason after the RID, as whole sentences.
        Assert.EndsWith(".", mapping.UnsupportedReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x86_64-unknown-linux-gnu", "Unix", "libcalc.so", "LD_LIBRARY_PATH")]
    [InlineData("x86_64-unknown-linux-musl", "Unix", "libcalc.so", "LD_LIBRARY_PATH")]
    [InlineData("aarch64-linux-android", "Unix", "libcalc.so", "LD_LIBRARY_PATH")]
    [InlineData("x86_64-unknown-illumos", "Unix", "libcalc.so", "LD_LIBRARY_PATH")]
    [InlineData("x86_64-pc-windows-msvc", "Windows", "calc.dll", "PATH")]
    [InlineData("aarch64-pc-windows-msvc", "Windows", "calc.dll", "PATH")]
    [InlineData("thumbv7a-pc-windows-msvc", "Windows", "calc.dll", "PATH")]
    [InlineData("x86_64-apple-darwin", "MacOS", "libcalc.dylib", "DYLD_LIBRARY_PATH")]
    [InlineData("aarch64-apple-darwin", "MacOS", "libcalc.dylib", "DYLD_LIBRARY_PATH")]
    // Every Apple platform builds Mach-O dylibs: MacOS stands for all of them.
    [InlineData("aarch64-apple-ios", "MacOS", "libcalc.dylib", "DYLD_LIBRARY_PATH")]
    [InlineData("aarch64-apple-ios-sim", "MacOS", "libcalc.dylib", "DYLD_LIBRARY_PATH")]
    [InlineData("x86_64-apple-ios-macabi", "MacOS", "libcalc.dylib", "DYLD_LIBRARY_PATH")]
    [InlineData("aarch64-apple-tvos", "MacOS", "libcalc.dylib", "DYLD_LIBRARY_PATH")]
    public void Library_file_names_and_search_path_variables_follow_the_target_os(string triple, string osName, string fileName, string variable)
    {
        var os = Enum.Parse<TargetOs>(osName);
        Assert.Equal(os, RustTargets.OsOf(triple));
        Assert.Equal(fileName, RustTargets.CdylibFileName("calc", os));
        Assert.Equal(variable, RustTargets.LibraryPathVariable(os));
    }

    [Fact]
    public void Every_known_runtime_identifier_maps_to_a_triple_of_its_own_os()
    {
        var known = RustTargets.KnownRuntimeIdentifiers.ToList();
        Assert.Contains("linux-x64", known);
        Assert.Contains("android-arm64", known);
        Assert.Equal(known.Count, known.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var rid in known)
        {
            var triple = RustTargets.TripleFor(rid);
            Assert.NotNull(triple);
            var family = rid.Substring(0, rid.LastIndexOf('-'));
            var expected = family == "win" ? TargetOs.Windows
                : AppleFamilies.Contains(family) ? TargetOs.MacOS
                : TargetOs.Unix;
            Assert.Equal(expected, RustTargets.OsOf(triple!));
        }
    }

    /// <summary>
    /// Every triple the mapping can return is one rustc knows. Needs rustc (on PATH or in ~/.cargo/bin);
    /// without it there is nothing to compare with, and the test is skipped.
    /// </summary>
    [SkippableFact]
    public void Every_triple_is_in_rustcs_target_list()
    {
        var rustc = FindOnPath("rustc") ?? CargoBinRustc();
        Skip.If(rustc == null, "rustc not found on PATH or in ~/.cargo/bin: the triples cannot be compared with its target list.");
        var (exitCode, stdout, stderr) = Run(rustc!, "--print target-list");
        Assert.True(exitCode == 0, $"{rustc} --print target-list exited with {exitCode}:\n{stdout}{stderr}");
        var targets = new HashSet<string>(stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        var triples = ExpectedRows.Select(r => r.Triple).OfType<string>()
            .Concat(RustTargets.KnownRuntimeIdentifiers.Select(rid => RustTargets.TripleFor(rid)!))
            .Distinct()
            .ToList();
        var missing = triples.Where(t => !targets.Contains(t)).ToList();
        Assert.True(missing.Count == 0, $"Not in `{rustc} --print target-list`: {string.Join(", ", missing)}");
        _output.WriteLine($"{triples.Count} triples checked against {rustc} ({targets.Count} targets).");
    }

    // ---- The whole RID graph of the .NET SDK that runs the tests ----

    private const string AnyArch = "*";
    private const string NoArchitecture = "";

    /// <summary>
    /// What each portable family and architecture must map to: a triple, or unsupported with a reason
    /// containing <c>Reason</c>. <see cref="AnyArch"/> matches every architecture and none.
    /// </summary>
    private sealed record Expectation(string Family, string Arch, string? Triple, string? Reason = null);

    private static readonly Expectation[] ExpectedRows =
    {
        new("linux", "x64", "x86_64-unknown-linux-gnu"),
        new("linux", "x86", "i686-unknown-linux-gnu"),
        new("linux", "arm", "armv7-unknown-linux-gnueabihf"),
        new("linux", "arm64", "aarch64-unknown-linux-gnu"),
        new("linux", "armel", "arm-unknown-linux-gnueabi"),
        new("linux", "armv6", "arm-unknown-linux-gnueabihf"),
        new("linux", "loongarch64", "loongarch64-unknown-linux-gnu"),
        new("linux", "mips64", "mips64el-unknown-linux-gnuabi64"),
        new("linux", "ppc64le", "powerpc64le-unknown-linux-gnu"),
        new("linux", "riscv64", "riscv64gc-unknown-linux-gnu"),
        new("linux", "s390x", "s390x-unknown-linux-gnu"),

        new("linux-musl", "x64", "x86_64-unknown-linux-musl"),
        new("linux-musl", "x86", "i686-unknown-linux-musl"),
        new("linux-musl", "arm", "armv7-unknown-linux-musleabihf"),
        new("linux-musl", "arm64", "aarch64-unknown-linux-musl"),
        new("linux-musl", "armel", "arm-unknown-linux-musleabi"),
        new("linux-musl", "armv6", "arm-unknown-linux-musleabihf"),
        new("linux-musl", "loongarch64", "loongarch64-unknown-linux-musl"),
        new("linux-musl", "mips64", "mips64el-unknown-linux-muslabi64"),
        new("linux-musl", "ppc64le", "powerpc64le-unknown-linux-musl"),
        new("linux-musl", "riscv64", "riscv64gc-unknown-linux-musl"),
        new("linux-musl", "s390x", "s390x-unknown-linux-musl"),

        new("linux-bionic", "arm64", "aarch64-linux-android"),
        new("linux-bionic", "x64", "x86_64-linux-android"),
        new("linux-bionic", "arm", "armv7-linux-androideabi"),
        new("linux-bionic", "x86", "i686-linux-android"),
        new("android", "arm64", "aarch64-linux-android"),
        new("android", "x64", "x86_64-linux-android"),
        new("android", "arm", "armv7-linux-androideabi"),
        new("android", "x86", "i686-linux-android"),

        new("win", "x64", "x86_64-pc-windows-msvc"),
        new("win", "x86", "i686-pc-windows-msvc"),
        new("win", "arm64", "aarch64-pc-windows-msvc"),
        new("win", "arm", "thumbv7a-pc-windows-msvc"),

        new("osx", "x64", "x86_64-apple-darwin"),
        new("osx", "arm64", "aarch64-apple-darwin"),

        new("ios", "arm64", "aarch64-apple-ios"),
        new("ios", "x64", "x86_64-apple-ios"),
        new("ios", "arm", null, "32-bit"),
        new("ios", "x86", null, "32-bit"),
        new("iossimulator", "arm64", "aarch64-apple-ios-sim"),
        new("iossimulator", "x64", "x86_64-apple-ios"),
        new("iossimulator", "x86", null, "32-bit"),
        new("maccatalyst", "arm64", "aarch64-apple-ios-macabi"),
        new("maccatalyst", "x64", "x86_64-apple-ios-macabi"),
        new("tvos", "arm64", "aarch64-apple-tvos"),
        new("tvos", "x64", "x86_64-apple-tvos"),
        new("tvossimulator", "arm64", "aarch64-apple-tvos-sim"),
        new("tvossimulator", "x64", "x86_64-apple-tvos"),

        new("freebsd", "x64", "x86_64-unknown-freebsd"),
        new("freebsd", "arm64", "aarch64-unknown-freebsd"),
        new("illumos", "x64", "x86_64-unknown-illumos"),
        new("solaris", "x64", "x86_64-pc-solaris"),
        new("haiku", "x64", "x86_64-unknown-haiku"),

        new("browser", "wasm", null, "Emscripten"),
        new("browser", AnyArch, null, "WebAssembly"),
        new("wasi", "wasm", null, "WASI SDK"),
        new("wasi", AnyArch, null, "WebAssembly"),
        new("unix", AnyArch, null, "not a concrete platform"),
        new("any", AnyArch, null, "not a concrete platform"),
        new("base", AnyArch, null, "not a concrete platform"),
    };

    private static readonly HashSet<string> AppleFamilies = new() { "osx", "ios", "iossimulator", "maccatalyst", "tvos", "tvossimulator" };

    private static readonly HashSet<string> Families = new(ExpectedRows.Select(r => r.Family));

    private static readonly HashSet<string> Architectures =
        new(ExpectedRows.Select(r => r.Arch).Where(a => a != AnyArch && a != NoArchitecture));

    /// <summary>
    /// For every RID of the SDK's RuntimeIdentifierGraph.json (the full legacy graph: distribution and
    /// version RIDs included), the family and architecture come from walking its #import chain to the
    /// portable RIDs, and <see cref="RustTargets.Map"/> must give that pair's triple, or be unsupported
    /// exactly where the pair has none.
    /// </summary>
    [Theory]
    [InlineData("RuntimeIdentifierGraph.json")]
    [InlineData("PortableRuntimeIdentifierGraph.json")]
    public void Every_RID_of_the_SDKs_graph_maps_like_the_portable_RID_its_imports_lead_to(string graphFile)
    {
        var sdkDirectory = SdkDirectory.Value;
        var path = Path.Combine(sdkDirectory, graphFile);
        Assert.True(File.Exists(path), $"{path} does not exist.");
        var graph = LoadGraph(path);
        Assert.True(graph.Count >= (graphFile == "RuntimeIdentifierGraph.json" ? 500 : 50), $"{path} has only {graph.Count} RIDs.");

        var failures = new List<string>();
        int mapped = 0, unsupported = 0;
        var reachable = new Dictionary<string, HashSet<string>>();
        HashSet<string> Reach(string rid)
        {
            if (reachable.TryGetValue(rid, out var set))
                return set;
            set = new HashSet<string> { rid };
            reachable[rid] = set;
            if (!graph.TryGetValue(rid, out var imports))
            {
                failures.Add($"{rid}: imported but not in the graph");
                return set;
            }
            foreach (var parent in imports)
                set.UnionWith(Reach(parent));
            return set;
        }

        foreach (var rid in graph.Keys.OrderBy(r => r, StringComparer.Ordinal))
        {
            var ancestors = Reach(rid);
            var families = ancestors.Where(Families.Contains).ToList();
            var family = families.Where(f => !families.Any(g => g != f && Reach(g).Contains(f))).ToList();
            if (family.Count != 1)
            {
                failures.Add($"{rid}: imports lead to the families [{string.Join(", ", family)}], not exactly one the test knows");
                continue;
            }
            var arches = ancestors.Select(ArchitectureOf).OfType<string>().Distinct().ToList();
            if (arches.Count > 1)
            {
                failures.Add($"{rid}: imports lead to the architectures [{string.Join(", ", arches)}]");
                continue;
            }
            var arch = arches.Count == 1 ? arches[0] : NoArchitecture;
            var expected = Expect(family[0], arch);
            if (expected == null)
            {
                failures.Add($"{rid}: the test has no expectation for ({family[0]}, {arch}); add one");
                continue;
            }

            // RID matching is case-insensitive: every other RID is checked in upper case.
            var spelled = (mapped + unsupported) % 2 == 0 ? rid : rid.ToUpperInvariant();
            var mapping = RustTargets.Map(spelled);
            if (mapping.Triple != expected.Triple)
            {
                failures.Add($"{spelled}: ({family[0]}, {arch}) expected {expected.Triple ?? "unsupported"}, got {mapping.Triple ?? "unsupported: " + mapping.UnsupportedReason}");
                continue;
            }
            if (mapping.Triple == null)
            {
                unsupported++;
                if (mapping.UnsupportedReason == null || mapping.UnsupportedReason.IndexOf(expected.Reason!, StringComparison.OrdinalIgnoreCase) < 0)
                    failures.Add($"{rid}: ({family[0]}, {arch}) the reason should mention \"{expected.Reason}\": {mapping.UnsupportedReason}");
                continue;
            }
            mapped++;
            var os = family[0] == "win" ? TargetOs.Windows : AppleFamilies.Contains(family[0]) ? TargetOs.MacOS : TargetOs.Unix;
            if (RustTargets.OsOf(mapping.Triple) != os)
                failures.Add($"{rid}: OsOf({mapping.Triple}) is {RustTargets.OsOf(mapping.Triple)}, expected {os}");
        }

        var summary = $"{graph.Count} RIDs of {path}: {mapped} mapped, {unsupported} unsupported, {failures.Count} failures";
        _output.WriteLine(summary);
        Assert.True(failures.Count == 0, summary + ":\n" + string.Join("\n", failures.Take(60)));
        Assert.True(graph.Count == mapped + unsupported, summary);
    }

    /// <summary>
    /// The test's families and architectures cover the portable graph: a new portable OS or
    /// architecture in a future SDK fails here until the expectations (and the mapping) know it.
    /// </summary>
    [Fact]
    public void The_expectations_know_every_family_and_architecture_of_the_portable_graph()
    {
        var path = Path.Combine(SdkDirectory.Value, "PortableRuntimeIdentifierGraph.json");
        Assert.True(File.Exists(path), $"{path} does not exist.");
        var unknown = new List<string>();
        foreach (var rid in LoadGraph(path).Keys)
        {
            if (Families.Contains(rid))
                continue;
            if (ArchitectureOf(rid) == null)
                unknown.Add(rid);
        }
        Assert.True(unknown.Count == 0, $"Portable RIDs that are neither a known family nor <family>-<known architecture>: {string.Join(", ", unknown)}");
    }

    /// <summary>The architecture of a "&lt;family&gt;-&lt;architecture&gt;" RID, else null.</summary>
    private static string? ArchitectureOf(string rid)
    {
        var dash = rid.LastIndexOf('-');
        if (dash <= 0)
            return null;
        var arch = rid.Substring(dash + 1);
        return Families.Contains(rid.Substring(0, dash)) && Architectures.Contains(arch) ? arch : null;
    }

    private static Expectation? Expect(string family, string arch)
    {
        var row = ExpectedRows.FirstOrDefault(r => r.Family == family && (r.Arch == arch || r.Arch == AnyArch));
        if (row != null)
            return row;
        // A concrete OS without an architecture (linux, ubuntu.22.04, win10) cannot have a triple.
        return arch == NoArchitecture && ExpectedRows.Any(r => r.Family == family) ? new Expectation(family, arch, null, "no architecture") : null;
    }

    private static Dictionary<string, string[]> LoadGraph(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var graph = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var runtime in document.RootElement.GetProperty("runtimes").EnumerateObject())
        {
            graph[runtime.Name] = runtime.Value.TryGetProperty("#import", out var imports)
                ? imports.EnumerateArray().Select(i => i.GetString()!).ToArray()
                : Array.Empty<string>();
        }
        return graph;
    }

    // ---- Finding the SDK ----

    private static readonly Lazy<string> SdkDirectory = new(FindSdkDirectory);

    /// <summary>
    /// The folder of the .NET SDK that runs these tests: under the dotnet root of the running runtime,
    /// DOTNET_HOST_PATH, DOTNET_ROOT or the dotnet on PATH, the SDK `dotnet --version` names, else the
    /// newest one with a RID graph. Throws (failing the test) when there is none.
    /// </summary>
    private static string FindSdkDirectory()
    {
        var searched = new List<string>();
        foreach (var root in DotnetRoots())
        {
            var sdks = Path.Combine(root, "sdk");
            searched.Add(sdks);
            if (!Directory.Exists(sdks))
                continue;
            var muxer = Path.Combine(root, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet");
            if (File.Exists(muxer))
            {
                var (exitCode, stdout, _) = Run(muxer, "--version");
                var version = stdout.Trim();
                var active = Path.Combine(sdks, version);
                if (exitCode == 0 && version.Length > 0 && File.Exists(Path.Combine(active, "RuntimeIdentifierGraph.json")))
                    return active;
            }
            var newest = Directory.GetDirectories(sdks)
                .Where(d => File.Exists(Path.Combine(d, "RuntimeIdentifierGraph.json")))
                .OrderByDescending(d => SdkVersionKey(Path.GetFileName(d)))
                .FirstOrDefault();
            if (newest != null)
                return newest;
        }
        throw new InvalidOperationException(
            "No .NET SDK with a RuntimeIdentifierGraph.json was found; searched: " + string.Join(", ", searched.Distinct()));
    }

    private static IEnumerable<string> DotnetRoots()
    {
        var roots = new List<string?>();
        // shared/Microsoft.NETCore.App/<version>/ of the runtime running this test.
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        roots.Add(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtimeDirectory))));
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath)
            roots.Add(Path.GetDirectoryName(ResolveLinks(hostPath)));
        roots.Add(Environment.GetEnvironmentVariable("DOTNET_ROOT"));
        if (FindOnPath("dotnet") is { } dotnet)
            roots.Add(Path.GetDirectoryName(ResolveLinks(dotnet)));
        return roots.OfType<string>().Where(r => r.Length > 0).Select(Path.GetFullPath).Distinct();
    }

    private static string ResolveLinks(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static (Version Version, int Release, string Text) SdkVersionKey(string name)
    {
        var dash = name.IndexOf('-');
        var core = dash < 0 ? name : name.Substring(0, dash);
        return (Version.TryParse(core, out var version) ? version : new Version(0, 0), dash < 0 ? 1 : 0, name);
    }

    private static string? FindOnPath(string tool)
    {
        var names = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new[] { tool + ".exe" } : new[] { tool };
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (directory.Length == 0)
                continue;
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    private static string? CargoBinRustc()
    {
        var cargoHome = Environment.GetEnvironmentVariable("CARGO_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cargo");
        var rustc = Path.Combine(cargoHome, "bin", RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "rustc.exe" : "rustc");
        return File.Exists(rustc) ? rustc : null;
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string fileName, string arguments)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", $"`{fileName} {arguments}` timed out after 60 s");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
