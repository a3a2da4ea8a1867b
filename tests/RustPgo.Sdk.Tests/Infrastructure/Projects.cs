using System;
using System.IO;
using System.Text;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>How a generated project references RustPgo.Sdk.</summary>
public enum SdkReference
{
    /// <summary>`&lt;Sdk Name="RustPgo.Sdk" Version="…" /&gt;`, as the README's quick start does.</summary>
    SdkElement,

    /// <summary>`&lt;PackageReference Include="RustPgo.Sdk" … PrivateAssets="all" /&gt;`: NuGet imports build/RustPgo.Sdk.*.</summary>
    PackageReference,
}

/// <summary>Writes the small crates and projects the integration tests build.</summary>
public static class Projects
{
    /// <summary>The element that imports the SDK, for the top of a project (empty for a PackageReference).</summary>
    public static string SdkElement(SdkReference reference) =>
        reference == SdkReference.SdkElement ? $"<Sdk Name=\"RustPgo.Sdk\" Version=\"{SdkFixture.SdkVersion}\" />" : "";

    /// <summary>The item that imports the SDK, for an ItemGroup (empty for an &lt;Sdk&gt; element).</summary>
    public static string SdkPackageReference(SdkReference reference) =>
        reference == SdkReference.PackageReference ? $"<PackageReference Include=\"RustPgo.Sdk\" Version=\"{SdkFixture.SdkVersion}\" PrivateAssets=\"all\" />" : "";

    public static string Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n"), new UTF8Encoding(false));
        return path;
    }

    /// <summary>Writes a file with the given Unix permission bits (no-op for the bits on Windows).</summary>
    public static string WriteWithMode(string path, string text, UnixFileMode mode)
    {
        Write(path, text);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, mode);
        return path;
    }

    /// <summary>Writes an executable script.</summary>
    public static string WriteScript(string path, string text) =>
        WriteWithMode(path, text, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

    /// <summary>A cdylib crate exporting <c>add</c> (a + b + <paramref name="bias"/>) from src/lib.rs.</summary>
    public static string Crate(string directory, string name = "calc", string? libRs = null, string extraToml = "", bool cdylib = true)
    {
        Write(Path.Combine(directory, "Cargo.toml"), $"""
            [package]
            name = "{name}"
            version = "0.1.0"
            edition = "2021"

            [lib]
            crate-type = [{(cdylib ? "\"cdylib\"" : "\"rlib\"")}]
            {extraToml}
            """);
        Write(Path.Combine(directory, "src", "lib.rs"), libRs ?? AddLibRs(0));
        return Path.Combine(directory, "Cargo.toml");
    }

    public static string AddLibRs(int bias) => $$"""
        #[no_mangle]
        pub extern "C" fn add(a: i32, b: i32) -> i32 {
            a + b + {{bias}}
        }
        """;

    /// <summary>A console app whose Main prints add(2,40) computed by the crate's cdylib.</summary>
    public static string App(string directory, string name, string crateInclude, string libName = "calc",
        string targetFrameworks = "<TargetFramework>net10.0</TargetFramework>", string extraProperties = "", string extraItems = "",
        string rustCrateMetadata = "", SdkReference reference = SdkReference.SdkElement)
    {
        Write(Path.Combine(directory, "Program.cs"), $$"""
            using System;
            using System.Runtime.InteropServices;

            static class Program
            {
                [DllImport("{{libName}}")]
                static extern int add(int a, int b);

                static void Main() => Console.WriteLine($"add(2,40)={add(2, 40)}");
            }
            """);
        return Write(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              {SdkElement(reference)}
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                {targetFrameworks}
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                {SdkPackageReference(reference)}
                <RustCrate Include="{crateInclude}"{rustCrateMetadata} />
                {extraItems}
              </ItemGroup>
            </Project>
            """);
    }
}
