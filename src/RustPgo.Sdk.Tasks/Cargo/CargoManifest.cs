using RustPgo.Sdk.Tasks.Diagnostics;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>What the SDK reads from a crate's Cargo.toml itself (cargo reads the rest).</summary>
internal sealed record CargoManifest(string PackageName, string LibraryName, IReadOnlyList<string> CrateTypes)
{
    /// <summary>
    /// `[package] name`, which names the crate in the build's messages, and the library target's name
    /// (`[lib] name`, else the package name with `-` as `_`, cargo's documented default), which names its
    /// files. A workspace root without a package is not a crate; TOML cargo cannot parse is left to cargo,
    /// which says where it breaks (the folder's name stands in until then). `[lib] crate-type` too (empty
    /// when unset: cargo's default, an rlib).
    /// </summary>
    public static CargoManifest Read(string manifestPath)
    {
        var fallback = Path.GetFileName(Path.GetDirectoryName(manifestPath)) ?? "crate";
        Dictionary<string, object> manifest;
        try
        {
            manifest = Toml.Parse(File.ReadAllText(manifestPath));
        }
        catch (TomlException)
        {
            return new CargoManifest(fallback, fallback.Replace('-', '_'), Array.Empty<string>());
        }
        var package = CargoConfig.Table(manifest, "package") is { } packageTable && packageTable.TryGetValue("name", out var name) && name is string text ? text : null;
        if (package == null && manifest.ContainsKey("workspace"))
            throw new RustPgoException(Codes.NotACargoManifest,
                $"{manifestPath} is a workspace root without a [package], not a crate. Point RustCrate at the Cargo.toml of the member crate that builds the cdylib.", manifestPath);
        package ??= fallback;
        var lib = CargoConfig.Table(manifest, "lib");
        var library = lib != null && lib.TryGetValue("name", out var libName) && libName is string libText ? libText : package.Replace('-', '_');
        var crateTypes = lib != null && lib.TryGetValue("crate-type", out var types) && types is List<object> list ? list.OfType<string>().ToList() : new List<string>();
        return new CargoManifest(package, library, crateTypes);
    }
}
