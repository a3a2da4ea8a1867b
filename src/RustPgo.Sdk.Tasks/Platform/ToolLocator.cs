using RustPgo.Sdk.Tasks.Diagnostics;

namespace RustPgo.Sdk.Tasks.Platform;

/// <summary>Finds executables the way a shell would, plus rustup's default home.</summary>
internal static class ToolLocator
{
    private static bool IsWindows => Path.DirectorySeparatorChar == '\\';

    /// <summary>
    /// cargo: the explicit path if given (a file, or a folder holding cargo), else PATH, else
    /// `$CARGO_HOME/bin`, else `~/.cargo/bin`. Null when none exists.
    /// </summary>
    public static string? FindCargo(string? explicitPath) => FindRustTool("cargo", explicitPath);

    /// <summary><see cref="FindCargo"/>, or error RUSTPGO004.</summary>
    public static string RequireCargo(string? explicitPath) =>
        FindCargo(explicitPath) ?? throw new RustPgoException(Codes.CargoNotFound, string.IsNullOrWhiteSpace(explicitPath)
            ? "cargo was not found on PATH nor in ~/.cargo/bin. Install Rust from https://rustup.rs, or set RustCargoPath to the cargo executable."
            : $"RustCargoPath '{explicitPath}' is neither the cargo executable nor a folder holding it.");

    /// <summary>rustc, looked up beside the cargo that builds (one toolchain), then like cargo.</summary>
    public static string? FindRustc(string cargoPath) => RustcBeside(cargoPath) ?? FindRustTool("rustc", null);

    /// <summary>
    /// The rustc of the same toolchain as <paramref name="cargoPath"/>. cargo itself runs the `rustc` it
    /// finds on PATH, so a cargo chosen with RustCargoPath gets this one as RUSTC.
    /// </summary>
    public static string? RustcBeside(string cargoPath)
    {
        var besideCargo = Path.Combine(Path.GetDirectoryName(cargoPath) ?? "", ExecutableName("rustc"));
        return File.Exists(besideCargo) ? besideCargo : null;
    }

    /// <summary>Sets RUSTC for a cargo process to the rustc of its toolchain, unless the user chose one.</summary>
    public static void UseToolchainOf(string cargoPath, Processes.ProcessSpec spec)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RUSTC")) && RustcBeside(cargoPath) is { } rustc)
            spec.Environment["RUSTC"] = rustc;
    }

    /// <summary>cargo's home: CARGO_HOME, else ~/.cargo.</summary>
    public static string CargoHome() =>
        Environment.GetEnvironmentVariable("CARGO_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cargo");

    private static string? FindRustTool(string name, string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            if (File.Exists(explicitPath))
                return Path.GetFullPath(explicitPath);
            var inFolder = Path.Combine(explicitPath!, ExecutableName(name));
            return File.Exists(inFolder) ? Path.GetFullPath(inFolder) : null;
        }

        return FindOnPath(name) ?? RustupBinFolders().Select(dir => Path.Combine(dir, ExecutableName(name))).FirstOrDefault(File.Exists);
    }

    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator))
        {
            if (dir.Length == 0)
                continue;
            try
            {
                var candidate = Path.Combine(dir.Trim('"'), ExecutableName(name));
                if (File.Exists(candidate))
                    return candidate;
            }
            catch (ArgumentException)
            {
                // A PATH entry with characters that are not valid in a path: skip it, as shells do.
            }
        }
        return null;
    }

    public static string ExecutableName(string name) => IsWindows ? name + ".exe" : name;

    private static IEnumerable<string> RustupBinFolders()
    {
        var cargoHome = Environment.GetEnvironmentVariable("CARGO_HOME");
        if (!string.IsNullOrEmpty(cargoHome))
            yield return Path.Combine(cargoHome, "bin");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home))
            yield return Path.Combine(home, ".cargo", "bin");
    }
}
