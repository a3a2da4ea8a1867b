using System;
using System.IO;
using System.Linq;
using RustPgo.Sdk.Tasks.Cargo;
using Xunit;

namespace RustPgo.Sdk.Tests.Cargo;

/// <summary>Lines captured from a real `cargo build --message-format=json` (cargo 1.95), in Fixtures/cargo/.</summary>
public class CargoMessageParserTests
{
    private static string[] Lines(string fixture) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cargo", fixture)).Where(l => l.Length > 0).ToArray();

    [Fact]
    public void Compiler_artifact_carries_target_crate_types_and_filenames()
    {
        var artifact = Assert.IsType<CompilerArtifact>(CargoMessageParser.Parse(Lines("build-ok.jsonl")[1]));
        Assert.Equal("/tmp/rp-probe/cap/Cargo.toml", artifact.ManifestPath);
        Assert.Equal("cap", artifact.TargetName);
        Assert.Equal(new[] { "cdylib" }, artifact.CrateTypes);
        Assert.True(artifact.IsCdylib);
        Assert.Equal(new[] { "/tmp/rp-probe/cap/target/debug/libcap.so" }, artifact.Filenames);
        Assert.False(artifact.Fresh);
    }

    [Fact]
    public void Rlib_artifact_is_not_a_cdylib_and_fresh_is_read()
    {
        const string line = """{"reason":"compiler-artifact","package_id":"path+file:///w/helper#0.1.0","manifest_path":"/w/helper/Cargo.toml","target":{"kind":["lib"],"crate_types":["lib"],"name":"helper","src_path":"/w/helper/src/lib.rs","edition":"2021","doc":true,"doctest":true,"test":true},"profile":{"opt_level":"0","debuginfo":2,"debug_assertions":true,"overflow_checks":true,"test":false},"features":[],"filenames":["/w/target/debug/libhelper.rlib","/w/target/debug/deps/libhelper-1.rmeta"],"executable":null,"fresh":true}""";
        var artifact = Assert.IsType<CompilerArtifact>(CargoMessageParser.Parse(line));
        Assert.False(artifact.IsCdylib);
        Assert.True(artifact.Fresh);
        Assert.Equal(2, artifact.Filenames.Count);
    }

    [Fact]
    public void Error_E0308_is_positioned_at_its_primary_span()
    {
        var diagnostic = Assert.IsType<CompilerDiagnostic>(CargoMessageParser.Parse(Lines("build-e0308.jsonl")[0]));
        Assert.True(diagnostic.IsError);
        Assert.False(diagnostic.IsWarning);
        Assert.Equal("E0308", diagnostic.Code);
        Assert.Equal("mismatched types", diagnostic.Message);
        Assert.Equal("src/lib.rs", diagnostic.File);
        // The primary span (the string literal), not the first-listed secondary one (the type).
        Assert.Equal((3, 18, 3, 22), (diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn));
        Assert.StartsWith("error[E0308]: mismatched types", diagnostic.Rendered);
        Assert.Equal("/tmp/rp-probe/cap/Cargo.toml", diagnostic.ManifestPath);
    }

    [Fact]
    public void Failure_note_is_neither_error_nor_warning()
    {
        var note = Assert.IsType<CompilerDiagnostic>(CargoMessageParser.Parse(Lines("build-e0308.jsonl")[1]));
        Assert.False(note.IsError);
        Assert.False(note.IsWarning);
        Assert.Null(note.Code);
        Assert.Null(note.File);
    }

    [Fact]
    public void Lint_warning_has_lint_name_as_code_and_span()
    {
        var warning = Assert.IsType<CompilerDiagnostic>(CargoMessageParser.Parse(Lines("build-ok.jsonl")[0]));
        Assert.True(warning.IsWarning);
        Assert.Equal("unused_variables", warning.Code);
        Assert.Equal("unused variable: `unused`", warning.Message);
        Assert.Equal(("src/lib.rs", 3, 9), (warning.File, warning.Line, warning.Column));
    }

    [Fact]
    public void Warning_without_spans_has_no_file_and_zero_position()
    {
        var warning = Assert.IsType<CompilerDiagnostic>(CargoMessageParser.Parse(Lines("warning-no-span.jsonl")[0]));
        Assert.True(warning.IsWarning);
        Assert.Null(warning.Code);
        Assert.Null(warning.File);
        Assert.Equal((0, 0, 0, 0), (warning.Line, warning.Column, warning.EndLine, warning.EndColumn));
        Assert.Contains("-Ctarget-feature", warning.Message);
    }

    [Fact]
    public void Build_finished_reports_success_and_failure()
    {
        Assert.Equal(new BuildFinished(true), CargoMessageParser.Parse(Lines("build-ok.jsonl")[2]));
        Assert.Equal(new BuildFinished(false), CargoMessageParser.Parse(Lines("build-e0308.jsonl")[2]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   Compiling calc v0.1.0 (/tmp/x)")]
    [InlineData("warning: unused manifest key: package.foo")]
    [InlineData("error: could not compile `calc` (lib) due to 1 previous error")]
    [InlineData("{not json")]
    [InlineData("{\"reason\":\"build-plan\",\"invocations\":[]}")]
    [InlineData("{\"no_reason\":1}")]
    [InlineData(" {\"reason\":\"build-finished\",\"success\":true}")]
    [InlineData("{\"reason\":\"build-script-executed\",\"package_id\":\"path+file:///w/helper#0.1.0\",\"out_dir\":\"/t/out\"}")]
    public void Lines_that_are_not_messages_of_interest_are_null(string line) =>
        Assert.Null(CargoMessageParser.Parse(line));

    [Theory]
    [InlineData("path+file:///w/ws/member#wsffi@0.1.0", true)]
    [InlineData("path+file:///w/calc#0.1.0", true)]
    [InlineData("calc 0.1.0 (path+file:///w/calc)", true)]
    [InlineData("registry+https://github.com/rust-lang/crates.io-index#libc@0.2.155", false)]
    [InlineData("git+https://github.com/x/y#z@1.0.0", false)]
    public void Packages_of_the_users_own_folders_are_local(string packageId, bool local) =>
        Assert.Equal(local, PackageIds.IsLocal(packageId));
}
