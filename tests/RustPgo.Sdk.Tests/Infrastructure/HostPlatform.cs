using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>
/// The names the integration tests expect, from the OS and architecture they run on: the same suite runs
/// on Linux, macOS and Windows.
/// </summary>
public static class HostPlatform
{
    public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
    public static bool IsMacOS => RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
    public static bool IsLinux => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    /// <summary>The portable RID of this machine (linux-x64, osx-arm64, win-x64…).</summary>
    public static string Rid => (IsWindows ? "win" : IsMacOS ? "osx" : "linux") + "-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    /// <summary>The Rust target triple the SDK maps <see cref="Rid"/> to.</summary>
    public static string Triple => Rid switch
    {
        "linux-x64" => "x86_64-unknown-linux-gnu",
        "linux-arm64" => "aarch64-unknown-linux-gnu",
        "osx-x64" => "x86_64-apple-darwin",
        "osx-arm64" => "aarch64-apple-darwin",
        "win-x64" => "x86_64-pc-windows-msvc",
        "win-arm64" => "aarch64-pc-windows-msvc",
        var other => throw new PlatformNotSupportedException("no triple known for " + other),
    };

    /// <summary>The file a crate's cdylib named <paramref name="libName"/> is on this OS.</summary>
    public static string Cdylib(string libName) =>
        IsWindows ? libName + ".dll" : IsMacOS ? "lib" + libName + ".dylib" : "lib" + libName + ".so";

    /// <summary>The file of an executable named <paramref name="name"/>.</summary>
    public static string Executable(string name) => IsWindows ? name + ".exe" : name;

    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => d.Length > 0)
            .Select(d => Path.Combine(d, Executable(name)))
            .FirstOrDefault(File.Exists);

    /// <summary>Whether the process <paramref name="pid"/> still runs (Linux: /proc; a zombie has ended).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/> (kill(2), Unix); 0 on success.</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Signal(int pid, int signal);
}
