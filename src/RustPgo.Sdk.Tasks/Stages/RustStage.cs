namespace RustPgo.Sdk.Tasks.Stages;

/// <summary>
/// The four cargo builds of a crate. Each has its own cargo target folder and state, so none clobbers
/// another; they differ only in the rustflags PGO adds and in whether `--target` is always explicit.
/// </summary>
internal sealed class RustStage
{
    /// <summary>The plain build: `cargo build` as the user would run it.</summary>
    public static readonly RustStage Build = new("build", explicitTarget: false);

    /// <summary>RustPgoInstrument: `-Cprofile-generate`; the training runs this library.</summary>
    public static readonly RustStage PgoInstrument = new("pgo-instrument", explicitTarget: true);

    /// <summary>
    /// RustPgoInstrumented: the instrumented build that ships, to collect profiles where the app runs. Built
    /// as RustPgoInstrument builds (so its profiles fit the optimized build), it differs in where it writes
    /// its raw profile and in the exports RustPgo.Runtime calls.
    /// </summary>
    public static readonly RustStage PgoField = new("pgo-field", explicitTarget: true);

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

    /// <summary>Built with `-Cprofile-generate`: the training's library, or the one that ships.</summary>
    public bool IsInstrumented => this == PgoInstrument || this == PgoField;

    /// <summary>What the build log calls this build of a crate built with <paramref name="cargoProfile"/>.</summary>
    public string Describe(string cargoProfile) =>
        this == PgoInstrument ? "PGO instrumented" : this == PgoField ? "PGO instrumented, to ship" : this == PgoOptimize ? "PGO optimized" : cargoProfile;

    /// <summary>The cargo target folder: the user's for the plain build, one per PGO stage otherwise.</summary>
    public string TargetDirectory(string intermediateDirectory, string plainTargetDirectory) =>
        this == Build ? plainTargetDirectory : Path.Combine(intermediateDirectory, Name, "target") + Path.DirectorySeparatorChar;

    public static RustStage Parse(string name) =>
        name == Build.Name ? Build
        : name == PgoInstrument.Name ? PgoInstrument
        : name == PgoField.Name ? PgoField
        : name == PgoOptimize.Name ? PgoOptimize
        : throw new ArgumentException($"Unknown stage '{name}'; expected build, pgo-instrument, pgo-field or pgo-optimize.");

    public override string ToString() => Name;
}
