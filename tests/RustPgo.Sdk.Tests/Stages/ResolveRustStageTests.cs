using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Unit;

public sealed class ResolveRustCratesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rustpgo tests", "ünï-resolve-" + Guid.NewGuid().ToString("N").Substring(0, 8));
    private readonly RecordingEngine _engine = new();

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private ResolveRustCrates Task(string? rid, params ITaskItem[] crates) => new()
    {
        BuildEngine = _engine,
        Crates = crates,
        Stage = "build",
        IntermediateDirectory = Path.Combine(_dir, "obj", "rust", "Debug"),
        DefaultProfile = "dev",
        RuntimeIdentifier = rid,
        HostRuntimeIdentifier = "linux-x64",
    };

    [Fact]
    public void Host_build_has_no_triple_and_lists_manifest_and_settings_as_inputs()
    {
        var manifest = Projects.Crate(Path.Combine(_dir, "calc"));
        var task = Task(null, new TaskItem(manifest));
        Assert.True(task.Execute(), _engine.Text);
        var crate = Assert.Single(task.ResolvedCrates);
        Assert.Equal("", crate.GetMetadata("TargetTriple"));
        Assert.Equal("dev", crate.GetMetadata("CargoProfile"));
        Assert.Equal("linux-x64", crate.GetMetadata("NativeRuntimeIdentifier"));
        Assert.Contains(Path.DirectorySeparatorChar + "host" + Path.DirectorySeparatorChar, crate.GetMetadata("StateDirectory"));
        var inputs = task.CrateInputs.Select(i => i.ItemSpec).ToList();
        Assert.Contains(manifest, inputs);
        Assert.True(File.Exists(crate.GetMetadata("SettingsFile")));
        Assert.All(task.CrateInputs, i => Assert.Equal(crate.GetMetadata("ArtifactsFile"), i.GetMetadata("ArtifactsFile")));
    }

    [Fact]
    public void A_recorded_library_that_vanished_makes_the_stage_run_again()
    {
        var manifest = Projects.Crate(Path.Combine(_dir, "calc"));
        var first = Task(null, new TaskItem(manifest));
        Assert.True(first.Execute(), _engine.Text);
        var artifacts = first.ResolvedCrates[0].GetMetadata("ArtifactsFile");
        var library = Projects.Write(Path.Combine(_dir, "target", "debug", "libcalc.so"), "elf");
        File.WriteAllLines(artifacts, new[] { library });

        Assert.True(Task(null, new TaskItem(manifest)).Execute(), _engine.Text);
        Assert.True(File.Exists(artifacts), "the artifacts file of an existing library must stay");

        File.Delete(library);
        Assert.True(Task(null, new TaskItem(manifest)).Execute(), _engine.Text);
        Assert.False(File.Exists(artifacts), "the artifacts file still claims a library that is gone");
    }

    [Fact]
    public void Changed_features_rewrite_the_settings_file_and_unchanged_ones_leave_it_alone()
    {
        var manifest = Projects.Crate(Path.Combine(_dir, "calc"));
        var first = Task(null, new TaskItem(manifest));
        Assert.True(first.Execute(), _engine.Text);
        var settings = first.ResolvedCrates[0].GetMetadata("SettingsFile");
        var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(settings, stamp);

        Assert.True(Task(null, new TaskItem(manifest)).Execute(), _engine.Text);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(settings));

        var withFeatures = new TaskItem(manifest);
        withFeatures.SetMetadata("Features", "fast");
        Assert.True(Task(null, withFeatures).Execute(), _engine.Text);
        Assert.NotEqual(stamp, File.GetLastWriteTimeUtc(settings));
        Assert.Contains("Features=fast", File.ReadAllText(settings));
    }

    [Fact]
    public void A_crate_folder_resolves_to_its_Cargo_toml()
    {
        var manifest = Projects.Crate(Path.Combine(_dir, "calc"));
        var task = Task("linux-arm64", new TaskItem(Path.GetDirectoryName(manifest)!));
        Assert.True(task.Execute(), _engine.Text);
        Assert.Equal(manifest, task.ResolvedCrates[0].ItemSpec);
        Assert.Equal("aarch64-unknown-linux-gnu", task.ResolvedCrates[0].GetMetadata("TargetTriple"));
    }

    [Fact]
    public void Unknown_runtime_identifier_is_RUSTPGO005()
    {
        var manifest = Projects.Crate(Path.Combine(_dir, "calc"));
        Assert.False(Task("linux-sparc", new TaskItem(manifest)).Execute());
        Assert.Contains(_engine.Errors, e => e.Code == "RUSTPGO005" && (e.Message ?? "").Contains("linux-sparc"));
    }

    /// <summary>
    /// RUSTPGO005 tells the user to "Set RustTargetTriple on the RustCrate item to choose one"; doing so
    /// must then build for that triple.
    /// </summary>
    [Fact]
    public void Unknown_runtime_identifier_with_RustTargetTriple_on_the_crate_uses_that_triple()
    {
        var manifest = Projects.Crate(Path.Combine(_dir, "calc"));
        var crate = new TaskItem(manifest);
        crate.SetMetadata("RustTargetTriple", "sparc64-unknown-linux-gnu");
        var task = Task("linux-sparc", crate);
        Assert.True(task.Execute(), _engine.Text);
        Assert.Equal("sparc64-unknown-linux-gnu", task.ResolvedCrates[0].GetMetadata("TargetTriple"));
    }

    private sealed class RecordingEngine : IBuildEngine
    {
        public List<BuildErrorEventArgs> Errors { get; } = new();
        public List<string> Lines { get; } = new();
        public string Text => string.Join("\n", Lines);
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "test.proj";
        public void LogErrorEvent(BuildErrorEventArgs e) { lock (Lines) { Errors.Add(e); Lines.Add($"error {e.Code}: {e.Message}"); } }
        public void LogWarningEvent(BuildWarningEventArgs e) { lock (Lines) Lines.Add($"warning {e.Code}: {e.Message}"); }
        public void LogMessageEvent(BuildMessageEventArgs e) { lock (Lines) Lines.Add(e.Message ?? ""); }
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();
    }
}
