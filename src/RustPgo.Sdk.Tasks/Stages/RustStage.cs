namespace RustPgo.Sdk.Tasks.Stages;

/// <summary>
/// The three cargo builds of a crate. Each has its own cargo target folder and state, so none clobbers
/// another; they differ only in the rustflags PGO adds and in whether `--target` is always explicit.
/// </summary>
internal sealed class RustStage
{
    /// <summary>The plain build: `cargo build` as the user would run it.</summary>
    public static readonly RustStage Build = new("build", explicitTarget: false);

    /// <summary>RustPgoInstrument: `-Cprofile-generate`; the training runs this library.</summary>
    public static readonly RustStage PgoInstrument = new("pgo-instrument", explicitTarget: true);

    /// <summary>RustPgoOptimize: `-Cprofile-use` with the merged profile; this library ships.</summary>
    public static readonly RustStage PgoOptimize = new("pgo-optimize", explicitTarget: true);

    private RustStage(string name, bool explicitTarget)
    {
        Name = name;
        ExplicitTarget = explicitTarget;
    }

    public string Name { get; }

    /// <summary>
    /// Pass `--target` even for the host: RUSTFLAGS then reach only the target's crates, so build scripts
    /// and proc-macros stay uninstrumented (and need no profile).
    /// </summary>
    public bool ExplicitTarget { get; }

    public bool IsPgo => this != Build;

    /// <summary>What the build log calls this build of a crate built with <paramref name="cargoProfile"/>.</summary>
    public string Describe(string cargoProfile) =>
        this == PgoInstrument ? "PGO instrumented" : this == PgoOptimize ? "PGO optimized" : cargoProfile;

    /// <summary>The cargo target folder: the user's for the plain build, one per PGO stage otherwise.</summary>
    public string TargetDirectory(string intermediateDirectory, string plainTargetDirectory) =>
        this == Build ? plainTargetDirectory : Path.Combine(intermediateDirectory, Name, "target") + Path.DirectorySeparatorChar;

    public static RustStage Parse(string name) =>
        name == Build.Name ? Build
        : name == PgoInstrument.Name ? PgoInstrument
        : name == PgoOptimize.Name ? PgoOptimize
        : throw new ArgumentException($"Unknown stage '{name}'; expected build, pgo-instrument or pgo-optimize.");

    public override string ToString() => Name;
}
