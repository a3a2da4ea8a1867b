using System;
using System.IO;
using System.Linq;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>
/// A `cargo` that notes each invocation in a log, then runs rustup's cargo: with RustCargoPath pointing
/// at its folder, a test knows structurally whether a build started cargo, and how often.
/// </summary>
public sealed class CargoSpy
{
    private CargoSpy(string folder) => Folder = folder;

    /// <summary>The folder holding the spy (the value for RustCargoPath).</summary>
    public string Folder { get; }

    public string Log => Path.Combine(Folder, "invocations.log");

    public static CargoSpy Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var real = Path.Combine(SdkFixture.CargoBin, HostPlatform.Executable("cargo"));
        Projects.WriteScript(Path.Combine(folder, "cargo"), $"""
            #!/bin/sh
            printf '%s\n' "$*" >> '{Path.Combine(folder, "invocations.log")}'
            exec '{real}' "$@"
            """);
        return new CargoSpy(folder);
    }

    /// <summary>The builds cargo was asked for since the last <see cref="Reset"/> (`cargo build` or `cargo rustc`).</summary>
    public int Builds => File.Exists(Log) ? File.ReadAllLines(Log).Count(l => l.StartsWith("build ", StringComparison.Ordinal) || l.StartsWith("rustc ", StringComparison.Ordinal)) : 0;

    /// <summary>Every invocation since the last <see cref="Reset"/>.</summary>
    public int Invocations => File.Exists(Log) ? File.ReadAllLines(Log).Length : 0;

    public void Reset() => File.Delete(Log);
}
