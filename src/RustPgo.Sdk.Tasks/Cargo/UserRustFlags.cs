using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Tomlyn;
using Tomlyn.Model;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// The rustflags cargo would give rustc for a target if we set none, from the first source that has
/// any, as cargo picks them: CARGO_ENCODED_RUSTFLAGS, RUSTFLAGS, then the `target.&lt;triple&gt;` and
/// matching `target.'cfg(…)'` rustflags of the config files (and CARGO_TARGET_&lt;TRIPLE&gt;_RUSTFLAGS),
/// then `build.rustflags` (and CARGO_BUILD_RUSTFLAGS). The PGO builds append their flags to these and
/// pass the lot in CARGO_ENCODED_RUSTFLAGS, so no user flag is lost.
/// </summary>
internal sealed class UserRustFlags
{
    private readonly Func<string, string?> _environment;
    private readonly Func<IReadOnlyCollection<string>> _rustcCfg;

    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="rustcCfg">`rustc --print cfg --target T`, asked only when a config has cfg tables.</param>
    public UserRustFlags(Func<string, string?> environment, Func<IReadOnlyCollection<string>> rustcCfg)
    {
        _environment = environment;
        _rustcCfg = rustcCfg;
    }

    /// <param name="workingDirectory">Where cargo runs: its config files are searched from here up.</param>
    public IReadOnlyList<string> Resolve(string workingDirectory, string triple)
    {
        var encoded = _environment("CARGO_ENCODED_RUSTFLAGS");
        if (encoded != null)
            return encoded.Length == 0 ? Array.Empty<string>() : encoded.Split('\u001f');

        var plain = _environment("RUSTFLAGS");
        if (plain != null)
            return SplitSpaces(plain);

        var configs = ConfigFiles(workingDirectory).Select(Load).ToList();

        var targetFlags = new List<string>();
        // Config arrays are joined across files, the lower-precedence (farther) files first.
        foreach (var config in Enumerable.Reverse(configs))
        {
            if (Table(config, "target") is not { } targets)
                continue;
            foreach (var pair in targets)
            {
                if (pair.Value is not TomlTable table || !table.TryGetValue("rustflags", out var flags))
                    continue;
                if (pair.Key == triple || (CfgExpression.IsCfg(pair.Key) && CfgExpression.Matches(pair.Key, _rustcCfg())))
                    targetFlags.AddRange(Flags(flags));
            }
        }
        var targetEnv = _environment("CARGO_TARGET_" + triple.ToUpperInvariant().Replace('-', '_').Replace('.', '_') + "_RUSTFLAGS");
        if (targetEnv != null)
            targetFlags.AddRange(SplitSpaces(targetEnv));
        if (targetFlags.Count > 0)
            return targetFlags;

        var buildFlags = new List<string>();
        foreach (var config in Enumerable.Reverse(configs))
        {
            if (Table(config, "build") is { } build && build.TryGetValue("rustflags", out var flags))
                buildFlags.AddRange(Flags(flags));
        }
        var buildEnv = _environment("CARGO_BUILD_RUSTFLAGS");
        if (buildEnv != null)
            buildFlags.AddRange(SplitSpaces(buildEnv));
        return buildFlags;
    }

    /// <summary>Config files in cargo's precedence order: the working directory's first, CARGO_HOME's last.</summary>
    internal IEnumerable<string> ConfigFiles(string workingDirectory)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var folders = new List<string>();
        for (var dir = new DirectoryInfo(workingDirectory); dir != null; dir = dir.Parent)
            folders.Add(Path.Combine(dir.FullName, ".cargo"));
        var cargoHome = _environment("CARGO_HOME")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cargo");
        folders.Add(cargoHome);

        foreach (var folder in folders)
        {
            // cargo prefers `config.toml` and reads the legacy `config` only when it is absent.
            var file = new[] { "config.toml", "config" }.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
            if (file != null && seen.Add(Path.GetFullPath(file)))
                yield return file;
        }
    }

    private static TomlTable Load(string path)
    {
        try
        {
            return TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path)) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new InvalidDataException($"{path} is not valid TOML: {e.Message}", e);
        }
    }

    private static TomlTable? Table(TomlTable parent, string key) =>
        parent.TryGetValue(key, out var value) ? value as TomlTable : null;

    private static IEnumerable<string> Flags(object value) => value switch
    {
        string text => SplitSpaces(text),
        TomlArray array => array.OfType<string>(),
        _ => Enumerable.Empty<string>(),
    };

    private static string[] SplitSpaces(string text) =>
        text.Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries);
}
