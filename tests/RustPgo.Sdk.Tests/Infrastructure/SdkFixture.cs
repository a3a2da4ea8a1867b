using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>
/// One per test run: packs RustPgo.Sdk (and RustPgo.Runtime) from this repository into a local feed and gives every generated
/// project the same NuGet cache, so the SDK is packed and extracted once. Everything lives under a
/// folder whose path has a space and non-ASCII characters. The integration tests run in two collections
/// (<see cref="SdkCollection"/>, <see cref="SdkCollection2"/>), one per core; their fixtures share one packed
/// SDK, deleted when the last of them is disposed.
/// </summary>
public sealed class SdkFixture : IDisposable
{
    public const string SdkVersion = "0.1.0";

    private static readonly object Gate = new();
    private static PackedSdk? s_packed;
    private static int s_users;
    private readonly PackedSdk _packed;

    public SdkFixture()
    {
        lock (Gate)
        {
            s_packed ??= new PackedSdk();
            s_users++;
            _packed = s_packed;
        }
    }

    public string RepoRoot => _packed.RepoRoot;
    public string Root => _packed.Root;

    /// <summary>
    /// A root without spaces, for what cannot work with one: the ILCompiler's Native AOT link does not
    /// quote the paths of its own libraries (in the NuGet cache) or of the project.
    /// </summary>
    public string PlainRoot => _packed.PlainRoot;
    public string PlainNuGetPackages => _packed.PlainNuGetPackages;
    public string Feed => _packed.Feed;
    public string NuGetPackages => _packed.NuGetPackages;

    public void Dispose()
    {
        lock (Gate)
        {
            if (--s_users > 0)
                return;
            s_packed = null;
        }
        _packed.Dispose();
    }

    /// <summary>The extra environment of every dotnet child: this run's own NuGet cache.</summary>
    public Dictionary<string, string?> Environment() => _packed.Environment();

    /// <summary>A fresh folder for one test (under a path with a space and non-ASCII characters, unless <paramref name="withoutSpaces"/>).</summary>
    public string NewWorkspace(string name, bool withoutSpaces = false)
    {
        var dir = Path.Combine(withoutSpaces ? PlainRoot : Root, name + "-" + Guid.NewGuid().ToString("N").Substring(0, 6));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public ProcessResult Dotnet(string workingDirectory, params string[] arguments) =>
        DotnetWith(workingDirectory, null, arguments);

    public ProcessResult DotnetWith(string workingDirectory, IDictionary<string, string?>? environment, params string[] arguments)
    {
        var env = Environment();
        if (environment != null)
            foreach (var pair in environment)
                env[pair.Key] = pair.Value;
        return ChildProcess.Run("dotnet", arguments, workingDirectory, env, TimeSpan.FromMinutes(8));
    }

    public static string CargoBin => Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cargo", "bin");

    /// <summary>
    /// PATH with rustup's cargo first: the other toolchains a machine may have (Debian's /usr/bin/cargo)
    /// are chosen only by the tests that name them with RustCargoPath.
    /// </summary>
    internal static string PathWithCargo()
    {
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "";
        var rest = path.Split(Path.PathSeparator).Where(d => d != CargoBin);
        return Directory.Exists(CargoBin) ? string.Join(Path.PathSeparator, new[] { CargoBin }.Concat(rest)) : path;
    }
}

/// <summary>The SDK packed into a feed of its own, with the roots and the NuGet caches the generated projects use.</summary>
internal sealed class PackedSdk : IDisposable
{
    public PackedSdk()
    {
        RepoRoot = FindRepoRoot();
        Root = Path.Combine(Path.GetTempPath(), "rustpgo tests", "ünï-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(Root);
        Feed = Path.Combine(Root, "feed");
        NuGetPackages = Path.Combine(Root, "nuget packages");
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(NuGetPackages);

        PlainRoot = Path.Combine(Path.GetTempPath(), "rustpgo-tests-" + Path.GetFileName(Root).Substring(4));
        PlainNuGetPackages = Path.Combine(PlainRoot, "nuget");
        foreach (var root in new[] { Root, PlainRoot })
            WriteRootFiles(root);

        Pack(Path.Combine(RepoRoot, "sdk", "RustPgo.Sdk.Pack.csproj"), "RustPgo.Sdk");
        Pack(Path.Combine(RepoRoot, "src", "RustPgo.Runtime", "RustPgo.Runtime.csproj"), "RustPgo.Runtime");
    }

    /// <summary>Packs <paramref name="project"/> into the feed, where <paramref name="packageId"/> must then be.</summary>
    private void Pack(string project, string packageId)
    {
        var pack = ChildProcess.Run("dotnet", new[] { "pack", project, "-c", "Release", "-o", Feed, "-nologo" }, RepoRoot, Environment(), TimeSpan.FromMinutes(5));
        if (pack.ExitCode != 0 || !File.Exists(Path.Combine(Feed, $"{packageId}.{SdkFixture.SdkVersion}.nupkg")))
            throw new InvalidOperationException($"Packing {packageId} failed: " + pack);
    }

    /// <summary>Generated projects see no build customisation above them, and restore the SDK from the feed.</summary>
    private void WriteRootFiles(string root)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "global.json"), File.ReadAllText(Path.Combine(RepoRoot, "global.json")));
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
    }

    public string RepoRoot { get; }
    public string Root { get; }
    public string PlainRoot { get; }
    public string PlainNuGetPackages { get; }
    public string Feed { get; }
    public string NuGetPackages { get; }

    /// <summary>The extra environment of every dotnet child, the pack included: this run's own NuGet cache.</summary>
    public Dictionary<string, string?> Environment() => new()
    {
        ["NUGET_PACKAGES"] = NuGetPackages,
        ["PATH"] = SdkFixture.PathWithCargo(),
    };

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "sdk", "RustPgo.Sdk.Pack.csproj")))
                return dir.FullName;
        throw new InvalidOperationException("The repository root (with sdk/RustPgo.Sdk.Pack.csproj) was not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("RUSTPGO_TESTS_KEEP") == "1")
            return;
        foreach (var root in new[] { Root, PlainRoot })
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SdkCollection : ICollectionFixture<SdkFixture>
{
    public const string Name = "packed SDK";
}

/// <summary>The integration tests' second collection, run beside the first (see <see cref="SdkFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class SdkCollection2 : ICollectionFixture<SdkFixture>
{
    public const string Name = "packed SDK, second lane";
}
