using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using RustPgo.Sdk.Tasks.Processes;

namespace RustPgo.Sdk.Tasks.Pgo;

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

    public static RustcInfo Parse(string versionOutput, string sysroot)
    {
        var host = Regex.Match(versionOutput, @"^host:\s*(\S+)", RegexOptions.Multiline);
        var llvm = Regex.Match(versionOutput, @"^LLVM version:\s*(\d+)", RegexOptions.Multiline);
        if (!host.Success || !llvm.Success)
            throw new FormatException("`rustc -vV` printed no host or LLVM version:\n" + versionOutput);
        return new RustcInfo(host.Groups[1].Value, int.Parse(llvm.Groups[1].Value), sysroot);
    }

    /// <summary>The output lines of `rustc ARGUMENTS`; a failure is a FormatException quoting its stderr.</summary>
    public static List<string> Run(string rustc, string workingDirectory, params string[] arguments)
    {
        var lines = new List<string>();
        var errors = new List<string>();
        var exitCode = new ProcessRunner().Run(new ProcessSpec(rustc, arguments, workingDirectory), lines.Add, errors.Add);
        if (exitCode != 0)
            throw new FormatException($"`rustc {string.Join(" ", arguments)}` failed with exit code {exitCode}: {string.Join("\n", errors)}");
        return lines;
    }
}
