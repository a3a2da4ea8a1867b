namespace RustPgo.Sdk.Tasks.Platform;

/// <summary>
/// Maps .NET runtime identifiers to Rust target triples and names their native libraries.
/// </summary>
/// <remarks>
/// A RID is reduced by rules, not looked up in a table of every RID the .NET SDK has ever known:
/// <list type="number">
/// <item>a trailing <c>-aot</c> (the legacy .NET Native qualifier, <c>win10-x64-aot</c>) is dropped: the
/// native platform is the same;</item>
/// <item>the last <c>-</c>-separated part is the architecture when it is one of <see cref="Architectures"/>;</item>
/// <item>the rest is the operating system, whose version is dropped (everything from the first <c>.</c>,
/// then trailing digits: <c>ubuntu.22.04</c>, <c>android.21</c>, <c>win10</c>, <c>omnios.r151044</c>);</item>
/// <item>the operating system's name decides the family: a portable RID's own OS (<c>linux</c>,
/// <c>linux-musl</c>, <c>android</c>, <c>ios</c>, ...) or a name of the legacy RID graph that imports one
/// (the Linux distributions are glibc Linux except <c>alpine</c>, which is musl; <c>omnios</c>,
/// <c>openindiana</c> and <c>smartos</c> are illumos);</item>
/// <item>the (family, architecture) pair has a triple in <see cref="TriplesOf"/>, or is unsupported
/// with a reason.</item>
/// </list>
/// Nothing unknown falls through to Linux: an OS name this class does not know is unsupported, since
/// a guessed triple would build a library the app cannot load. The unit tests check these rules against
/// every RID of the running .NET SDK's RuntimeIdentifierGraph.json.
/// </remarks>
internal static class RustTargets
{
    /// <summary>The platform families RIDs reduce to; several portable OS names may share one.</summary>
    private enum Family
    {
        Linux,
        LinuxMusl,
        Android,
        Windows,
        MacOS,
        Ios,
        IosSimulator,
        MacCatalyst,
        TvOS,
        TvOSSimulator,
        FreeBsd,
        Illumos,
        Solaris,
        Haiku,
        Browser,
        Wasi,
        Unix,
        Any,
    }

    /// <summary>The architectures that end a RID.</summary>
    private static readonly string[] Architectures =
    {
        "x64", "x86", "arm", "arm64", "armel", "armv6", "loongarch64", "mips64", "ppc64le", "riscv64", "s390x", "wasm",
    };

    /// <summary>The OS names of portable RIDs, in the order <see cref="KnownRuntimeIdentifiers"/> lists them.</summary>
    private static readonly OperatingSystemName[] PortableOperatingSystems =
    {
        new("linux", Family.Linux),
        new("linux-musl", Family.LinuxMusl),
        new("win", Family.Windows),
        new("osx", Family.MacOS),
        new("android", Family.Android),
        new("linux-bionic", Family.Android),
        new("ios", Family.Ios),
        new("iossimulator", Family.IosSimulator),
        new("maccatalyst", Family.MacCatalyst),
        new("tvos", Family.TvOS),
        new("tvossimulator", Family.TvOSSimulator),
        new("freebsd", Family.FreeBsd),
        new("illumos", Family.Illumos),
        new("solaris", Family.Solaris),
        new("haiku", Family.Haiku),
        new("browser", Family.Browser),
        new("wasi", Family.Wasi),
        new("unix", Family.Unix),
        new("any", Family.Any),
        new("base", Family.Any),
    };

    /// <summary>
    /// OS names of the legacy RID graph (and of source-built SDKs' own RIDs) that descend from a portable
    /// OS. Every Linux distribution here uses glibc, except Alpine (musl).
    /// </summary>
    private static readonly OperatingSystemName[] DerivedOperatingSystems =
    {
        new("alpine", Family.LinuxMusl),
        new("almalinux", Family.Linux),
        new("amzn", Family.Linux),
        new("arch", Family.Linux),
        new("azurelinux", Family.Linux),
        new("centos", Family.Linux),
        new("debian", Family.Linux),
        new("exherbo", Family.Linux),
        new("fedora", Family.Linux),
        new("gentoo", Family.Linux),
        new("linuxmint", Family.Linux),
        new("manjaro", Family.Linux),
        new("mariner", Family.Linux),
        new("miraclelinux", Family.Linux),
        new("ol", Family.Linux),
        new("opensuse", Family.Linux),
        new("rhel", Family.Linux),
        new("rocky", Family.Linux),
        new("sles", Family.Linux),
        new("tizen", Family.Linux),
        new("ubuntu", Family.Linux),
        new("omnios", Family.Illumos),
        new("openindiana", Family.Illumos),
        new("smartos", Family.Illumos),
        new("aot", Family.Any),
    };

