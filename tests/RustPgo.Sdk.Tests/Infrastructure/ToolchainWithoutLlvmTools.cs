using System.IO;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>
/// rustup's cargo and rustc, except that this rustc names an empty folder as its sysroot (`rustc --print sysroot`,
/// which only the SDK asks, to find rustup's llvm-tools): with RustCargoPath pointing at its folder a build sees no
/// llvm-profdata in the sysroot, even on a runner whose toolchain has the llvm-tools component. cargo's own
/// questions to rustc (`--print=sysroot` among other options) get the real answers.
/// </summary>
public static class ToolchainWithoutLlvmTools
{
    /// <summary>Writes the toolchain into <paramref name="folder"/>; returns the folder (the value for RustCargoPath).</summary>
    public static string Create(string folder)
    {
        var sysroot = Path.Combine(folder, "sysroot");
        Directory.CreateDirectory(sysroot);
        Projects.WriteScript(Path.Combine(folder, "cargo"), $"""
            #!/bin/sh
            exec '{Path.Combine(SdkFixture.CargoBin, "cargo")}' "$@"
            """);
        Projects.WriteScript(Path.Combine(folder, "rustc"), $"""
            #!/bin/sh
            if [ "$#" -eq 2 ] && [ "$1" = "--print" ] && [ "$2" = "sysroot" ]; then
              echo '{sysroot}'
              exit 0
            fi
            exec '{Path.Combine(SdkFixture.CargoBin, "rustc")}' "$@"
            """);
        return folder;
    }
}
