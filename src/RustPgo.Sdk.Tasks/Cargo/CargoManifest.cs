using RustPgo.Sdk.Tasks.Diagnostics;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>What the SDK reads from a crate's Cargo.toml itself (cargo reads the rest).</summary>
internal static class CargoManifest
{
    /// <summary>
    /// `[package] name`, which names the crate in the build's messages. A workspace root without a
    /// package is not a crate; TOML cargo cannot parse is left to cargo, which says where it breaks.
    /// </summary>
    public static string PackageName(string manifestPath)
    {
        var fallback = Path.GetFileName(Path.GetDirectoryName(manifestPath)) ?? "crate";
        Dictionary<string, object> manifest;
        try
        {
            manifest = Toml.Parse(File.ReadAllText(manifestPath));
        }
        catch (TomlException)
        {
            return fallback;
        }
        if (manifest.TryGetValue("package", out var package) && package is Dictionary<string, object> table && table.TryGetValue("name", out var name) && name is string text)
            return text;
        if (manifest.ContainsKey("workspace"))
            throw new RustPgoException(Codes.NotACargoManifest,
                $"{manifestPath} is a workspace root without a [package], not a crate. Point RustCrate at the Cargo.toml of the member crate that builds the cdylib.", manifestPath);
        return fallback;
    }
}