    private static readonly Dictionary<string, OperatingSystemName> OperatingSystemsByName =
        PortableOperatingSystems.Concat(DerivedOperatingSystems).ToDictionary(os => os.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The Rust target of each architecture of a family that has one, from rustc's target list. (Plain
    /// arrays and a switch, like the OS tables: no generic collection over a value type for the JIT to
    /// compile on every build.)
    /// </summary>
    private static ArchitectureTriple[] TriplesOf(Family family) => family switch
    {
        Family.Linux => new ArchitectureTriple[]
        {
            new("x64", "x86_64-unknown-linux-gnu"),
            new("x86", "i686-unknown-linux-gnu"),
            new("arm64", "aarch64-unknown-linux-gnu"),
            new("arm", "armv7-unknown-linux-gnueabihf"),
            new("armel", "arm-unknown-linux-gnueabi"),
            new("armv6", "arm-unknown-linux-gnueabihf"),
            new("loongarch64", "loongarch64-unknown-linux-gnu"),
            new("mips64", "mips64el-unknown-linux-gnuabi64"),
            new("ppc64le", "powerpc64le-unknown-linux-gnu"),
            new("riscv64", "riscv64gc-unknown-linux-gnu"),
            new("s390x", "s390x-unknown-linux-gnu"),
        },
        Family.LinuxMusl => new ArchitectureTriple[]
        {
            new("x64", "x86_64-unknown-linux-musl"),
            new("x86", "i686-unknown-linux-musl"),
            new("arm64", "aarch64-unknown-linux-musl"),
            new("arm", "armv7-unknown-linux-musleabihf"),
            new("armel", "arm-unknown-linux-musleabi"),
            new("armv6", "arm-unknown-linux-musleabihf"),
            new("loongarch64", "loongarch64-unknown-linux-musl"),
            new("mips64", "mips64el-unknown-linux-muslabi64"),
            new("ppc64le", "powerpc64le-unknown-linux-musl"),
            new("riscv64", "riscv64gc-unknown-linux-musl"),
            new("s390x", "s390x-unknown-linux-musl"),
        },
        Family.Android => new ArchitectureTriple[]
        {
            new("arm64", "aarch64-linux-android"),
            new("x64", "x86_64-linux-android"),
            new("arm", "armv7-linux-androideabi"),
            new("x86", "i686-linux-android"),
        },
        Family.Windows => new ArchitectureTriple[]
        {
            new("x64", "x86_64-pc-windows-msvc"),
            new("x86", "i686-pc-windows-msvc"),
            new("arm64", "aarch64-pc-windows-msvc"),
            new("arm", "thumbv7a-pc-windows-msvc"),
        },
        Family.MacOS => new ArchitectureTriple[]
        {
            new("x64", "x86_64-apple-darwin"),
            new("arm64", "aarch64-apple-darwin"),
        },
        Family.Ios => new ArchitectureTriple[]
        {
            new("arm64", "aarch64-apple-ios"),
            new("x64", "x86_64-apple-ios"),
        },
        Family.IosSimulator => new ArchitectureTriple[]
        {
            new("arm64", "aarch64-apple-ios-sim"),
            new("x64", "x86_64-apple-ios"),
        },
        Family.MacCatalyst => new ArchitectureTriple[]
        {
            new("arm64", "aarch64-apple-ios-macabi"),
            new("x64", "x86_64-apple-ios-macabi"),
        },
        Family.TvOS => new ArchitectureTriple[]
        {
            new("arm64", "aarch64-apple-tvos"),
            new("x64", "x86_64-apple-tvos"),
        },
        Family.TvOSSimulator => new ArchitectureTriple[]
        {
            new("arm64", "aarch64-apple-tvos-sim"),
            new("x64", "x86_64-apple-tvos"),
        },
        Family.FreeBsd => new ArchitectureTriple[]
        {
            new("x64", "x86_64-unknown-freebsd"),
            new("arm64", "aarch64-unknown-freebsd"),
        },
        Family.Illumos => new ArchitectureTriple[] { new("x64", "x86_64-unknown-illumos") },
        Family.Solaris => new ArchitectureTriple[] { new("x64", "x86_64-pc-solaris") },
        Family.Haiku => new ArchitectureTriple[] { new("x64", "x86_64-unknown-haiku") },
        _ => Array.Empty<ArchitectureTriple>(),
    };

    /// <summary>
    /// The portable runtime identifiers this SDK knows a triple for, for error messages. Version-specific
    /// and distribution RIDs that reduce to one of them map too.
    /// </summary>
    public static IEnumerable<string> KnownRuntimeIdentifiers =>
        PortableOperatingSystems
            .SelectMany(os => TriplesOf(os.Family).Select(t => os.Name + "-" + t.Arch))
            .ToArray();

    /// <summary>The Rust target triple for a runtime identifier, or null when it has none (see <see cref="Map"/>).</summary>
    public static string? TripleFor(string runtimeIdentifier) => Map(runtimeIdentifier).Triple;

    /// <summary>
    /// Maps a runtime identifier (case-insensitive; portable, version-specific or distribution RID) to its
    /// Rust target triple, or says why it has none.
    /// </summary>
    public static RidMapping Map(string runtimeIdentifier)
    {
        var given = runtimeIdentifier ?? "";
        var rid = given.Trim().ToLowerInvariant();
        RidMapping Unsupported(string reason) => new(given, null, reason);

        if (rid.Length == 0)
            return Unsupported("The runtime identifier is empty.");
        // .NET Native's RIDs (win10-x64-aot) name the same native platform as the RID without "-aot".
        if (rid.EndsWith("-aot", StringComparison.Ordinal))
            rid = rid.Substring(0, rid.Length - "-aot".Length);
        if (rid.StartsWith("-", StringComparison.Ordinal) || rid.EndsWith("-", StringComparison.Ordinal) || rid.Contains("--"))
            return Unsupported($"'{given}' is not a well-formed runtime identifier (<os>-<architecture>, such as linux-x64).");

        var osPart = rid;
        string? arch = null;
        var dash = rid.LastIndexOf('-');
        var last = rid.Substring(dash + 1);
        if (Array.IndexOf(Architectures, last) >= 0)
        {
            if (dash < 0)
                return Unsupported($"'{given}' names an architecture but no operating system; use a RID such as linux-{last}.");
            arch = last;
            osPart = rid.Substring(0, dash);
        }
        else if (dash > 0 && FamilyOf(rid) == null && FamilyOf(rid.Substring(0, dash)) != null)
        {
            return Unsupported($"'{last}' (in '{given}') is not an architecture RustPgo.Sdk knows; it knows {string.Join(", ", Architectures)}.");
        }

        var family = FamilyOf(osPart);
        if (family == null)
            return Unsupported($"'{osPart}' (in '{given}') is not an operating system RustPgo.Sdk knows, and it does not guess one: a wrong guess builds a library the app cannot load.");

        switch (family.Value)
        {
            case Family.Unix:
            case Family.Any:
                return Unsupported($"'{given}' is not a concrete platform: a Rust target needs a specific operating system and architecture, such as linux-x64.");
            case Family.Browser:
                return Unsupported($"'{given}' is WebAssembly in the browser: .NET's WebAssembly apps link native code statically through Emscripten and load no dynamic libraries, so a Rust cdylib cannot be P/Invoked there.");
            case Family.Wasi:
                return Unsupported($"'{given}' is WebAssembly on WASI: .NET's WASI apps link native code statically through the WASI SDK and load no dynamic libraries, so a Rust cdylib cannot be P/Invoked there.");
        }

        var portableName = PortableOperatingSystems.First(os => os.Family == family.Value).Name;
        var triples = TriplesOf(family.Value);
        if (arch == null)
            return Unsupported($"'{given}' names {Describe(family.Value)} but no architecture; use a RID with one, such as {portableName}-{triples[0].Arch}.");

        foreach (var target in triples)
        {
            if (target.Arch == arch)
                return new RidMapping(given, target.Triple, null);
        }

        if ((family == Family.Ios || family == Family.IosSimulator) && (arch == "arm" || arch == "x86"))
            return Unsupported($"'{given}' is 32-bit {Describe(family.Value)}, which Apple and .NET no longer support, and Rust has no supported target for it (only the tier-3 armv7s-apple-ios and i386-apple-ios, without a prebuilt standard library).");
        return Unsupported($"RustPgo.Sdk knows no Rust target for {Describe(family.Value)} on {arch} ('{given}'); it knows {string.Join(", ", triples.Select(t => portableName + "-" + t.Arch))}.");
    }

    /// <summary>The family of an OS name, with its version (<c>.22.04</c>, <c>10</c> of <c>win10</c>) dropped.</summary>
    private static Family? FamilyOf(string os)
    {
        var dot = os.IndexOf('.');
        var name = (dot >= 0 ? os.Substring(0, dot) : os).TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        return OperatingSystemsByName.TryGetValue(name, out var known) ? known.Family : null;
    }

    private static string Describe(Family family) => family switch
    {
        Family.Linux => "Linux (glibc)",
        Family.LinuxMusl => "Linux (musl)",
        Family.Android => "Android",
        Family.Windows => "Windows",
        Family.MacOS => "macOS",
        Family.Ios => "iOS",
        Family.IosSimulator => "the iOS simulator",
        Family.MacCatalyst => "Mac Catalyst",
        Family.TvOS => "tvOS",
        Family.TvOSSimulator => "the tvOS simulator",
        Family.FreeBsd => "FreeBSD",
        Family.Illumos => "illumos",
        Family.Solaris => "Solaris",
        Family.Haiku => "Haiku",
        _ => family.ToString(),
    };

    private sealed class OperatingSystemName
    {
        public OperatingSystemName(string name, Family family) => (Name, Family) = (name, family);
        public string Name { get; }
        public Family Family { get; }
    }

    private sealed class ArchitectureTriple
    {
        public ArchitectureTriple(string arch, string triple) => (Arch, Triple) = (arch, triple);
        public string Arch { get; }
        public string Triple { get; }
    }

    /// <summary>
    /// The operating-system family of a triple, which decides native library naming: Windows for
    /// <c>*-windows-*</c>; <see cref="TargetOs.MacOS"/> for every Apple target (<c>*-apple-*</c>: macOS,
    /// iOS, the simulators, Mac Catalyst, tvOS), whose cdylibs are all Mach-O <c>lib*.dylib</c> found by
    /// dyld; Unix (ELF <c>lib*.so</c>) for everything else, Android included.
    /// </summary>
    public static TargetOs OsOf(string triple)
    {
        if (triple.Contains("-windows"))
            return TargetOs.Windows;
        if (triple.Contains("-apple-"))
            return TargetOs.MacOS;
        return TargetOs.Unix;
    }

    /// <summary>The file name of a cdylib named <paramref name="libName"/> built for <paramref name="os"/>.</summary>
    public static string CdylibFileName(string libName, TargetOs os) => os switch
    {
        TargetOs.Windows => libName + ".dll",
        TargetOs.MacOS => "lib" + libName + ".dylib",
        _ => "lib" + libName + ".so",
    };

    /// <summary>The environment variable through which the loader finds libraries in a folder.</summary>
    public static string LibraryPathVariable(TargetOs os) => os switch
    {
        TargetOs.Windows => "PATH",
        TargetOs.MacOS => "DYLD_LIBRARY_PATH",
        _ => "LD_LIBRARY_PATH",
    };
}

/// <summary>
/// The Rust target of a runtime identifier: <see cref="Triple"/>, or null with the
/// <see cref="UnsupportedReason"/> (sentences saying why) when it has none. RUSTPGO005 quotes the reason
/// and adds the way out: the RustTargetTriple metadata on the RustCrate item.
/// </summary>
internal sealed record RidMapping(string RuntimeIdentifier, string? Triple, string? UnsupportedReason)
{
    public bool IsSupported => Triple != null;
}

/// <summary>
/// How a target names and finds native libraries. <see cref="MacOS"/> stands for every Apple platform
/// (macOS, iOS, Mac Catalyst, tvOS and their simulators): all build Mach-O <c>.dylib</c> cdylibs loaded by dyld.
/// </summary>
internal enum TargetOs
{
    Unix,
    Windows,
    MacOS,
}
