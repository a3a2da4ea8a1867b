using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Cargo;

/// <summary>The SDK's copy of cargo's profile rules, and a differential test of it against `cargo build -v`.</summary>
public sealed class CargoProfileTests() : ScratchFolderTests("profile")
{
    private sealed record Case(string Name, string Profile, string ManifestTail, string? WorkspaceToml, string? ConfigToml,
        Dictionary<string, string?> Environment, string[] ConfigArguments, string? Lto, string? CodegenUnits, string OptLevel);

    private static readonly Case[] Cases =
    {
        new("cargo's defaults", "release", "", null, null, new(), Array.Empty<string>(), null, null, "3"),
        new("the dev profile", "dev", "", null, null, new(), Array.Empty<string>(), null, null, "0"),
        new("Cargo.toml", "release", "\n[profile.release]\nlto = \"thin\"\n", null, null, new(), Array.Empty<string>(), "thin", null, "3"),
        new("the workspace root's Cargo.toml", "release", "", "[workspace]\nmembers = [\"crate\"]\n\n[profile.release]\ncodegen-units = 4\n", null, new(), Array.Empty<string>(), null, "4", "3"),
        new("a cargo config file over Cargo.toml", "release", "\n[profile.release]\ncodegen-units = 8\n", null, "[profile.release]\ncodegen-units = 2\n", new(), Array.Empty<string>(), null, "2", "3"),
        new("CARGO_PROFILE_* over the config file", "release", "", null, "[profile.release]\nlto = \"thin\"\n", new() { ["CARGO_PROFILE_RELEASE_LTO"] = "true" }, Array.Empty<string>(), "true", null, "3"),
        new("--config over everything", "release", "\n[profile.release]\nlto = true\n", null, null, new() { ["CARGO_PROFILE_RELEASE_LTO"] = "thin" }, new[] { "profile.release.lto=false" }, "false", null, "3"),
        new("a custom profile that inherits", "fast", "\n[profile.fast]\ninherits = \"release\"\nopt-level = 2\n\n[profile.release]\ncodegen-units = 1\n", null, null, new(), Array.Empty<string>(), null, "1", "2"),
        new("a custom profile inheriting dev", "quick", "\n[profile.quick]\ninherits = \"dev\"\n", null, null, new(), Array.Empty<string>(), null, null, "0"),
    };

    public static IEnumerable<object[]> CaseNames => Cases.Select(c => new object[] { c.Name });

    private string Write(Case c)
    {
        var root = Path.Combine(Folder, Regex.Replace(c.Name, "[^a-z]", "-"));
        var crate = c.WorkspaceToml != null ? Path.Combine(root, "crate") : root;
        var manifest = Projects.Crate(crate, "calc", extraToml: c.ManifestTail);
        if (c.WorkspaceToml != null)
            Projects.Write(Path.Combine(root, "Cargo.toml"), c.WorkspaceToml);
        if (c.ConfigToml != null)
            Projects.Write(Path.Combine(crate, ".cargo", "config.toml"), c.ConfigToml);
        return manifest;
    }

    private static CargoProfile Resolve(Case c, string manifest) =>
        CargoProfile.Resolve(manifest, c.Profile,
            CargoConfig.Load(Path.GetDirectoryName(manifest)!, c.ConfigArguments, name => c.Environment.TryGetValue(name, out var value) ? value : null),
            name => c.Environment.TryGetValue(name, out var value) ? value : null);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_profile_resolves_as_cargo_documents(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var profile = Resolve(c, Write(c));
        Assert.Equal((c.Lto, c.CodegenUnits, c.OptLevel), (profile.Lto, profile.CodegenUnits, profile.OptLevel));
        Assert.Equal(c.Lto != null || c.CodegenUnits != null, profile.SetsLtoOrCodegenUnits);
    }

    /// <summary>What cargo passes rustc for the crate itself agrees with what the SDK read (lto=false and a default leave no trace).</summary>
    [SkippableTheory]
    [MemberData(nameof(CaseNames))]
    public void The_profile_agrees_with_what_cargo_passes_rustc(string name)
    {
        var cargo = Path.Combine(SdkFixture.CargoBin, HostPlatform.Executable("cargo"));
        Skip.IfNot(File.Exists(cargo), "rustup's cargo is not installed");
        var c = Cases.Single(x => x.Name == name);
        var manifest = Write(c);
        var profile = Resolve(c, manifest);

        var arguments = new List<string> { "build", "--lib", "-v", "--profile", c.Profile, "--manifest-path", manifest, "--target-dir", Path.Combine(Folder, "target") };
        foreach (var value in c.ConfigArguments)
            arguments.AddRange(new[] { "--config", value });
        var environment = new Dictionary<string, string?>(c.Environment) { ["CARGO_PROFILE_RELEASE_LTO"] = c.Environment.GetValueOrDefault("CARGO_PROFILE_RELEASE_LTO") };
        var build = ChildProcess.Run(cargo, arguments, Path.GetDirectoryName(manifest)!, environment, TimeSpan.FromMinutes(3));
        Assert.True(build.ExitCode == 0, build.ToString());
        var rustc = build.Output.Split('\n').Single(l => l.Contains("Running `") && l.Contains("--crate-name calc"));

        var lto = Regex.Match(rustc, @" -C lto(=(\w+))?").Groups;
        var expectedLto = (profile.Lto ?? "false") switch { "false" => null, "true" or "fat" => "fat", var other => other };
        Assert.Equal(expectedLto, !lto[0].Success ? null : lto[2].Success ? lto[2].Value : "fat");
        var units = Regex.Match(rustc, @" -C codegen-units=(\d+)");
        Assert.Equal(profile.CodegenUnits, units.Success ? units.Groups[1].Value : null);
        var opt = Regex.Match(rustc, @" -C opt-level=(\w+)");
        Assert.Equal(profile.OptLevel, opt.Success ? opt.Groups[1].Value : "0");
    }
}
