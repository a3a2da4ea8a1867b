using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>A Native AOT publish on a machine without a C compiler driver fails early and says what to install.</summary>
[Collection(SdkCollection2.Name)]
public class NativeAotLinkerTests
{
    private readonly SdkFixture _sdk;

    public NativeAotLinkerTests(SdkFixture sdk) => _sdk = sdk;

    /// <summary>
    /// PATH holds every program of this machine's PATH but clang and gcc (cc stays: rustc links the crate's cdylib with
    /// it), so cargo builds, and the check before the ILCompiler's link stops the publish with RUSTPGO204.
    /// </summary>
    [SkippableFact]
    public void Without_clang_or_gcc_on_PATH_a_Native_AOT_publish_is_RUSTPGO204()
    {
        Skip.IfNot(HostPlatform.IsLinux, "the PATH without clang and gcc is made of links to the programs of this Linux machine's PATH");
        var ws = _sdk.NewWorkspace("aot-no-linker", withoutSpaces: true);
        var project = PgoApps.App(ws, crateTypes: "\"cdylib\", \"staticlib\"");
        var appDir = Path.GetDirectoryName(project)!;
        var path = SdkFixture.CargoBin + Path.PathSeparator + ProgramsBut(Path.Combine(ws, "bin-without-c-compilers"), "clang", "gcc");
        Assert.Null(Find(path, "clang"));
        Assert.Null(Find(path, "gcc"));

        var publish = _sdk.DotnetWith(appDir, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _sdk.PlainNuGetPackages, ["PATH"] = path },
            "publish", project, "-c", "Release", "-r", HostPlatform.Rid, "-p:PublishAot=true", "-o", Path.Combine(ws, "published"));

        PgoErrorTests.FailedWith(publish, "RUSTPGO204");
        Assert.Equal("Native AOT links the app with a C compiler driver, and neither clang nor gcc is on PATH. Install clang: `apt-get install clang` (Debian, Ubuntu), `dnf install clang` (Fedora), `apk add clang build-base` (Alpine), or the Xcode command-line tools on macOS (`xcode-select --install`).",
            PgoErrorTests.Message(publish, "error", "RUSTPGO204"));
        Assert.Contains("vm (release", publish.Output);
        Assert.DoesNotContain("Generating native code", publish.Output);
        Assert.False(File.Exists(Path.Combine(ws, "published", "app")));
    }

    /// <summary>A folder of links to the programs of PATH's folders (the first of each name), but those named <paramref name="left"/>; returns it.</summary>
    private static string ProgramsBut(string folder, params string[] left)
    {
        Directory.CreateDirectory(folder);
        var seen = new HashSet<string>(left, StringComparer.Ordinal);
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Where(d => d.Length > 0 && d != SdkFixture.CargoBin && Directory.Exists(d)))
        {
            foreach (var program in Directory.EnumerateFileSystemEntries(directory))
            {
                if (seen.Add(Path.GetFileName(program)))
                    File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(program)), program);
            }
        }
        return folder;
    }

    private static string? Find(string path, string name) =>
        path.Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
