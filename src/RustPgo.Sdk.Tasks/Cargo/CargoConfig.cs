using RustPgo.Sdk.Tasks.Diagnostics;
using TomlTable = System.Collections.Generic.Dictionary<string, object>;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// The cargo config a build in one folder sees, as cargo finds it: `.cargo/config.toml` (or the legacy
/// `.cargo/config`) of that folder and of every folder above it, then CARGO_HOME's, then the `--config`
/// arguments. Only what the SDK must know before cargo runs is read from it: the user's rustflags (see
/// UserRustFlags) and `build.target`.
/// </summary>
internal sealed class CargoConfig
{
    private readonly Func<string, string?> _environment;

    private CargoConfig(Func<string, string?> environment, IReadOnlyList<TomlTable> files, IReadOnlyList<TomlTable> commandLine)
    {
        _environment = environment;
        Files = files;
        CommandLine = commandLine;
    }

    /// <summary>The config files, nearest folder first, CARGO_HOME's last (cargo's precedence).</summary>
    public IReadOnlyList<TomlTable> Files { get; }

    /// <summary>The `--config` arguments in order (a later one wins).</summary>
    public IReadOnlyList<TomlTable> CommandLine { get; }

    /// <param name="workingDirectory">Where cargo runs: its config files are searched from here up.</param>
    /// <param name="configArguments">The values of the `--config` arguments given to cargo, in order.</param>
    public static CargoConfig Load(string workingDirectory, IReadOnlyList<string>? configArguments, Func<string, string?> environment) =>
        new(environment,
            FilesOf(workingDirectory, environment).Select(LoadFile).ToList(),
            (configArguments ?? Array.Empty<string>()).Select(value => LoadArgument(value, workingDirectory)).ToList());

    /// <summary>
    /// `build.target`: the target cargo builds for when it is given no `--target` (`--config` before
    /// CARGO_BUILD_TARGET before the nearest config file); null when none is set.
    /// </summary>
    public string? BuildTarget()
    {
        foreach (var config in CommandLine.Reverse())
        {
            if (BuildTargetOf(config, "--config") is { } fromArgument)
                return fromArgument;
        }
        if (_environment("CARGO_BUILD_TARGET") is { Length: > 0 } fromEnvironment)
            return fromEnvironment;
        foreach (var config in Files)
        {
            if (BuildTargetOf(config, "a cargo config file") is { } fromFile)
                return fromFile;
        }
        return null;
    }

    private static string? BuildTargetOf(TomlTable config, string source)
    {
        if (Table(config, "build") is not { } build || !build.TryGetValue("target", out var target))
            return null;
        if (target is string one)
            return one;
        if (target is List<object> { Count: 1 } list && list[0] is string only)
            return only;
        throw new RustPgoException(Codes.InvalidCargoConfig,
            $"build.target of {source} names several targets; cargo would build the library once for each, but one build ships. Set RuntimeIdentifier (or RustTargetTriple on the RustCrate) to choose the one to ship.");
    }

    /// <summary>The config files cargo reads, nearest folder first, CARGO_HOME's last.</summary>
    internal static IEnumerable<string> FilesOf(string workingDirectory, Func<string, string?> environment)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var folders = new List<string>();
        for (var dir = new DirectoryInfo(workingDirectory); dir != null; dir = dir.Parent)
            folders.Add(Path.Combine(dir.FullName, ".cargo"));
        var cargoHome = environment("CARGO_HOME")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cargo");
        folders.Add(cargoHome);

        foreach (var folder in folders)
        {
            // Where both exist, cargo reads the legacy `config` (and warns); else whichever exists.
            var file = new[] { "config", "config.toml" }.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
            if (file != null && seen.Add(Path.GetFullPath(file)))
                yield return file;
        }
    }

    public static TomlTable? Table(TomlTable parent, string key) =>
        parent.TryGetValue(key, out var value) ? value as TomlTable : null;

    private static TomlTable LoadFile(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>A `--config` value: the path of an existing file (of any name, as cargo takes it), else a `key=value` TOML fragment.</summary>
    private static TomlTable LoadArgument(string value, string workingDirectory)
    {
        var path = Path.Combine(workingDirectory, value);
        if (File.Exists(path))
            return LoadFile(path);
        if (!value.Contains("="))
            throw new RustPgoException(Codes.InvalidCargoConfig, $"The cargo argument --config {value} is neither key=value nor an existing TOML file ({path}).");
        return Parse(value, "--config " + value);
    }

    private static TomlTable Parse(string toml, string source)
    {
        try
        {
            return Toml.Parse(toml);
        }
        catch (TomlException e)
        {
            throw new RustPgoException(Codes.InvalidCargoConfig, $"{source} is not valid TOML, so the crate's cargo config cannot be read: {e.Message}", File.Exists(source) ? source : null);
        }
    }
}
