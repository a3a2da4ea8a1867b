using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Merge;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.Train;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Merge;

/// <summary>
/// Which llvm-profdata the merge takes and what it says about the others: every message names an
/// llvm-profdata by its path and the LLVM version it really is. LLVM 14 (Debian's plain `llvm-profdata`)
/// takes no top-level `--version` ("Unknown command!", exit 1) and was reported as "LLVM 0".
/// </summary>
public sealed class LlvmProfdataVersionTests() : ScratchFolderTests("llvm-version")
{
    private const string Host = "x86_64-unknown-linux-gnu";

    /// <summary>What LLVM 14's llvm-profdata prints (checked with Debian's llvm-14 14.0.6): its subcommands know --version, the tool itself does not.</summary>
    private const string Llvm14Script = """
        #!/bin/sh
        if [ "$1" = "--version" ]; then
          echo "$0: Unknown command!"
          echo "USAGE: $0 <merge|show|overlap> [args...]"
          exit 1
        fi
        if [ "$2" = "--version" ]; then
          printf 'Debian LLVM version 14.0.6\n  Optimized build.\n  Default target: x86_64-pc-linux-gnu\n  Host CPU: znver3\n'
          exit 0
        fi
        exit 1
        """;

    [Theory]
    [InlineData("Debian LLVM version 22.1.8\n  Optimized build.\n", 22, "22.1.8")]
    [InlineData("Debian LLVM version 19.1.7\n  Optimized build.\n", 19, "19.1.7")]
    [InlineData("Debian LLVM version 14.0.6\n  Optimized build.\n  Default target: x86_64-pc-linux-gnu\n  Host CPU: znver3\n", 14, "14.0.6")]
    [InlineData("LLVM (http://llvm.org/):\n  LLVM version 14.0.6\n  Optimized build.\n", 14, "14.0.6")]
    [InlineData("LLVM (http://llvm.org/):\n  LLVM version 22.1.2-rust-1.95.0-stable\n  Optimized build.\n", 22, "22.1.2-rust-1.95.0-stable")]
    [InlineData("Homebrew LLVM version 19.1.7\n  Optimized build.\n", 19, "19.1.7")]
    public void The_version_is_read_from_what_each_llvm_prints(string output, int major, string text)
    {
        var version = LlvmProfdataSearch.ParseVersion(output);
        Assert.NotNull(version);
        Assert.Equal(major, version!.Major);
        Assert.Equal(text, version.Text);
    }

    [Fact]
    public void LLVM_14s_answer_to_a_top_level_version_option_names_no_version() =>
        Assert.Null(LlvmProfdataSearch.ParseVersion("llvm-profdata-14: Unknown command!\nUSAGE: llvm-profdata-14 <merge|show|overlap> [args...]\n"));

    [SkippableFact]
    public void An_llvm_profdata_that_answers_only_merge_version_reports_its_version()
    {
        Skip.If(OperatingSystem.IsWindows(), "the stand-in llvm-profdata is a /bin/sh script");
        var llvm14 = Projects.WriteScript(Path.Combine(Folder, "llvm-profdata-14"), Llvm14Script);
        var version = LlvmProfdataLocator.QueryVersion(llvm14);
        Assert.Equal(14, version?.Major);
        Assert.Equal("14.0.6", version?.Text);
    }

    /// <summary>Each llvm-profdata-N installed reports LLVM N (.ci/run installs 14, 19 and 22).</summary>
    [SkippableTheory]
    [InlineData(14)]
    [InlineData(19)]
    [InlineData(22)]
    public void An_installed_llvm_profdata_N_reports_LLVM_N(int major)
    {
        var tool = HostPlatform.FindOnPath("llvm-profdata-" + major);
        Skip.If(tool == null, $"llvm-profdata-{major} is not on PATH (apt-get install llvm-{major})");
        Assert.Equal(major, LlvmProfdataLocator.QueryVersion(tool!)?.Major);
    }

