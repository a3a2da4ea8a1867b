using System.Text.RegularExpressions;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Processes;

namespace RustPgo.Sdk.Tasks.Platform;

/// <summary>What `rustc -vV` and `rustc --print sysroot` say about the toolchain that builds the crate.</summary>
internal sealed record RustcInfo(string HostTriple, int LlvmMajor, string Sysroot)
{
    /// <summary>Asks rustc in <paramref name="workingDirectory"/>, so a rust-toolchain.toml there is honoured.</summary>
    public static RustcInfo Query(string rustc, string workingDirectory)
    {
        var version = Run(rustc, workingDirectory, "-vV");
        var sysroot = Run(rustc, workingDirectory, "--print", "sysroot");
        return Parse(string.Join("\n", version), sysroot.Count > 0 ? sysroot[0].Trim() : "");
    }

    /// <summary>
    /// `rustc --print cfg --target T FLAGS`: the cfg values `target.'cfg(…)'` tables are matched against,
    /// with the rustflags found so far (cargo's way: `-Ctarget-feature=+avx2` makes cfg(target_feature = "avx2") hold).
    /// </summary>
    public static IReadOnlyCollection<string> PrintCfg(string rustc, string workingDirectory, string triple, IReadOnlyList<string>? flags = null) =>
        Run(rustc, workingDirectory, new[] { "--print", "cfg", "--target", triple }.Concat(flags ?? Array.Empty<string>()).ToArray());

    public static RustcInfo Parse(string versionOutput, string sysroot)
    {
        var host = Regex.Match(versionOutput, @"^host:\s*(\S+)", RegexOptions.Multiline);
        var llvm = Regex.Match(versionOutput, @"^LLVM version:\s*(\d+)", RegexOptions.Multiline);
        if (!host.Success || !llvm.Success)
            throw new RustPgoException(Codes.RustcNotFound, "`rustc -vV` printed no host or LLVM version, so the toolchain's LLVM is unknown (its output follows). Install Rust from https://rustup.rs, or set RustCargoPath to a cargo whose folder holds a working rustc.", detail: versionOutput);
        return new RustcInfo(host.Groups[1].Value, int.Parse(llvm.Groups[1].Value), sysroot);
    }

    private static List<string> Run(string rustc, string workingDirectory, params string[] arguments)
    {
        try
        {
            return ProcessRunner.Capture(new ProcessSpec(rustc, arguments, workingDirectory));
        }
        catch (Exception e) when (e is ProcessStartException or InvalidOperationException)
        {
            throw new RustPgoException(Codes.RustcNotFound,
                $"`{rustc} {string.Join(" ", arguments)}` failed: {e.Message} Install Rust from https://rustup.rs, or set RustCargoPath to a cargo whose folder holds rustc.");
        }
    }
}
