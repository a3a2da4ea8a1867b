using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RustPgo.Sdk.Tasks.Cargo;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.RustFlags;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.RustFlags;

/// <summary>
/// The user's rustflags as <see cref="UserRustFlags"/> resolves them equal what cargo itself gives rustc for the crate
/// (`cargo build -v --lib --target &lt;host&gt;`), for every source and combinations that show precedence and joining.
/// Each case is a tiny crate in a folder of its own, under a CARGO_HOME of its own (so the user's own config stays
/// out; rustup keeps its RUSTUP_HOME), built by real cargo with a RUSTC_WRAPPER that writes down rustc's arguments.
/// cargo puts the rustflags last, after the `-L dependency=…` folders (checked by the "none" case: nothing after them).
/// </summary>
public sealed class UserRustFlagsDifferentialTests : IDisposable
{
    private const string Crate = "flagprobe";
    private static readonly string Triple = HostPlatform.Triple;
    private static readonly string TargetVariable = UserRustFlags.TargetRustFlagsVariable(Triple);
    private static readonly string Cargo = Path.Combine(SdkFixture.CargoBin, HostPlatform.Executable("cargo"));

    private readonly string _root = Path.Combine(Path.GetTempPath(), "rustpgo tests", "rustflags-" + Guid.NewGuid().ToString("N").Substring(0, 8));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    /// <summary>One case: its config files (path under the case's root → TOML), environment and the RustCrate's CargoArguments.</summary>
    public sealed class Case
    {
        public Dictionary<string, string> Files { get; } = new();
        public Dictionary<string, string> Environment { get; } = new();
        public string CargoArguments { get; set; } = "";

        /// <summary>`.cargo/config.toml` of a folder: "home" (CARGO_HOME's config.toml), "ws" (the crate's parent), "ws/crate".</summary>
        public Case Config(string folder, string toml)
        {
            Files[folder == "home" ? "home/config.toml" : folder + "/.cargo/config.toml"] = toml;
            return this;
        }

        public Case Env(string name, string value)
        {
            Environment[name] = value;
            return this;
        }

        public Case Args(string cargoArguments)
        {
            CargoArguments = cargoArguments;
            return this;
        }
    }

    private static string Flags(params string[] flags) => "[" + string.Join(", ", flags.Select(f => "\"" + f.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"")) + "]";

