using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;
using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Field;

/// <summary>
/// The exports RustPgo.Runtime calls in an instrumented library that ships (profile_exports.rs): compiled
/// once per target by the crate's rustc into the stage's state, and linked into the cdylib with the
/// linker arguments that export them. The object is named by its source and target, so a new SDK's
/// exports change the rustflags and cargo relinks.
/// </summary>
internal static class ProfileExports
{
    public static readonly string[] Symbols = { "rustpgo_profile_write", "rustpgo_profile_reset" };

    private static readonly Lazy<string> Source = new(() =>
    {
        using var stream = typeof(ProfileExports).Assembly.GetManifestResourceStream("RustPgo.Sdk.Tasks.Field.profile_exports.rs")
            ?? throw new InvalidOperationException("The profile exports' source is missing from the task assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The rustflags that link and export the profile functions into the crate's cdylib.</summary>
    public static IReadOnlyList<string> RustFlags(string cargo, string triple, string stateDirectory, string workingDirectory)
    {
        var folder = Path.Combine(stateDirectory, "profile-exports");
        var os = RustTargets.OsOf(triple);
        var name = "rustpgo_profile_exports-" + Digest.Of(Source.Value + "\n" + triple);
        var obj = Path.Combine(folder, name + (os == TargetOs.Windows ? ".obj" : ".o"));
        if (!File.Exists(obj))
            Compile(cargo, triple, folder, obj, workingDirectory);
        var flags = new List<string> { "-Clink-arg=" + obj };
        switch (os)
        {
            case TargetOs.Windows:
                flags.AddRange(Symbols.Select(s => "-Clink-arg=/EXPORT:" + s));
                break;
            case TargetOs.MacOS:
                // Mach-O prefixes C symbols with an underscore.
                flags.AddRange(Symbols.Select(s => "-Clink-arg=-Wl,-exported_symbol,_" + s));
                break;
            default:
                // rustc's own version script hides every symbol it does not export; a second one adds ours.
                var script = Path.Combine(folder, name + ".version-script");
                if (!File.Exists(script))
                    AtomicFile.WriteAllText(script, "{\n  global:\n" + string.Concat(Symbols.Select(s => "    " + s + ";\n")) + "};\n");
                flags.Add("-Clink-arg=-Wl,--version-script=" + script);
                break;
        }
        return flags;
    }

    private static void Compile(string cargo, string triple, string folder, string obj, string workingDirectory)
    {
        Directory.CreateDirectory(folder);
        var source = Path.Combine(folder, "profile_exports.rs");
        AtomicFile.WriteAllText(source, Source.Value);
        var temp = AtomicFile.TempSibling(obj);
        var spec = new ProcessSpec(ToolLocator.FindRustc(cargo) ?? "rustc", new[]
        {
            "--edition", "2024", "--crate-type", "lib", "--crate-name", "rustpgo_profile_exports", "--emit", "obj",
            "-C", "opt-level=2", "-C", "panic=abort", "--target", triple, "-o", temp, source,
        }, workingDirectory);
        ToolLocator.UseToolchainOf(cargo, spec);
        try
        {
            ProcessRunner.Capture(spec);
        }
        catch (Exception e) when (e is InvalidOperationException or ProcessStartException)
        {
            File.Delete(temp);
            throw new RustPgoException(Codes.ProfileExportsFailed,
                $"rustc could not compile the profile exports an instrumented library ships with (for {triple}): {e.Message} Install the target's standard library (rustup target add {triple}), or build without RustPgoInstrumented.");
        }
        AtomicFile.Replace(temp, obj);
    }
}