    [Fact]
    public void Rustups_llvm_tools_come_before_PATH_and_one_of_another_LLVM_is_passed_over_with_its_version()
    {
        var sysroot = Path.Combine(Folder, "sysroot");
        var llvmTools = Projects.Write(LlvmProfdataSearch.SysrootTool(sysroot, Host), "");
        var onPath = Projects.Write(Path.Combine(Folder, "bin", "llvm-profdata-22"), "");
        var rustc = new RustcInfo(Host, 22, sysroot);
        string? FindOnPath(string name) => name == "llvm-profdata-22" ? onPath : null;

        var first = new LlvmProfdataLocator(_ => new LlvmVersion(22, "22.1.2-rust-1.95.0-stable"), FindOnPath).Find(null, null, rustc);
        Assert.Equal((llvmTools, "rustup llvm-tools", "22.1.2-rust-1.95.0-stable"), (first!.Path, first.Source, first.Version));

        var locator = new LlvmProfdataLocator(path => path == llvmTools ? new LlvmVersion(21, "21.1.0") : new LlvmVersion(22, "22.1.8"), FindOnPath);
        var found = locator.Find(null, null, rustc);
        Assert.Equal((onPath, "PATH"), (found!.Path, found.Source));
        Assert.Equal(new[] { $"{llvmTools} (rustup llvm-tools: LLVM 21.1.0)", $"{onPath} (PATH: LLVM 22.1.8)" }, locator.Considered);
    }

    [Fact]
    public void A_found_llvm_profdata_of_unknown_version_is_passed_over_and_listed_as_such()
    {
        var unknown = Projects.Write(Path.Combine(Folder, "bin", "llvm-profdata"), "");
        var locator = new LlvmProfdataLocator(_ => null, name => name == "llvm-profdata" ? unknown : null);
        Assert.Null(locator.Find(null, null, new RustcInfo(Host, 22, "")));
        Assert.Null(locator.Mismatched);
        Assert.Equal($"{unknown} (PATH: LLVM version unknown)", Assert.Single(locator.Considered));
    }

    [Fact]
    public void An_explicit_llvm_profdata_of_unknown_version_is_RUSTPGO102_naming_it()
    {
        var unknown = Projects.Write(Path.Combine(Folder, "mystery-profdata"), "");
        var error = Assert.Throws<RustPgoException>(() => new LlvmProfdataLocator(_ => null, _ => null).Find(null, unknown, new RustcInfo(Host, 22, "")));
        Assert.Equal("RUSTPGO102", error.Code);
        Assert.Contains(unknown + " (from LLVM_PROFDATA) does not say which LLVM it is of", error.Message);
        Assert.Contains("rustc's LLVM 22", error.Message);
        Assert.Contains("Point LLVM_PROFDATA at an llvm-profdata of LLVM 22, or unset it", error.Message);
        Assert.DoesNotContain("LLVM 0", error.Message);
    }

    /// <summary>
    /// The merge task's own message: RustPgoLlvmProfdataPath naming an LLVM 14 llvm-profdata (a stand-in that
    /// answers as Debian's llvm-14 does, or that very tool when installed) is RUSTPGO102 naming LLVM 14 and its path.
    /// </summary>
    [SkippableTheory]
    [InlineData("stand-in")]
    [InlineData("llvm-profdata-14")]
    public void The_merge_names_an_llvm_profdata_of_another_LLVM_by_its_path_and_real_version(string which)
    {
        Skip.If(OperatingSystem.IsWindows(), "the stand-in rustc is a /bin/sh script");
        var llvm14 = which == "stand-in" ? Projects.WriteScript(Path.Combine(Folder, "llvm14", "llvm-profdata"), Llvm14Script) : HostPlatform.FindOnPath(which);
        Skip.If(llvm14 == null, $"{which} is not on PATH (apt-get install llvm-14)");
        var engine = new RecordingEngine();
        var task = Merge(engine);
        task.LlvmProfdataPath = llvm14;

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("RUSTPGO102", error.Code);
        Assert.StartsWith($"{llvm14} (from RustPgoLlvmProfdataPath) is LLVM 14, but rustc uses LLVM 22", error.Message);
        Assert.Contains("rustup component add llvm-tools", error.Message);
        Assert.Contains("apt-get install llvm-22", error.Message);
        Assert.DoesNotContain("LLVM 0", error.Message);
        Assert.DoesNotContain("MSB4018", engine.Text);
        Assert.False(File.Exists(task.OutputFile));
    }

    /// <summary>A merge of one (empty) raw profile whose toolchain is a stand-in rustc of LLVM 22 with an empty sysroot.</summary>
    private MergePgoProfiles Merge(IBuildEngine engine)
    {
        var sysroot = Path.Combine(Folder, "empty-sysroot");
        Directory.CreateDirectory(sysroot);
        return OneProfileMerge.Task(Folder, $"""
            #!/bin/sh
            case "$*" in
              -vV) printf 'rustc 1.95.0\nbinary: rustc\nhost: {Host}\nrelease: 1.95.0\nLLVM version: 22.1.2\n' ;;
              "--print sysroot") echo '{sysroot}' ;;
              *) exit 1 ;;
            esac
            """, engine);
    }
}