    private static readonly Dictionary<string, Func<Case>> Cases = new()
    {
        ["none"] = () => new Case(),
        // The environment's own variables: each replaces every config rustflag.
        ["CARGO_ENCODED_RUSTFLAGS beats RUSTFLAGS and config"] = () => new Case()
            .Env("CARGO_ENCODED_RUSTFLAGS", "--cfg\u001fenc_a\u001f--cfg=enc_b=\"x y\"")
            .Env("RUSTFLAGS", "--cfg plain").Env(TargetVariable, "--cfg target_env")
            .Config("ws/crate", $"[build]\nrustflags = {Flags("--cfg", "build_file")}\n"),
        ["empty CARGO_ENCODED_RUSTFLAGS means none"] = () => new Case()
            .Env("CARGO_ENCODED_RUSTFLAGS", "").Env("RUSTFLAGS", "--cfg plain")
            .Config("ws/crate", $"[build]\nrustflags = {Flags("--cfg", "build_file")}\n"),
        ["RUSTFLAGS beats config, split at spaces"] = () => new Case()
            .Env("RUSTFLAGS", "  --cfg  rf_a   --cfg=rf_b ").Env("CARGO_BUILD_RUSTFLAGS", "--cfg build_env")
            .Config("ws/crate", $"[target.{Triple}]\nrustflags = {Flags("--cfg", "target_file")}\n"),
        ["RUSTFLAGS splits at spaces only"] = () => new Case().Env("RUSTFLAGS", "--cfg rf_a --cfg=rf_tab=\"a\tb\""),
        ["empty RUSTFLAGS means none"] = () => new Case().Env("RUSTFLAGS", "")
            .Config("ws/crate", $"[build]\nrustflags = {Flags("--cfg", "build_file")}\n"),
        // The config variables: join their tier.
        ["CARGO_TARGET_<TRIPLE>_RUSTFLAGS"] = () => new Case().Env(TargetVariable, " --cfg target_env\t--cfg=te_b "),
        ["CARGO_BUILD_RUSTFLAGS"] = () => new Case().Env("CARGO_BUILD_RUSTFLAGS", "--cfg build_env\t--cfg=be_b"),
        ["the target tier replaces the build tier"] = () => new Case().Env(TargetVariable, "--cfg target_env")
            .Env("CARGO_BUILD_RUSTFLAGS", "--cfg build_env")
            .Config("ws/crate", $"[build]\nrustflags = {Flags("--cfg", "build_file")}\n"),
        // Config files.
        ["build.rustflags"] = () => new Case().Config("ws/crate", $"[build]\nrustflags = {Flags("--cfg", "build_file", "-Cdebug-assertions=on")}\n"),
        ["build.rustflags as a string"] = () => new Case().Config("ws/crate", "[build]\nrustflags = \"  --cfg  str_a\t--cfg=str_b \"\n"),
        ["build.rustflags joined up the tree and CARGO_HOME"] = () => new Case()
            .Config("home", $"[build]\nrustflags = {Flags("--cfg", "home")}\n")
            .Config("ws", $"[build]\nrustflags = {Flags("--cfg", "ws")}\n")
            .Config("ws/crate", $"[build]\nrustflags = {Flags("--cfg", "crate_b")}\n"),
        ["target.<triple>.rustflags joined up the tree and CARGO_HOME, over build"] = () => new Case()
            .Config("home", $"[target.{Triple}]\nrustflags = {Flags("--cfg", "home_t")}\n[build]\nrustflags = {Flags("--cfg", "home_b")}\n")
            .Config("ws", $"[target.{Triple}]\nrustflags = {Flags("--cfg", "ws_t")}\n")
            .Config("ws/crate", $"[build]\nrustflags = {Flags("--cfg", "crate_b")}\n"),
        ["target.'cfg()' tables after the triple's, in key order"] = () => new Case()
            .Config("ws/crate", $"""
                [target.'cfg(target_pointer_width = "64")']
                rustflags = {Flags("--cfg", "width")}
                [target.'cfg(windows)']
                rustflags = {Flags("--cfg", "windows")}
                [target.'cfg(unix)']
                rustflags = {Flags("--cfg", "unix")}
                [target.{Triple}]
                rustflags = {Flags("--cfg", "triple")}
                [target.'cfg(all())']
                rustflags = {Flags("--cfg", "all")}
                """),
        ["target.'cfg()' tables joined across files"] = () => new Case()
            .Config("home", $"[target.'cfg(all())']\nrustflags = {Flags("--cfg", "home_all")}\n")
            .Config("ws", $"[target.'cfg(any(unix, windows))']\nrustflags = {Flags("--cfg", "ws_any")}\n[target.'cfg(all())']\nrustflags = {Flags("--cfg", "ws_all")}\n")
            .Config("ws/crate", $"[target.'cfg(all())']\nrustflags = {Flags("--cfg", "crate_all")}\n[target.{Triple}]\nrustflags = {Flags("--cfg", "crate_triple")}\n"),
        ["a cfg table of an expression cargo cannot parse"] = () => new Case()
            .Config("ws/crate", $"[target.'cfg(not(unix, windows))']\nrustflags = {Flags("--cfg", "bad")}\n[build]\nrustflags = {Flags("--cfg", "build_file")}\n"),
        ["cfg(proc_macro), which cargo leaves out of rustc's cfg"] = () => new Case()
            .Config("ws/crate", $"[target.'cfg(proc_macro)']\nrustflags = {Flags("--cfg", "proc")}\n[build]\nrustflags = {Flags("--cfg", "build_file")}\n"),
        ["a key with a space before cfg( is no cfg table"] = () => new Case()
            .Config("ws/crate", $"[target.' cfg(unix)']\nrustflags = {Flags("--cfg", "spaced")}\n[build]\nrustflags = {Flags("--cfg", "build_file")}\n"),
        ["cfg(true) and cfg(false)"] = () => new Case()
            .Config("ws/crate", $"[target.'cfg(true)']\nrustflags = {Flags("--cfg", "yes")}\n[target.'cfg(false)']\nrustflags = {Flags("--cfg", "no")}\n"),
        ["a cfg table matched with the target tier's own flags"] = () => new Case()
            .Env(TargetVariable, "-Ctarget-feature=+avx2")
            .Config("ws/crate", $"[target.'cfg(target_feature = \"avx2\")']\nrustflags = {Flags("--cfg", "with_avx2")}\n"),
        ["an empty target.<triple>.rustflags leaves the build tier"] = () => new Case()
            .Config("ws/crate", $"[target.{Triple}]\nrustflags = []\n[build]\nrustflags = {Flags("--cfg", "build_file")}\n"),
        ["the legacy config file"] = () =>
        {
            var legacy = new Case().Config("ws", $"[build]\nrustflags = {Flags("--cfg", "ws_toml")}\n");
            legacy.Files["ws/crate/.cargo/config"] = $"[build]\nrustflags = {Flags("--cfg", "legacy")}\n";
            return legacy;
        },
        ["config and config.toml in one folder"] = () =>
        {
            var both = new Case().Config("ws/crate", $"[build]\nrustflags = {Flags("--cfg", "modern")}\n");
            both.Files["ws/crate/.cargo/config"] = $"[build]\nrustflags = {Flags("--cfg", "legacy")}\n";
            return both;
        },
        // --config arguments (the RustCrate's CargoArguments).
        ["--config build.rustflags"] = () => new Case().Args("--config 'build.rustflags=[\"--cfg\", \"cli\"]'"),
        ["--config arguments join in order after files and environment"] = () => new Case()
            .Config("ws/crate", $"[build]\nrustflags = {Flags("--cfg", "build_file")}\n")
            .Env("CARGO_BUILD_RUSTFLAGS", "--cfg build_env")
            .Args("--config 'build.rustflags=[\"--cfg\", \"cli_1\"]' --config=build.rustflags='[\"--cfg\", \"cli_2\"]'"),
        ["--config target tables join the target tier"] = () => new Case()
            .Config("ws", $"[target.{Triple}]\nrustflags = {Flags("--cfg", "file_t")}\n[target.'cfg(unix)']\nrustflags = {Flags("--cfg", "file_unix")}\n")
            .Env(TargetVariable, "--cfg env_t")
            .Args($"--config 'target.{Triple}.rustflags=[\"--cfg\", \"cli_t\"]' --config 'target.\"cfg(unix)\".rustflags=[\"--cfg\", \"cli_unix\"]' --config 'build.rustflags=[\"--cfg\", \"cli_b\"]'"),
        ["--config naming a TOML file"] = () =>
        {
            var file = new Case().Config("ws/crate", $"[build]\nrustflags = {Flags("--cfg", "build_file")}\n").Args("--config extra.toml");
            file.Files["ws/crate/extra.toml"] = $"[build]\nrustflags = {Flags("--cfg", "extra_file")}\n";
            return file;
        },
        ["RUSTFLAGS beats --config"] = () => new Case().Env("RUSTFLAGS", "--cfg plain").Args("--config 'build.rustflags=[\"--cfg\", \"cli\"]'"),
    };

