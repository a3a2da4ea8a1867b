using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RustPgo.Sdk.Tasks.NativeAot;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.NativeAot;

/// <summary>The exported symbols of a staticlib, from each archive format's symbol index.</summary>
public class StaticLibrarySymbolsTests
{
    private static byte[] Member(string name, byte[] body)
    {
        var header = Encoding.ASCII.GetBytes(name.PadRight(16) + "0".PadRight(12) + "0".PadRight(6) + "0".PadRight(6) + "644".PadRight(8) + body.Length.ToString().PadRight(10) + "`\n");
        Assert.Equal(60, header.Length);
        return header.Concat(body).Concat(body.Length % 2 == 1 ? new byte[] { (byte)'\n' } : Array.Empty<byte>()).ToArray();
    }

    private static byte[] Archive(params byte[][] members) => Encoding.ASCII.GetBytes("!<arch>\n").Concat(members.SelectMany(m => m)).ToArray();

    [Fact]
    public void The_gnu_and_windows_index_lists_the_global_symbols()
    {
        var names = new[] { "step", "classify", "_ZN3std2rt10lang_start17h0E" };
        var body = new List<byte>();
        body.AddRange(BitConverter.GetBytes(names.Length).Reverse());
        foreach (var _ in names)
            body.AddRange(new byte[] { 0, 0, 0, 8 });
        foreach (var name in names)
            body.AddRange(Encoding.ASCII.GetBytes(name + "\0"));
        var symbols = StaticLibrarySymbols.Parse(Archive(Member("/", body.ToArray()), Member("lib.o/", new byte[] { 1, 2 })));
        Assert.Equal(names.OrderBy(n => n), symbols!.OrderBy(n => n));
    }

    [Fact]
    public void The_bsd_index_of_macos_lists_the_symbols_without_their_underscore()
    {
        var strings = Encoding.ASCII.GetBytes("_step\0_classify\0");
        var body = new List<byte>();
        body.AddRange(BitConverter.GetBytes(16));           // two ranlib entries of 8 bytes
        body.AddRange(BitConverter.GetBytes(0)); body.AddRange(BitConverter.GetBytes(72));
        body.AddRange(BitConverter.GetBytes(6)); body.AddRange(BitConverter.GetBytes(72));
        body.AddRange(BitConverter.GetBytes(strings.Length));
        body.AddRange(strings);
        var name = Encoding.ASCII.GetBytes("__.SYMDEF SORTED\0\0\0\0");
        var symbols = StaticLibrarySymbols.Parse(Archive(Member("#1/20", name.Concat(body).ToArray())));
        Assert.Equal(new[] { "classify", "step" }, symbols!.OrderBy(n => n));
    }

    [Fact]
    public void Not_an_archive_is_null() =>
        Assert.Null(StaticLibrarySymbols.Parse(Encoding.ASCII.GetBytes("\u007fELF not an archive")));

    /// <summary>A staticlib rustc builds here: its exports are in the index, among std's.</summary>
    [SkippableFact]
    public void A_staticlib_rustc_builds_lists_its_exports()
    {
        var cargo = HostPlatform.FindOnPath("cargo") ?? Path.Combine(SdkFixture.CargoBin, HostPlatform.Executable("cargo"));
        Skip.IfNot(File.Exists(cargo), "cargo is not installed");
        var dir = Path.Combine(Path.GetTempPath(), "rustpgo-staticlib-" + Guid.NewGuid().ToString("N"));
        try
        {
            var manifest = Projects.Crate(dir, "exports", libRs: "#[no_mangle]\npub extern \"C\" fn exported_one(x: u64) -> u64 { x + 1 }\nfn private_one() {}\n");
            File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("crate-type = [\"cdylib\"]", "crate-type = [\"staticlib\"]"));
            var build = ChildProcess.Run(cargo, new[] { "build", "--release", "--quiet", "--manifest-path", manifest }, dir);
            Assert.True(build.ExitCode == 0, build.ToString());
            var library = Directory.GetFiles(Path.Combine(dir, "target", "release"), HostPlatform.IsWindows ? "exports.lib" : "libexports.a").Single();
            var symbols = StaticLibrarySymbols.Read(library)!;
            Assert.Contains("exported_one", symbols);
            Assert.DoesNotContain("private_one", symbols);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
