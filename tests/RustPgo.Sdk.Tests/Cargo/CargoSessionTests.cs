using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Cargo;

public sealed class CargoSessionTests() : ScratchFolderTests("session")
{
    private readonly RecordingEngine _engine = new();

    private CargoSession Session(string manifest = "/w/calc/Cargo.toml", bool collectProfileWarnings = false) =>
        new(new RustPgo.Sdk.Tasks.Diagnostics.CodedLog(new TaskLoggingHelper(_engine, "CargoBuild"), () => null), new CargoBuildSettings { ManifestPath = manifest, CargoProfile = "dev", TargetDirectory = "/t" }, collectProfileWarnings);

    private static string Artifact(string packageId, string manifest, string kind, string srcPath, params string[] files) =>
        $$"""{"reason":"compiler-artifact","package_id":"{{packageId}}","manifest_path":"{{manifest}}","target":{"kind":["{{kind}}"],"crate_types":["{{kind}}"],"name":"x","src_path":"{{srcPath}}"},"filenames":[{{string.Join(",", files.Select(f => "\"" + f + "\""))}}],"fresh":false}""";

    [Fact]
    public void Cargo_warnings_on_stderr_become_MSBuild_warnings_with_their_notes_and_tallies_are_dropped()
    {
        var session = Session();
        session.OnStderr("warning: unused manifest key: package.colour");
        session.OnStderr("note: see the manifest format");
        session.OnStderr("   Compiling calc v0.1.0 (/w/calc)");
        session.OnStderr("warning: `calc` (lib) generated 1 warning");
        session.OnStderr("    Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.10s");
        session.Finish(0);
        var warning = Assert.Single(_engine.Warnings);
        Assert.Equal("cargo", warning.Subcategory);
        Assert.Equal("/w/calc/Cargo.toml", warning.File);
        Assert.Equal("unused manifest key: package.colour", warning.Message);
        // Its note follows it, as a message: one warning line, not two.
        Assert.Contains("note: see the manifest format", _engine.Lines.SkipWhile(l => !l.StartsWith("warning")).Skip(1));
    }

    [Fact]
    public void The_staticlibs_native_dependencies_are_taken_from_rustcs_note()
    {
        var session = Session();
        session.OnStdout("""{"reason":"compiler-message","manifest_path":"/w/calc/Cargo.toml","message":{"rendered":"note: native-static-libs: -lgcc_s -lc\n","level":"note","message":"native-static-libs: -lgcc_s -lutil -lc","spans":[],"code":null}}""");
        Assert.Equal(new[] { "-lgcc_s", "-lutil", "-lc" }, session.NativeStaticLibs);
        Assert.DoesNotContain(_engine.Lines, l => l.Contains("native-static-libs"));
    }

    [Fact]
    public void The_folders_of_local_packages_are_gathered_and_registry_ones_are_not()
    {
        var helper = Path.Combine(Folder, "helper");
        var session = Session();
        session.OnStdout(Artifact($"path+file://{helper}#0.1.0", Path.Combine(helper, "Cargo.toml"), "custom-build", Path.Combine(helper, "build.rs")));
        session.OnStdout(Artifact($"path+file://{helper}#0.1.0", Path.Combine(helper, "Cargo.toml"), "lib", Path.Combine(helper, "src", "lib.rs")));
        session.OnStdout(Artifact("registry+https://github.com/rust-lang/crates.io-index#libc@0.2.1", "/home/.cargo/registry/libc/Cargo.toml", "lib", "/home/.cargo/registry/libc/src/lib.rs"));

        Assert.Equal(new[] { helper }, session.LocalPackageDirectories);
    }

    [Fact]
    public void A_crate_whose_artifacts_are_all_fresh_was_not_compiled()
    {
        var session = Session();
        session.OnStdout(Artifact("path+file:///w/calc#0.1.0", "/w/calc/Cargo.toml", "cdylib", "/w/calc/src/lib.rs", "/t/libcalc.so").Replace("\"fresh\":false", "\"fresh\":true"));
        Assert.True(session.Finish(0));
        Assert.False(session.CompiledTheCrate);

        var compiled = Session();
        compiled.OnStdout(Artifact("path+file:///w/calc#0.1.0", "/w/calc/Cargo.toml", "cdylib", "/w/calc/src/lib.rs", "/t/libcalc.so"));
        Assert.True(compiled.Finish(0));
        Assert.True(compiled.CompiledTheCrate);
    }

    [Fact]
    public void A_crate_without_a_cdylib_is_RUSTPGO003()
    {
        var session = Session();
        session.OnStdout(Artifact("path+file:///w/calc#0.1.0", "/w/calc/Cargo.toml", "rlib", "/w/calc/src/lib.rs", "/t/libcalc.rlib"));
        Assert.False(session.Finish(0));
        Assert.Equal("RUSTPGO003", Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void Profile_warnings_are_collected_in_the_optimized_build()
    {
        var session = Session(collectProfileWarnings: true);
        session.OnStdout("""{"reason":"compiler-message","manifest_path":"/w/calc/Cargo.toml","message":{"rendered":"warning: x","level":"warning","message":"calc.1-cgu.0: no profile data available for function f Hash = 1","spans":[],"code":null}}""");
        Assert.Single(session.ProfileWarnings);
        Assert.Empty(_engine.Warnings);
    }
}