    public static IEnumerable<object[]> CaseNames() => Cases.Keys.Select(name => new object[] { name });

    [SkippableTheory]
    [MemberData(nameof(CaseNames))]
    public void The_rustflags_the_SDK_resolves_are_those_cargo_gives_rustc(string name)
    {
        Skip.IfNot(File.Exists(Cargo), $"rustup's cargo is not in {SdkFixture.CargoBin}");
        var @case = Cases[name]();
        var crateDirectory = Path.Combine(_root, "ws", "crate");
        Projects.Write(Path.Combine(crateDirectory, "Cargo.toml"), $"[package]\nname = \"{Crate}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\ncrate-type = [\"rlib\"]\n");
        Projects.Write(Path.Combine(crateDirectory, "src", "lib.rs"), "pub fn probe() -> u32 { 7 }\n");
        Directory.CreateDirectory(Path.Combine(_root, "home"));
        foreach (var file in @case.Files)
            Projects.Write(Path.Combine(_root, file.Key), file.Value);
        var environment = CargoEnvironment(@case.Environment);
        var arguments = CargoCommandLines.SplitArguments(@case.CargoArguments);

        var cargoSays = RustFlagsCargoGives(crateDirectory, environment, arguments);
        var rustc = ToolLocator.FindRustc(Cargo) ?? "rustc";
        var sdkSays = new UserRustFlags(variable => environment.TryGetValue(variable, out var value) ? value : null,
                flags => PrintCfg(rustc, crateDirectory, flags))
            .Resolve(crateDirectory, Triple, CargoCommandLines.ConfigValues(arguments).ToList());

        Assert.Equal(cargoSays, sdkSays);
        if (name == "none")
            Assert.Empty(cargoSays);
        else if (!name.StartsWith("empty", StringComparison.Ordinal))
            Assert.NotEmpty(cargoSays);
    }

