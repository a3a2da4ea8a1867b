using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Processes;

namespace RustPgo.Sdk.Tasks.Train;

/// <summary>What a training process needs besides its command: the instrumented libraries' folders.</summary>
internal sealed record TrainingContext(
    TargetOs HostOs,
    IReadOnlyList<string> InstrumentedLibraryDirectories,
    string DotnetHost,
    string? InheritedLoaderPath);

/// <summary>
/// The process of one training workload on the OS the build runs on. Every workload sees the
/// instrumented libraries' folders in RUSTPGO_INSTRUMENTED_LIBRARY_DIR and first on the loader's path;
/// no LLVM_PROFILE_FILE: each instrumented library writes into the folder its build named
/// (-Cprofile-generate), which tells the raw profiles of different crates apart.
/// </summary>
internal static class TrainingCommand
{
    public const string InstrumentedLibraryDirVariable = "RUSTPGO_INSTRUMENTED_LIBRARY_DIR";

    /// <summary>Carries the loader path into the shell on macOS, where SIP strips DYLD_* from /bin/sh's environment.</summary>
    public const string LoaderPathVariable = "RUSTPGO_LOADER_PATH";

    /// <summary>A project workload: `dotnet app.dll ARGS`, or `dotnet test tests.dll ARGS` for a test project.</summary>
    public static ProcessSpec ForAssembly(Workload workload, string assembly, TrainingContext context)
    {
        var isTestProject = File.Exists(Path.Combine(Path.GetDirectoryName(assembly)!, "testhost.dll"));
        var arguments = new List<string>();
        if (isTestProject)
            arguments.Add("test");
        arguments.Add(assembly);
        arguments.AddRange(CargoCommandLines.SplitArguments(workload.Arguments));
        return WithEnvironment(new ProcessSpec(context.DotnetHost, arguments, Path.GetDirectoryName(assembly)!), workload, context);
    }

    /// <summary>A command line, run by the shell as in a terminal: cmd.exe on Windows, /bin/sh elsewhere.</summary>
    public static ProcessSpec ForCommandLine(Workload workload, TrainingContext context)
    {
        var commandLine = workload.What;
        ProcessSpec spec = context.HostOs switch
        {
            // cmd.exe /s /c strips the outer quotes and runs the rest verbatim; MSVC-style escaping of the
            // command line's own quotes would reach the command as backslashes.
            TargetOs.Windows => new ProcessSpec("cmd.exe", new[] { "/d", "/s", "/c", commandLine }, workload.WorkingDirectory)
            {
                RawArguments = "/d /s /c \"" + commandLine + "\"",
            },
            TargetOs.MacOS => new ProcessSpec("/bin/sh",
                new[] { "-c", $"DYLD_LIBRARY_PATH=\"${LoaderPathVariable}\"; export DYLD_LIBRARY_PATH; {commandLine}" }, workload.WorkingDirectory),
            _ => new ProcessSpec("/bin/sh", new[] { "-c", commandLine }, workload.WorkingDirectory),
        };
        return WithEnvironment(spec, workload, context);
    }

    /// <summary>
    /// `cargo test|bench|run --example X` of a crate, built exactly as RustPgoInstrument built it (same
    /// profile, codegen settings, target, target folder and rustflags), so the crate's code is
    /// instrumented the same way.
    /// </summary>
    public static ProcessSpec ForCargo(Workload workload, string cargo, CargoBuildSettings build, IReadOnlyList<string> rustFlags, TrainingContext context)
    {
        var arguments = CargoCommandLines.SplitArguments(workload.What);
        arguments.AddRange(new[] { "--manifest-path", build.ManifestPath, "--profile", build.CargoProfile, "--target-dir", build.TargetDirectory });
        if (build.TargetTriple != null)
            arguments.AddRange(new[] { "--target", build.TargetTriple });
        arguments.AddRange(CargoCommandLines.ForFeatures(build.Features, build.NoDefaultFeatures, build.AllFeatures));
        arguments.AddRange(CargoCommandLines.ForCodegen(build));
        var extra = CargoCommandLines.SplitArguments(workload.Arguments);
        if (extra.Count > 0)
        {
            arguments.Add("--");
            arguments.AddRange(extra);
        }
        var spec = new ProcessSpec(cargo, arguments, Path.GetDirectoryName(build.ManifestPath)!);
        spec.Environment["CARGO_ENCODED_RUSTFLAGS"] = string.Join("\u001f", rustFlags);
        spec.Environment["RUSTFLAGS"] = null;
        spec.Environment["CARGO_TERM_PROGRESS_WHEN"] = "never";
        ToolLocator.UseToolchainOf(cargo, spec);
        return WithEnvironment(spec, workload, context);
    }

    private static ProcessSpec WithEnvironment(ProcessSpec spec, Workload workload, TrainingContext context)
    {
        spec.Environment["LLVM_PROFILE_FILE"] = null;
        var separator = context.HostOs == TargetOs.Windows ? ";" : ":";
        var directories = string.Join(separator, context.InstrumentedLibraryDirectories);
        if (directories.Length > 0)
        {
            var loaderPath = string.IsNullOrEmpty(context.InheritedLoaderPath) ? directories : directories + separator + context.InheritedLoaderPath;
            spec.Environment[RustTargets.LibraryPathVariable(context.HostOs)] = loaderPath;
            spec.Environment[InstrumentedLibraryDirVariable] = directories;
            if (context.HostOs == TargetOs.MacOS)
                spec.Environment[LoaderPathVariable] = loaderPath;
        }
        foreach (var pair in workload.EnvironmentVariables())
            spec.Environment[pair.Key] = pair.Value;
        return spec;
    }
}
