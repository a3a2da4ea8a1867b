using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// Every existing file whose change must rebuild a crate: the sources rustc read (from dep-info, path
/// dependencies included) plus what cargo reads itself — manifests, lock file, build script, cargo
/// config and toolchain files of the crate's folder and its ancestors.
/// </summary>
internal static class CrateInputs
{
    private static readonly string[] PerFolderFiles =
    {
        "Cargo.lock",
        Path.Combine(".cargo", "config.toml"),
        Path.Combine(".cargo", "config"),
        "rust-toolchain.toml",
        "rust-toolchain",
    };

    public static IReadOnlyList<string> Collect(string manifestPath, IEnumerable<string> depInfoFiles)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal) { Path.GetFullPath(manifestPath) };
        var crateDir = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;

        var buildScript = Path.Combine(crateDir, "build.rs");
        if (File.Exists(buildScript))
            files.Add(buildScript);

        for (var dir = new DirectoryInfo(crateDir); dir != null; dir = dir.Parent)
        {
            foreach (var name in PerFolderFiles.Append("Cargo.toml"))
            {
                var candidate = Path.Combine(dir.FullName, name);
                if (File.Exists(candidate))
                    files.Add(candidate);
            }
        }

        var cargoHome = Environment.GetEnvironmentVariable("CARGO_HOME")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cargo");
        foreach (var name in new[] { "config.toml", "config" })
        {
            var candidate = Path.Combine(cargoHome, name);
            if (File.Exists(candidate))
                files.Add(candidate);
        }

        foreach (var file in depInfoFiles)
        {
            // Sources from the registry or the standard library do not change under the user; skip missing
            // ones so that a deleted file is seen through the manifest or module that named it.
            if (File.Exists(file))
                files.Add(Path.GetFullPath(file));
        }
        return files.ToList();
    }
}
