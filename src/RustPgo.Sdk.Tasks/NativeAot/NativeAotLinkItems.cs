using RustPgo.Sdk.Tasks.Platform;

namespace RustPgo.Sdk.Tasks.NativeAot;

/// <summary>What the Native AOT link gets for one crate's staticlib.</summary>
internal sealed record NativeAotLink(IReadOnlyList<string> NativeLibraries, IReadOnlyList<string> LinkerArgs);

/// <summary>
/// Turns a crate's staticlib into the ILCompiler's link items, per target OS: the library itself, the
/// system libraries rustc's `--print native-static-libs` names (Windows import libraries become library
/// inputs; `-l…` and `-framework …` linker arguments elsewhere), and, for an instrumented staticlib, the
/// undefined reference that keeps the profiler runtime's registration in the program (rustc adds it only
/// when it links itself).
/// </summary>
internal static class NativeAotLinkItems
{
    public static NativeAotLink For(string staticLibrary, IReadOnlyList<string> nativeStaticLibs, TargetOs os, bool keepProfilerRuntime)
    {
        var libraries = new List<string> { staticLibrary };
        var arguments = new List<string>();
        for (var i = 0; i < nativeStaticLibs.Count; i++)
        {
            var token = nativeStaticLibs[i];
            if (os == TargetOs.Windows && token.EndsWith(".lib", StringComparison.OrdinalIgnoreCase))
                libraries.Add(token);
            else if (token == "-framework" && i + 1 < nativeStaticLibs.Count)
                arguments.Add(token + " " + nativeStaticLibs[++i]);
            else
                arguments.Add(token);
        }
        if (keepProfilerRuntime)
        {
            arguments.Add(os switch
            {
                TargetOs.Windows => "/INCLUDE:__llvm_profile_runtime",
                // Mach-O prefixes C symbols with an underscore.
                TargetOs.MacOS => "-Wl,-u,___llvm_profile_runtime",
                _ => "-Wl,-u,__llvm_profile_runtime",
            });
        }
        return new NativeAotLink(libraries, arguments);
    }
}
