using System;
using System.IO;
using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Cargo;

public sealed class CrateInputsTests() : ScratchFolderTests("inputs")
{

    [Fact]
    public void Path_dependencies_bring_their_manifests_workspace_roots_lock_files_and_build_script_inputs()
    {
        var workspace = Path.Combine(Folder, "ws");
        Projects.Write(Path.Combine(workspace, "Cargo.toml"), "[workspace]\nmembers = [\"ffi\", \"helper\"]\n");
        Projects.Write(Path.Combine(workspace, "Cargo.lock"), "version = 4\n");
        var crate = Projects.Crate(Path.Combine(workspace, "ffi"));
        var helperManifest = Projects.Write(Path.Combine(workspace, "helper", "Cargo.toml"), "[package]\nname = \"helper\"\n");
        var buildScript = Projects.Write(Path.Combine(workspace, "helper", "build.rs"), "fn main() {}");
        var data = Projects.Write(Path.Combine(workspace, "helper", "data.txt"), "x");
        var output = new BuildScriptOutput();
        output.RerunIfChanged.Add(data);
        output.RerunIfChanged.Add(Path.Combine(workspace, "helper", "not-yet.txt"));

        var inputs = CrateInputs.Collect(crate, new[] { Path.Combine(workspace, "ffi", "src", "lib.rs"), "/nonexistent/std/lib.rs" },
            new[] { new LocalPackage(helperManifest, buildScript, output) }, Array.Empty<string>(), Path.Combine(Folder, "cargo-home"));

        foreach (var file in new[] { crate, helperManifest, Path.Combine(workspace, "Cargo.toml"), Path.Combine(workspace, "Cargo.lock"), buildScript, data, Path.Combine(workspace, "ffi", "src", "lib.rs") })
            Assert.Contains(file, inputs.Present);
        Assert.DoesNotContain("/nonexistent/std/lib.rs", inputs.Present);
        Assert.Contains(Path.Combine(workspace, "helper", "not-yet.txt"), inputs.Absent);
        Assert.Contains(Path.Combine(workspace, "ffi", ".cargo", "config.toml"), inputs.Absent);
        Assert.Contains(Path.Combine(workspace, "rust-toolchain.toml"), inputs.Absent);
        Assert.Contains(Path.Combine(Folder, "cargo-home", "config.toml"), inputs.Absent);
    }

    [Fact]
    public void A_build_script_without_rerun_directives_watches_its_whole_package_but_not_target_or_hidden_folders()
    {
        var helper = Path.Combine(Folder, "helper");
        var manifest = Projects.Write(Path.Combine(helper, "Cargo.toml"), "[package]\nname = \"helper\"\n");
        var table = Projects.Write(Path.Combine(helper, "tables", "codes.txt"), "1");
        Projects.Write(Path.Combine(helper, "target", "debug", "junk"), "");
        Projects.Write(Path.Combine(helper, ".git", "HEAD"), "");
        Projects.Write(Path.Combine(helper, "nested", "Cargo.toml"), "[package]\nname = \"nested\"\n");
        var crate = Projects.Crate(Path.Combine(Folder, "calc"));

        var inputs = CrateInputs.Collect(crate, Array.Empty<string>(), new[] { new LocalPackage(manifest, null, new BuildScriptOutput()) }, Array.Empty<string>(), null);
        Assert.Contains(table, inputs.Present);
        Assert.DoesNotContain(inputs.Present, f => f.Contains(Path.DirectorySeparatorChar + "target" + Path.DirectorySeparatorChar) || f.Contains(".git") || f.Contains("nested"));
    }
}
