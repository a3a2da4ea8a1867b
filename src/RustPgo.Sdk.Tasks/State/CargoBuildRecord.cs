namespace RustPgo.Sdk.Tasks.State;

/// <summary>
/// What one finished cargo build of a crate in one stage produced and read: written by CargoBuild as its
/// last act (so it marks a finished build and is the stage target's Outputs), read by the next build's
/// up-to-date check, by the plumbing that ships the libraries, by the trainings and by the report.
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

    /// <summary>Every file whose change must rebuild the crate.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = Array.Empty<string>();

    /// <summary>Files cargo would read if they existed (config, toolchain files): one appearing rebuilds.</summary>
    public IReadOnlyList<string> AbsentInputs { get; init; } = Array.Empty<string>();

    /// <summary>Environment variables the build scripts declared with rerun-if-env-changed.</summary>
    public IReadOnlyList<string> EnvironmentInputs { get; init; } = Array.Empty<string>();

    /// <summary>The rustflags this build gave rustc in CARGO_ENCODED_RUSTFLAGS (the PGO builds set them).</summary>
    public IReadOnlyList<string> RustFlags { get; init; } = Array.Empty<string>();

    /// <summary>rustc's warnings about the profile it was given (the optimized build), verbatim.</summary>
    public IReadOnlyList<string> ProfileWarnings { get; init; } = Array.Empty<string>();

    /// <summary>The libraries that ship beside the app: the cdylib, then its debug symbols.</summary>
    public IEnumerable<string> ShippedFiles => (DynamicLibrary == null ? Enumerable.Empty<string>() : new[] { DynamicLibrary }).Concat(DebugSymbols);

    /// <summary>Every produced file still exists (a deleted target folder must rebuild).</summary>
    public bool OutputsExist => ShippedFiles.Concat(StaticLibrary == null ? Enumerable.Empty<string>() : new[] { StaticLibrary }).All(File.Exists);

    public void Write(string path)
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
        Add(entries, "env-input", EnvironmentInputs);
        Add(entries, "absent-input", AbsentInputs);
        Add(entries, "input", Inputs);
        Add(entries, "profile-warning", ProfileWarnings);
        StateFile.Write(path, Kind, entries);
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
        List<string> All(string key) => entries.Where(e => e.Key == key).Select(e => e.Value).ToList();
        string? One(string key) => entries.Where(e => e.Key == key).Select(e => e.Value).FirstOrDefault();
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
            EnvironmentInputs = All("env-input"),
            AbsentInputs = All("absent-input"),
            Inputs = All("input"),
            ProfileWarnings = All("profile-warning"),
        };
    }

    private static void Add(List<KeyValuePair<string, string>> entries, string key, string? value)
    {
        if (value != null)
            entries.Add(new(key, value));
    }

    private static void Add(List<KeyValuePair<string, string>> entries, string key, IEnumerable<string> values) =>
        entries.AddRange(values.Select(v => new KeyValuePair<string, string>(key, v)));
}
