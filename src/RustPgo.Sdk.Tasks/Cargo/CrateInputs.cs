namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>A package of the user's own folders that a build compiled: the crate itself or a path/workspace dependency.</summary>
internal sealed record LocalPackage(string ManifestPath, string? BuildScript, BuildScriptOutput? BuildScriptOutput);

/// <summary>
/// Every file whose change must rebuild a crate, and the files cargo would read if they existed: the
/// sources rustc read (dep-info, path dependencies included); each local package's manifest, the
/// Cargo.toml and Cargo.lock files above it (workspace roots), its build script and what that script
/// watches; and the cargo config and toolchain files of the folders cargo runs in and of CARGO_HOME.
/// </summary>
internal sealed class CrateInputs
{
    private static readonly string[] CargoReadsFromWorkingDirectoryUp =
    {
        Path.Combine(".cargo", "config.toml"),
        Path.Combine(".cargo", "config"),
        "rust-toolchain.toml",
        "rust-toolchain",
    };

    private readonly SortedSet<string> _present = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _absent = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Present => _present;

    /// <summary>Candidates that did not exist: one appearing later changes what cargo does.</summary>
    public IReadOnlyCollection<string> Absent => _absent;

    public static CrateInputs Collect(string manifestPath, IEnumerable<string> depInfoFiles, IEnumerable<LocalPackage> packages,
        IEnumerable<string> configFiles, string? cargoHome)
    {
        var inputs = new CrateInputs();
        var crateDirectory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        inputs.AddLocalPackage(new LocalPackage(Path.GetFullPath(manifestPath), null, null));
        foreach (var package in packages)
            inputs.AddLocalPackage(package);

        for (var dir = new DirectoryInfo(crateDirectory); dir != null; dir = dir.Parent)
        {
            foreach (var name in CargoReadsFromWorkingDirectoryUp)
                inputs.AddCandidate(Path.Combine(dir.FullName, name));
        }
        if (!string.IsNullOrEmpty(cargoHome))
        {
            inputs.AddCandidate(Path.Combine(cargoHome, "config.toml"));
            inputs.AddCandidate(Path.Combine(cargoHome, "config"));
        }
        foreach (var file in configFiles)
            inputs.AddCandidate(file);

        // Sources from the registry or the standard library do not change under the user; a deleted
        // source is seen through the manifest or module that named it.
        foreach (var file in depInfoFiles)
            inputs.AddExisting(file);
        return inputs;
    }

    private void AddLocalPackage(LocalPackage package)
    {
        var packageDirectory = Path.GetDirectoryName(package.ManifestPath)!;
        AddExisting(package.ManifestPath);
        // Workspace roots above the package: their manifest ([workspace], [profile], inherited keys) and lock file.
        for (var dir = new DirectoryInfo(packageDirectory); dir != null; dir = dir.Parent)
        {
            AddExisting(Path.Combine(dir.FullName, "Cargo.toml"));
            AddExisting(Path.Combine(dir.FullName, "Cargo.lock"));
        }
        if (package.BuildScript != null)
            AddExisting(package.BuildScript);
        if (package.BuildScriptOutput is not { } output)
            return;
        var watched = output.WatchesWholePackage ? new[] { packageDirectory } : (IEnumerable<string>)output.RerunIfChanged;
        foreach (var path in watched)
        {
            if (Directory.Exists(path))
                foreach (var file in FilesOfPackageFolder(path))
                    AddExisting(file);
            else
                AddCandidate(path);
        }
    }

    /// <summary>The files cargo watches under a folder: not its target folders, hidden folders or nested packages.</summary>
    private static IEnumerable<string> FilesOfPackageFolder(string folder)
    {
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current))
                yield return file;
            foreach (var sub in Directory.EnumerateDirectories(current))
            {
                var name = Path.GetFileName(sub);
                if (name == "target" || name.StartsWith(".", StringComparison.Ordinal) || File.Exists(Path.Combine(sub, "Cargo.toml")))
                    continue;
                pending.Push(sub);
            }
        }
    }

    private void AddCandidate(string path)
    {
        if (File.Exists(path))
            _present.Add(Path.GetFullPath(path));
        else
            _absent.Add(Path.GetFullPath(path));
    }

    private void AddExisting(string path)
    {
        if (File.Exists(path))
            _present.Add(Path.GetFullPath(path));
    }
}