    /// <summary>
    /// `rustc --print cfg --target &lt;host&gt;` with the flags cargo has so far, as cargo asks it (and as the SDK's builds
    /// ask through RustcInfo.PrintCfg).
    /// </summary>
    private static IReadOnlyCollection<string> PrintCfg(string rustc, string directory, IReadOnlyList<string> flags)
    {
        var print = ChildProcess.Run(rustc, new[] { "--print", "cfg", "--target", Triple }.Concat(flags), directory);
        Assert.True(print.ExitCode == 0, print.ToString());
        return print.Output.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToList();
    }

    /// <summary>This process's environment without any cargo or rustc setting, with the case's own, and CARGO_HOME the case's.</summary>
    private Dictionary<string, string> CargoEnvironment(Dictionary<string, string> own)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            var key = (string)entry.Key;
            if (key.StartsWith("CARGO_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("RUSTC", StringComparison.OrdinalIgnoreCase) || key.EndsWith("RUSTFLAGS", StringComparison.OrdinalIgnoreCase))
                continue;
            environment[key] = (string)entry.Value!;
        }
        environment["CARGO_HOME"] = Path.Combine(_root, "home");
        environment["CARGO_TERM_COLOR"] = "never";
        foreach (var pair in own)
            environment[pair.Key] = pair.Value;
        return environment;
    }

    /// <summary>The arguments cargo put after its own (the last `-L dependency=…`) in the crate's rustc command.</summary>
    private List<string> RustFlagsCargoGives(string crateDirectory, Dictionary<string, string> environment, List<string> arguments)
    {
        var log = Path.Combine(_root, "argv");
        Directory.CreateDirectory(log);
        var startInfo = new System.Diagnostics.ProcessStartInfo(Cargo)
        {
            WorkingDirectory = crateDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "build", "-v", "--lib", "--target", Triple, "--target-dir", Path.Combine(_root, "target") }.Concat(arguments))
            startInfo.ArgumentList.Add(argument);
        startInfo.Environment.Clear();
        foreach (var pair in environment)
            startInfo.Environment[pair.Key] = pair.Value;
        startInfo.Environment["RUSTC_WRAPPER"] = ArgvLogger.Value;
        startInfo.Environment["RUSTPGO_ARGV_LOG"] = log;
        using var process = System.Diagnostics.Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(180_000), "cargo timed out");
        var output = stdout.Result + stderr.Result;

        var compile = Directory.GetFiles(log).Select(ReadArgv).SingleOrDefault(argv => argv.SkipWhile(a => a != "--crate-name").Skip(1).FirstOrDefault() == Crate);
        Assert.True(compile != null, $"cargo ran no rustc for {Crate} (exit code {process.ExitCode}):\n{output}");
        var lastDependency = compile!.FindLastIndex(a => a.StartsWith("dependency=", StringComparison.Ordinal));
        Assert.True(lastDependency > 0 && compile[lastDependency - 1] == "-L", "no -L dependency=… in " + string.Join(" ", compile));
        return compile.Skip(lastDependency + 1).ToList();
    }

    private static List<string> ReadArgv(string file)
    {
        var text = File.ReadAllText(file, Encoding.UTF8);
        return text.Split('\0').SkipLast(1).ToList();
    }

    /// <summary>A RUSTC_WRAPPER that writes its arguments (rustc's path, then rustc's arguments), each ended by NUL, to a new file in $RUSTPGO_ARGV_LOG, then runs rustc.</summary>
    private static readonly Lazy<string> ArgvLogger = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "rustpgo tests", "argv-logger-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        var source = Projects.Write(Path.Combine(folder, "argv_logger.rs"), """
            use std::io::Write;
            fn main() {
                let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
                if let Some(dir) = std::env::var_os("RUSTPGO_ARGV_LOG") {
                    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
                    let path = std::path::Path::new(&dir).join(format!("{}-{}.argv", std::process::id(), stamp));
                    let mut file = std::fs::File::create(path).expect("the argv log");
                    for arg in &args {
                        file.write_all(arg.to_string_lossy().as_bytes()).unwrap();
                        file.write_all(b"\0").unwrap();
                    }
                }
                let status = std::process::Command::new(&args[0]).args(&args[1..]).status().expect("rustc");
                std::process::exit(status.code().unwrap_or(1));
            }
            """);
        var executable = Path.Combine(folder, HostPlatform.Executable("argv_logger"));
        var rustc = ToolLocator.FindRustc(Cargo) ?? "rustc";
        var compile = ChildProcess.Run(rustc, new[] { "--edition", "2021", "-o", executable, source }, folder);
        Assert.True(compile.ExitCode == 0, compile.ToString());
        return executable;
    });
}
