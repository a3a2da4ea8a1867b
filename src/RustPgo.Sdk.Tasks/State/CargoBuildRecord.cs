namespace RustPgo.Sdk.Tasks.State;

/// <summary>
/// What the last finished cargo build of a crate in one stage produced: written by CargoBuild after cargo
/// succeeded, and only when it changed (so its timestamp moves exactly when cargo wrote a library anew,
/// which is what reruns the trainings); read by the shipping of the libraries, by the trainings and by the
/// report.
/// </summary>
internal sealed record CargoBuildRecord
{
    private const string Kind = "cargo build record";

    /// <summary>The package name (`[package] name`), which names the crate in every message.</summary>
    public string Package { get; init; } = "";

    /// <summary>The library target's name (`[lib] name`, else the package name with `-` as `_`): the P/Invoke name.</summary>
    public string LibraryName { get; init; } = "";

    public IReadOnlyList<string> CrateTypes { get; init; } = Array.Empty<string>();

    /// <summary>The cdylib (the file a P/Invoke loads).</summary>
    public string? DynamicLibrary { get; init; }

    /// <summary>Debug symbols that travel with the cdylib (Windows .pdb).</summary>
    public IReadOnlyList<string> DebugSymbols { get; init; } = Array.Empty<string>();

    /// <summary>The staticlib (.a / .lib), when the crate builds one: what a Native AOT app links.</summary>
    public string? StaticLibrary { get; init; }

    /// <summary>`--print native-static-libs`: what a program linking the staticlib must link too.</summary>
    public IReadOnlyList<string> NativeStaticLibs { get; init; } = Array.Empty<string>();

    /// <summary>The folders of the local packages the build compiled (the crate and its path dependencies): what an IDE watches.</summary>
    public IReadOnlyList<string> LocalPackageDirectories { get; init; } = Array.Empty<string>();

    /// <summary>The rustflags this build gave rustc in CARGO_ENCODED_RUSTFLAGS (the PGO builds set them).</summary>
    public IReadOnlyList<string> RustFlags { get; init; } = Array.Empty<string>();

    /// <summary>The profile an optimized build read (its `-Cprofile-use`), else null.</summary>
    public string? ProfileUse => RustFlags.Where(f => f.StartsWith(ProfileUseFlag, StringComparison.Ordinal)).Select(f => f.Substring(ProfileUseFlag.Length)).LastOrDefault();

    private const string ProfileUseFlag = "-Cprofile-use=";

    /// <summary>rustc's warnings about the profile it was given (the optimized build), verbatim.</summary>
    public IReadOnlyList<string> ProfileWarnings { get; init; } = Array.Empty<string>();

    /// <summary>The libraries that ship beside the app: the cdylib, then its debug symbols.</summary>
    public IEnumerable<string> ShippedFiles => (DynamicLibrary == null ? Enumerable.Empty<string>() : new[] { DynamicLibrary }).Concat(DebugSymbols);

    /// <summary>Every library file the build produced: the cdylib, its debug symbols, the staticlib.</summary>
    public IEnumerable<string> OutputFiles => ShippedFiles.Concat(StaticLibrary == null ? Enumerable.Empty<string>() : new[] { StaticLibrary });

    /// <summary>
    /// Writes the record unless the one at <paramref name="path"/> says the same, with the size and time of
    /// every library file: cargo rewriting one is a change. True when it wrote.
    /// </summary>
    public bool WriteWhenChanged(string path)
    {
        var entries = new List<KeyValuePair<string, string>>
        {
            new("package", Package),
            new("library-name", LibraryName),
        };
        Add(entries, "crate-type", CrateTypes);
        Add(entries, "dynamic-library", DynamicLibrary);
        Add(entries, "debug-symbols", DebugSymbols);
        Add(entries, "static-library", StaticLibrary);
        Add(entries, "native-static-lib", NativeStaticLibs);
        Add(entries, "rustflag", RustFlags);
        Add(entries, "local-package", LocalPackageDirectories);
        Add(entries, "profile-warning", ProfileWarnings);
        Add(entries, "output-identity", OutputFiles.Select(FileIdentity.Of));
        return StateFile.WriteWhenChanged(path, Kind, entries);
    }

    /// <summary>The record at <paramref name="path"/>, or null when there is none (the stage never finished).</summary>
    public static CargoBuildRecord? TryRead(string path)
    {
        var entries = StateFile.TryRead(path, Kind);
        return entries == null ? null : FromEntries(entries);
    }

    /// <summary>The record of a build an earlier target must have finished.</summary>
    public static CargoBuildRecord Read(string path) =>
        FromEntries(StateFile.Read(path, Kind, "the crate's cargo build (BuildRustCrates, RustPgoInstrument, RustPgoOptimize)"));

    private static CargoBuildRecord FromEntries(List<KeyValuePair<string, string>> entries)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!values.TryGetValue(entry.Key, out var list))
                values[entry.Key] = list = new List<string>();
            list.Add(entry.Value);
        }
        List<string> All(string key) => values.TryGetValue(key, out var list) ? list : new List<string>();
        string? One(string key) => values.TryGetValue(key, out var list) ? list[0] : null;
        return new CargoBuildRecord
        {
            Package = One("package") ?? "",
            LibraryName = One("library-name") ?? "",
            CrateTypes = All("crate-type"),
            DynamicLibrary = One("dynamic-library"),
            DebugSymbols = All("debug-symbols"),
            StaticLibrary = One("static-library"),
            NativeStaticLibs = All("native-static-lib"),
            RustFlags = All("rustflag"),
            LocalPackageDirectories = All("local-package"),
            ProfileWarnings = All("profile-warning"),
        };
    }

    private static void Add(List<KeyValuePair<string, string>> entries, string key, string? value)
    {
        if (value != null)
            entries.Add(new(key, value));
    }

    private static void Add(List<KeyValuePair<string, string>> entries, string key, IEnumerable<string> values)
    {
        foreach (var value in values)
            entries.Add(new(key, value));
    }
}
