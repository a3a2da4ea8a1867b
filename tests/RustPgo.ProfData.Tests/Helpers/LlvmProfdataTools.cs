namespace RustPgo.ProfData.Tests.Helpers;

/// <summary>An llvm-profdata RustPgo.Sdk would find, with the LLVM version it reports.</summary>
internal sealed record LlvmProfdataTool(string Path, string Source, int Major, string Version)
{
    /// <summary>The indexed version it writes, and so the built-in merger's `--indexed-version` to compare with: 13 for LLVM 22, 12 for LLVM 19–21.</summary>
    public int IndexedVersion => LlvmProfdataSearch.IndexedVersionFor(Major);

    public override string ToString() => $"{Path} ({Source}, LLVM {Version})";
}

/// <summary>
/// The llvm-profdata tools the differential tests compare the built-in merger with: for each LLVM major the
/// built-in merger writes for (19–22), the first one found where RustPgo.Sdk looks (<see cref="LlvmProfdataSearch"/>):
/// the RustPgoLlvmProfdataPath environment variable (MSBuild's property of the same name), LLVM_PROFDATA, rustup's
/// llvm-tools in the sysroot of the rustc on PATH (else ~/.cargo/bin), llvm-profdata-N on PATH, llvm-profdata on PATH.
/// </summary>
internal static class LlvmProfdataTools
{
    public const int Oldest = 19;
    public const int Newest = 22;

    private static readonly Lazy<(List<LlvmProfdataTool> Tools, List<string> Considered)> Found = new(Discover);

    /// <summary>One tool per LLVM major present, newest first.</summary>
    public static IReadOnlyList<LlvmProfdataTool> All => Found.Value.Tools;

    /// <summary>Every place looked at, with what was there: the reason a test skips.</summary>
    public static IReadOnlyList<string> Considered => Found.Value.Considered;

    /// <summary>Theory data: the LLVM majors present, or 0 alone when none is (that case skips with what was looked at).</summary>
    public static TheoryData<int> Majors()
    {
        var data = new TheoryData<int>();
        foreach (var major in MajorsOrNone())
        {
            data.Add(major);
        }
        return data;
    }

    public static IEnumerable<int> MajorsOrNone() => All.Count == 0 ? new[] { 0 } : All.Select(t => t.Major);

    /// <summary>The tool of LLVM <paramref name="major"/> (from <see cref="Majors"/>), or a skip naming where none was found.</summary>
    public static LlvmProfdataTool Require(int major)
    {
        var tool = All.FirstOrDefault(t => t.Major == major);
        Skip.If(tool == null, $"no llvm-profdata of LLVM {Oldest}-{Newest} where RustPgo.Sdk looks (rustup component add llvm-tools, or apt-get install llvm-22); considered: {string.Join("; ", Considered)}");
        return tool!;
    }

    private static (List<LlvmProfdataTool>, List<string>) Discover()
    {
        var considered = new List<string>();
        var (sysroot, host) = Rustc(considered);
        var candidates = LlvmProfdataSearch.Candidates(
            Environment.GetEnvironmentVariable(LlvmProfdataSearch.ExplicitSource),
            Environment.GetEnvironmentVariable(LlvmProfdataSearch.EnvironmentVariable),
            sysroot, host, Enumerable.Range(Oldest, Newest - Oldest + 1).Reverse(), FindOnPath);
        var tools = new List<LlvmProfdataTool>();
        foreach (var candidate in candidates)
        {
            if (candidate.Path == null)
            {
                continue;
            }
            if (!File.Exists(candidate.Path))
            {
                considered.Add($"{candidate.Path} ({candidate.Source}: absent)");
                continue;
            }
            var version = VersionOf(candidate.Path);
            considered.Add($"{candidate.Path} ({candidate.Source}: {(version == null ? "LLVM version unknown" : "LLVM " + version.Text)})");
            if (version != null && version.Major >= Oldest && version.Major <= Newest && tools.All(t => t.Major != version.Major))
            {
                tools.Add(new LlvmProfdataTool(candidate.Path, candidate.Source, version.Major, version.Text));
            }
        }
        return (tools.OrderByDescending(t => t.Major).ToList(), considered);
    }

    /// <summary>The sysroot and host of the rustc the tests build with, as the SDK asks them (`rustc -vV`, `rustc --print sysroot`).</summary>
    private static (string Sysroot, string Host) Rustc(List<string> considered)
    {
        var rustc = ExternalTools.Find(OperatingSystem.IsWindows() ? "rustc.exe" : "rustc");
        if (rustc == null)
        {
            considered.Add("no rustc, so no rustup sysroot");
            return ("", "");
        }
        var directory = Path.GetTempPath();
        var versionInfo = ExternalTools.Run(rustc, new[] { "-vV" }, directory);
        var sysroot = ExternalTools.Run(rustc, new[] { "--print", "sysroot" }, directory);
        var host = versionInfo.Stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("host: ", StringComparison.Ordinal));
        return versionInfo.ExitCode == 0 && sysroot.ExitCode == 0 && host != null
            ? (sysroot.Stdout.Trim(), host.Substring("host: ".Length))
            : ("", "");
    }

    private static LlvmVersion? VersionOf(string path)
    {
        foreach (var arguments in LlvmProfdataSearch.VersionArguments)
        {
            (int ExitCode, string Stdout, string Stderr) run;
            try
            {
                run = ExternalTools.Run(path, arguments, Path.GetTempPath(), timeoutSeconds: 60);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null; // not executable
            }
            if (LlvmProfdataSearch.ParseVersion(run.Stdout + "\n" + run.Stderr) is { } version)
            {
                return version;
            }
        }
        return null;
    }

    /// <summary>PATH only, as the SDK looks (ExternalTools.Find also looks in ~/.cargo/bin).</summary>
    private static string? FindOnPath(string name)
    {
        var file = OperatingSystem.IsWindows() ? name + ".exe" : name;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => d.Length > 0)
            .Select(d => Path.Combine(d.Trim('"'), file))
            .FirstOrDefault(File.Exists);
    }
}
