using System;
using System.Collections.Generic;
using System.IO;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.RustFlags;
using Xunit;

namespace RustPgo.Sdk.Tests.RustFlags;

/// <summary>The PGO builds must hand rustc exactly the flags cargo would have picked, plus theirs.</summary>
public sealed class UserRustFlagsTests : IDisposable
{
    private const string Triple = "x86_64-unknown-linux-gnu";
    private static readonly string[] LinuxCfg = { "unix", "target_os=\"linux\"", "target_arch=\"x86_64\"" };
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rustflags-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _environment = new();

    public UserRustFlagsTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "home"));
        Directory.CreateDirectory(Path.Combine(_root, "ws", "crate"));
        _environment["CARGO_HOME"] = Path.Combine(_root, "home");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IReadOnlyList<string> Resolve(params string[] configArguments) =>
        new UserRustFlags(name => _environment.TryGetValue(name, out var value) ? value : null, () => LinuxCfg)
            .Resolve(Path.Combine(_root, "ws", "crate"), Triple, configArguments);

    private void Config(string folder, string toml)
    {
        var dir = Path.Combine(_root, folder, ".cargo");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.toml"), toml);
    }

    [Fact]
    public void Build_rustflags_of_the_config_are_kept()
    {
        Config("ws", "[build]\nrustflags = [\"-Ctarget-cpu=native\", \"--cfg\", \"fast\"]\n");
        Assert.Equal(new[] { "-Ctarget-cpu=native", "--cfg", "fast" }, Resolve());
    }

    [Fact]
    public void Config_arrays_join_with_the_nearer_file_last()
    {
        Config("ws", "[build]\nrustflags = [\"--cfg\", \"outer\"]\n");
        Config(Path.Combine("ws", "crate"), "[build]\nrustflags = \"--cfg inner\"\n");
        File.WriteAllText(Path.Combine(_root, "home", "config.toml"), "[build]\nrustflags = [\"--cfg\", \"home\"]\n");
        Assert.Equal(new[] { "--cfg", "home", "--cfg", "outer", "--cfg", "inner" }, Resolve());
    }

    [Fact]
    public void Target_flags_replace_build_flags_and_matching_cfg_tables_join_them()
    {
        Config("ws", """
            [build]
            rustflags = ["--cfg", "build_only"]
            [target.x86_64-unknown-linux-gnu]
            rustflags = ["--cfg", "by_triple"]
            [target.'cfg(all(unix, target_arch = "x86_64"))']
            rustflags = ["--cfg", "by_cfg"]
            [target.'cfg(windows)']
            rustflags = ["--cfg", "not_here"]
            """);
        var flags = Resolve();
        Assert.Contains("by_triple", flags);
        Assert.Contains("by_cfg", flags);
        Assert.DoesNotContain("not_here", flags);
        Assert.DoesNotContain("build_only", flags);
    }

    [Fact]
    public void RUSTFLAGS_wins_over_config_and_CARGO_ENCODED_RUSTFLAGS_over_both()
    {
        Config("ws", "[build]\nrustflags = [\"--cfg\", \"config\"]\n");
        _environment["RUSTFLAGS"] = "--cfg  from_env ";
        Assert.Equal(new[] { "--cfg", "from_env" }, Resolve());
        _environment["CARGO_ENCODED_RUSTFLAGS"] = "--cfg\u001fwith space";
        Assert.Equal(new[] { "--cfg", "with space" }, Resolve());
        _environment["CARGO_ENCODED_RUSTFLAGS"] = "";
        Assert.Empty(Resolve());
    }

    [Fact]
    public void Environment_config_variables_join_their_tier()
    {
        _environment["CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS"] = "--cfg env_target";
        Assert.Equal(new[] { "--cfg", "env_target" }, Resolve());
        _environment.Remove("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS");
        _environment["CARGO_BUILD_RUSTFLAGS"] = "--cfg env_build";
        Assert.Equal(new[] { "--cfg", "env_build" }, Resolve());
    }

    [Fact]
    public void The_legacy_config_file_is_read_even_beside_config_toml_as_cargo_does()
    {
        var dir = Path.Combine(_root, "ws", ".cargo");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.toml"), "[build]\nrustflags = [\"--cfg\", \"modern\"]\n");
        Assert.Equal(new[] { "--cfg", "modern" }, Resolve());
        File.WriteAllText(Path.Combine(dir, "config"), "[build]\nrustflags = [\"--cfg\", \"legacy\"]\n");
        Assert.Equal(new[] { "--cfg", "legacy" }, Resolve());
    }

    [Fact]
    public void Invalid_toml_is_RUSTPGO011_with_its_path()
    {
        Config("ws", "[build\nrustflags = 1");
        var error = Assert.Throws<RustPgoException>(() => Resolve());
        Assert.Equal("RUSTPGO011", error.Code);
        Assert.Contains("config.toml", error.Message);
    }

    /// <summary>CargoArguments="--config …" is cargo's highest-precedence config: it joins the files' arrays, last.</summary>
    [Fact]
    public void Config_arguments_join_the_tier_of_their_key_after_files_and_environment()
    {
        Config("ws", "[build]\nrustflags = [\"--cfg\", \"file\"]\n");
        _environment["CARGO_BUILD_RUSTFLAGS"] = "--cfg env";
        Assert.Equal(new[] { "--cfg", "file", "--cfg", "env", "--cfg", "cli" }, Resolve("build.rustflags=[\"--cfg\", \"cli\"]"));
        // A target table from the command line replaces the build tier altogether, as in cargo.
        Assert.Equal(new[] { "--cfg", "cli_target" }, Resolve($"target.{Triple}.rustflags=[\"--cfg\", \"cli_target\"]"));
    }

    [Fact]
    public void A_config_argument_may_name_a_toml_file()
    {
        var file = Path.Combine(_root, "ws", "crate", "pgo.toml");
        File.WriteAllText(file, "[build]\nrustflags = [\"--cfg\", \"from_file\"]\n");
        Assert.Equal(new[] { "--cfg", "from_file" }, Resolve("pgo.toml"));
        Assert.Equal("RUSTPGO011", Assert.Throws<RustPgoException>(() => Resolve("missing.toml")).Code);
    }

    [Fact]
    public void The_target_variable_is_named_like_cargo_names_it() =>
        Assert.Equal("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS", UserRustFlags.TargetRustFlagsVariable("aarch64-unknown-linux-gnu"));
}
