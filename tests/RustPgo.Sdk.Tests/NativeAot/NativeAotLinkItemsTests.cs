using RustPgo.Sdk.Tasks.NativeAot;
using RustPgo.Sdk.Tasks.Platform;
using Xunit;

namespace RustPgo.Sdk.Tests.NativeAot;

/// <summary>The link items a crate's staticlib becomes on each OS, from what `rustc --print native-static-libs` says there.</summary>
public class NativeAotLinkItemsTests
{
    [Fact]
    public void Linux_links_the_staticlib_and_passes_the_system_libraries_as_linker_arguments()
    {
        var link = NativeAotLinkItems.For("/t/libvm.a", new[] { "-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lm", "-ldl", "-lc" }, TargetOs.Unix, keepProfilerRuntime: false);
        Assert.Equal(new[] { "/t/libvm.a" }, link.NativeLibraries);
        Assert.Equal(new[] { "-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lm", "-ldl", "-lc" }, link.LinkerArgs);
    }

    /// <summary>rustc 1.95 on x86_64-pc-windows-msvc prints these; the import libraries are link inputs.</summary>
    [Fact]
    public void Windows_adds_the_import_libraries_as_native_libraries()
    {
        var link = NativeAotLinkItems.For(@"C:\t\vm.lib", new[] { "kernel32.lib", "advapi32.lib", "ntdll.lib", "userenv.lib", "ws2_32.lib", "dbghelp.lib", "/defaultlib:msvcrt" }, TargetOs.Windows, keepProfilerRuntime: true);
        Assert.Equal(new[] { @"C:\t\vm.lib", "kernel32.lib", "advapi32.lib", "ntdll.lib", "userenv.lib", "ws2_32.lib", "dbghelp.lib" }, link.NativeLibraries);
        Assert.Equal(new[] { "/defaultlib:msvcrt", "/INCLUDE:__llvm_profile_runtime" }, link.LinkerArgs);
    }

    /// <summary>rustc on aarch64-apple-darwin prints frameworks as `-framework NAME`, which stays one argument.</summary>
    [Fact]
    public void MacOS_keeps_each_framework_with_its_name()
    {
        var link = NativeAotLinkItems.For("/t/libvm.a", new[] { "-framework", "CoreFoundation", "-liconv", "-lSystem", "-lc", "-lm" }, TargetOs.MacOS, keepProfilerRuntime: true);
        Assert.Equal(new[] { "-framework CoreFoundation", "-liconv", "-lSystem", "-lc", "-lm", "-Wl,-u,___llvm_profile_runtime" }, link.LinkerArgs);
    }

    [Fact]
    public void An_instrumented_staticlib_keeps_the_profiler_runtime_on_linux() =>
        Assert.Contains("-Wl,-u,__llvm_profile_runtime", NativeAotLinkItems.For("/t/libvm.a", new string[0], TargetOs.Unix, keepProfilerRuntime: true).LinkerArgs);

    [Theory]
    [InlineData("libvm", "vm", true)]
    [InlineData("vm.dll", "vm", true)]
    [InlineData("libvm.so", "vm", true)]
    [InlineData("./libvm.dylib", "vm", true)]
    [InlineData("vm", "vm", false)]
    [InlineData("libSystem.Native", "vm", false)]
    [InlineData("libvm2", "vm", false)]
    public void A_pinvoke_name_DirectPInvoke_would_not_match_is_recognised(string imported, string crateLibrary, bool variant) =>
        Assert.Equal(variant, PInvokeImports.IsVariantOf(imported, crateLibrary));
}
