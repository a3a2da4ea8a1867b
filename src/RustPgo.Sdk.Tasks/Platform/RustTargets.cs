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
/// <item>the (family, architecture) pair has a triple in <see cref="TriplesByFamily"/>, or is unsupported
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
    private static readonly (string Name, Family Family)[] PortableOperatingSystems =
    {
        ("linux", Family.Linux),
        ("linux-musl", Family.LinuxMusl),
        ("win", Family.Windows),
        ("osx", Family.MacOS),
        ("android", Family.Android),
        ("linux-bionic", Family.Android),
        ("ios", Family.Ios),
        ("iossimulator", Family.IosSimulator),
        ("maccatalyst", Family.MacCatalyst),
        ("tvos", Family.TvOS),
        ("tvossimulator", Family.TvOSSimulator),
        ("freebsd", Family.FreeBsd),
        ("illumos", Family.Illumos),
        ("solaris", Family.Solaris),
        ("haiku", Family.Haiku),
        ("browser", Family.Browser),
        ("wasi", Family.Wasi),
        ("unix", Family.Unix),
        ("any", Family.Any),
        ("base", Family.Any),
    };

    /// <summary>
    /// OS names of the legacy RID graph (and of source-built SDKs' own RIDs) that descend from a portable
    /// OS. Every Linux distribution here uses glibc, except Alpine (musl).
    /// </summary>
    private static readonly (string Name, Family Family)[] DerivedOperatingSystems =
    {
        ("alpine", Family.LinuxMusl),
        ("almalinux", Family.Linux),
        ("amzn", Family.Linux),
        ("arch", Family.Linux),
        ("azurelinux", Family.Linux),
        ("centos", Family.Linux),
        ("debian", Family.Linux),
        ("exherbo", Family.Linux),
        ("fedora", Family.Linux),
        ("gentoo", Family.Linux),
        ("linuxmint", Family.Linux),
        ("manjaro", Family.Linux),
        ("mariner", Family.Linux),
        ("miraclelinux", Family.Linux),
        ("ol", Family.Linux),
        ("opensuse", Family.Linux),
        ("rhel", Family.Linux),
        ("rocky", Family.Linux),
        ("sles", Family.Linux),
        ("tizen", Family.Linux),
        ("ubuntu", Family.Linux),
        ("omnios", Family.Illumos),
        ("openindiana", Family.Illumos),
        ("smartos", Family.Illumos),
        ("aot", Family.Any),
    };

    private static readonly Dictionary<string, Family> FamiliesByName =
        PortableOperatingSystems.Concat(DerivedOperatingSystems)
            .ToDictionary(os => os.Name, os => os.Family, StringComparer.OrdinalIgnoreCase);

    /// <summary>The Rust target of each (family, architecture) that has one, from rustc's target list.</summary>
    private static readonly Dictionary<Family, (string Arch, string Triple)[]> TriplesByFamily = new()
    {
        [Family.Linux] = new[]
        {
            ("x64", "x86_64-unknown-linux-gnu"),
            ("x86", "i686-unknown-linux-gnu"),
            ("arm64", "aarch64-unknown-linux-gnu"),
            ("arm", "armv7-unknown-linux-gnueabihf"),
            ("armel", "arm-unknown-linux-gnueabi"),
            ("armv6", "arm-unknown-linux-gnueabihf"),
            ("loongarch64", "loongarch64-unknown-linux-gnu"),
            ("mips64", "mips64el-unknown-linux-gnuabi64"),
            ("ppc64le", "powerpc64le-unknown-linux-gnu"),
            ("riscv64", "riscv64gc-unknown-linux-gnu"),
            ("s390x", "s390x-unknown-linux-gnu"),
        },
        [Family.LinuxMusl] = new[]
        {
            ("x64", "x86_64-unknown-linux-musl"),
            ("x86", "i686-unknown-linux-musl"),
            ("arm64", "aarch64-unknown-linux-musl"),
            ("arm", "armv7-unknown-linux-musleabihf"),
            ("armel", "arm-unknown-linux-musleabi"),
            ("armv6", "arm-unknown-linux-musleabihf"),
            ("loongarch64", "loongarch64-unknown-linux-musl"),
            ("mips64", "mips64el-unknown-linux-muslabi64"),
            ("ppc64le", "powerpc64le-unknown-linux-musl"),
            ("riscv64", "riscv64gc-unknown-linux-musl"),
            ("s390x", "s390x-unknown-linux-musl"),
        },
        [Family.Android] = new[]
        {
            ("arm64", "aarch64-linux-android"),
            ("x64", "x86_64-linux-android"),
            ("arm", "armv7-linux-androideabi"),
            ("x86", "i686-linux-android"),
        },
        [Family.Windows] = new[]
        {
            ("x64", "x86_64-pc-windows-msvc"),
            ("x86", "i686-pc-windows-msvc"),
            ("arm64", "aarch64-pc-windows-msvc"),
            ("arm", "thumbv7a-pc-windows-msvc"),
        },
        [Family.MacOS] = new[]
        {
            ("x64", "x86_64-apple-darwin"),
            ("arm64", "aarch64-apple-darwin"),
        },
        [Family.Ios] = new[]
        {
            ("arm64", "aarch64-apple-ios"),
            ("x64", "x86_64-apple-ios"),
        },
        [Family.IosSimulator] = new[]
        {
            ("arm64", "aarch64-apple-ios-sim"),
            ("x64", "x86_64-apple-ios"),
        },
        [Family.MacCatalyst] = new[]
        {
            ("arm64", "aarch64-apple-ios-macabi"),
            ("x64", "x86_64-apple-ios-macabi"),
        },
        [Family.TvOS] = new[]
        {
            ("arm64", "aarch64-apple-tvos"),
            ("x64", "x86_64-apple-tvos"),
        },
        [Family.TvOSSimulator] = new[]
        {
            ("arm64", "aarch64-apple-tvos-sim"),
            ("x64", "x86_64-apple-tvos"),
        },
        [Family.FreeBsd] = new[]
        {
            ("x64", "x86_64-unknown-freebsd"),
            ("arm64", "aarch64-unknown-freebsd"),
        },
        [Family.Illumos] = new[] { ("x64", "x86_64-unknown-illumos") },
        [Family.Solaris] = new[] { ("x64", "x86_64-pc-solaris") },
        [Family.Haiku] = new[] { ("x64", "x86_64-unknown-haiku") },
    };

    /// <summary>
    /// The portable runtime identifiers this SDK knows a triple for, for error messages. Version-specific
    /// and distribution RIDs that reduce to one of them map too.
    /// </summary>
    public static IEnumerable<string> KnownRuntimeIdentifiers { get; } =
        PortableOperatingSystems
            .Where(os => TriplesByFamily.ContainsKey(os.Family))
            .SelectMany(os => TriplesByFamily[os.Family].Select(t => os.Name + "-" + t.Arch))
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
        var triples = TriplesByFamily[family.Value];
        if (arch == null)
            return Unsupported($"'{given}' names {Describe(family.Value)} but no architecture; use a RID with one, such as {portableName}-{triples[0].Arch}.");

        foreach (var (tripleArch, triple) in triples)
        {
            if (tripleArch == arch)
                return new RidMapping(given, triple, null);
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
        return FamiliesByName.TryGetValue(name, out var family) ? family : null;
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
