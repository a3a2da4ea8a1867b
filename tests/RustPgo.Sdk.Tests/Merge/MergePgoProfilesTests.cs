using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Merge;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.Train;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Merge;

/// <summary>
/// The merge asks rustc for its LLVM version before it picks a merger. A rustc that is there but cannot
/// answer was an MSB4018 stack trace; it is RUSTPGO112, and no profile is written.
/// </summary>
public sealed class MergePgoProfilesTests() : ScratchFolderTests("merge")
{
    private readonly RecordingEngine _engine = new();

    /// <summary>A merge of one raw profile whose toolchain is a cargo with <paramref name="rustcContent"/> as the rustc beside it.</summary>
    private MergePgoProfiles Merge(string rustcContent) => OneProfileMerge.Task(Folder, rustcContent, _engine);

    [Fact]
    public void A_rustc_that_cannot_be_started_is_RUSTPGO112()
    {
        // Not a program: no shebang line on Unix, not a PE file on Windows.
        var task = Merge("\0\u0001 not an executable");
        Assert.False(task.Execute());
        Assert.Equal("RUSTPGO112", Assert.Single(_engine.Errors).Code);
        Assert.False(File.Exists(task.OutputFile));
    }

    [SkippableFact]
    public void A_rustc_that_prints_no_LLVM_version_is_RUSTPGO112()
    {
        Skip.If(OperatingSystem.IsWindows(), "A script named rustc.exe cannot run on Windows; the case above covers this OS.");
        var task = Merge("#!/bin/sh\necho 'rustc 1.0.0'\n");
        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("RUSTPGO112", error.Code);
        Assert.Contains("LLVM version", error.Message);
        Assert.False(File.Exists(task.OutputFile));
    }
}
