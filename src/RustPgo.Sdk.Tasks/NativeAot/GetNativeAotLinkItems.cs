using System.Runtime.InteropServices;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Stages;

namespace RustPgo.Sdk.Tasks.NativeAot;

/// <summary>
/// Links the crates into a Native AOT app: a DirectPInvoke per crate library (calls bound at link time),
/// its staticlib and system libraries as link inputs. Checks first what would otherwise fail late or at
/// run time: a crate without a staticlib, a P/Invoke that names the library in a form DirectPInvoke does
/// not match, an imported function the staticlib does not export, and a missing C linker.
/// </summary>
public sealed class GetNativeAotLinkItems : RustPgoTask
{
    /// <summary>GetRustLibraries' dynamic libraries: one per crate (with Package, LibraryName).</summary>
    [Required] public ITaskItem[] DynamicLibraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>GetRustLibraries' static libraries (with NativeStaticLibs, TargetTriple).</summary>
    public ITaskItem[] StaticLibraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The app's assembly and its project references: their P/Invokes are checked against the crates.</summary>
    public ITaskItem[] Assemblies { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The libraries are instrumented (a training of the AOT app): keep the profiler runtime.</summary>
    public bool Instrumented { get; set; }

    /// <summary>
    /// The folder the link runs in. Libraries under it are passed relative to it: the ILCompiler's link
    /// command does not quote paths, so an absolute path with a space would split.
    /// </summary>
    public string ProjectDirectory { get; set; } = "";

    /// <summary>The C compiler the ILCompiler links with (CppCompilerAndLinker), checked on Unix.</summary>
    public string Linker { get; set; } = "";

    [Output] public ITaskItem[] DirectPInvokes { get; private set; } = Array.Empty<ITaskItem>();
    [Output] public ITaskItem[] NativeLibraries { get; private set; } = Array.Empty<ITaskItem>();
    [Output] public ITaskItem[] LinkerArgs { get; private set; } = Array.Empty<ITaskItem>();

    protected override bool ExecuteCore()
    {
        var crates = DynamicLibraries.Where(d => NativeFiles.IsDynamicLibrary(d.ItemSpec)).ToList();
        var imports = PInvokeImports.Of(Assemblies.Select(a => a.GetMetadata("FullPath")));
        var directPInvokes = new List<ITaskItem>();
        var libraries = new List<ITaskItem>();
        var arguments = new List<ITaskItem>();
        foreach (var crate in crates)
        {
            var package = crate.GetMetadata("Package");
            var libraryName = crate.GetMetadata("LibraryName");
            var staticLibrary = StaticLibraries.FirstOrDefault(s => s.GetMetadata("Crate") == crate.GetMetadata("Crate"));
            if (staticLibrary == null)
            {
                Coded.Error(Codes.NoStaticlib, NoStaticlibMessage(package),
                    crate.GetMetadata("Crate"));
                continue;
            }
            if (!ImportsMatch(package, libraryName, staticLibrary.ItemSpec, imports))
                continue;

            directPInvokes.Add(new TaskItem(libraryName));
            var link = NativeAotLinkItems.For(RelativeToProject(staticLibrary.ItemSpec),
                staticLibrary.GetMetadata("NativeStaticLibs").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries),
                TargetOsOf(staticLibrary.GetMetadata("TargetTriple")), Instrumented);
            libraries.AddRange(link.NativeLibraries.Select(l => (ITaskItem)new TaskItem(StageItem.Escape(l))));
            arguments.AddRange(link.LinkerArgs.Select(a => (ITaskItem)new TaskItem(StageItem.Escape(a))));
        }
        if (crates.Count > 0 && !Log.HasLoggedErrors)
            RequireLinker();
        DirectPInvokes = directPInvokes.ToArray();
        NativeLibraries = libraries.ToArray();
        LinkerArgs = arguments.Distinct(new ItemSpecComparer()).ToArray();
        return !Log.HasLoggedErrors;
    }

    /// <summary>The app must import the crate's library by its exact name, and only functions the staticlib exports.</summary>
    private bool ImportsMatch(string package, string libraryName, string staticLibrary, List<PInvokeImport> imports)
    {
        // A name the runtime would resolve to the cdylib (libvm.so, vm.dll) but DirectPInvoke does not match
        // leaves that call to a library the published app does not have.
        var variants = imports.Where(i => PInvokeImports.IsVariantOf(i.Library, libraryName)).ToList();
        if (variants.Count > 0)
        {
            Coded.Error(Codes.DirectPInvokeWithoutCrate,
                $"Native AOT binds the crate {package} by the DirectPInvoke name \"{libraryName}\", but {string.Join(", ", variants.Select(v => $"{v.EntryPoint} ({v.Assembly})").Distinct())} import it as {string.Join(", ", variants.Select(v => $"\"{v.Library}\"").Distinct())}: write [LibraryImport(\"{libraryName}\")] (no prefix, extension or path), so the calls bind to the linked staticlib instead of looking for a library the published app does not have.");
            return false;
        }
        var fromCrate = imports.Where(i => i.Library == libraryName).ToList();
        if (fromCrate.Count == 0)
        {
            var seen = imports.Select(i => i.Library).Distinct().ToList();
            Coded.Error(Codes.DirectPInvokeWithoutCrate,
                $"Native AOT links the crate {package} as \"{libraryName}\", but no [LibraryImport]/[DllImport] of the app or its project references names \"{libraryName}\" (they name: {(seen.Count > 0 ? string.Join(", ", seen) : "nothing")}). Import its functions with [LibraryImport(\"{libraryName}\")], or remove the RustCrate.");
            return false;
        }
        var exported = StaticLibrarySymbols.Read(staticLibrary);
        if (exported == null)
            return true;
        var missing = fromCrate.Where(i => !exported.Contains(i.EntryPoint)).Select(i => i.EntryPoint).Distinct().ToList();
        if (missing.Count == 0)
            return true;
        Coded.Error(Codes.CrateExportsNothing,
            $"The app imports {string.Join(", ", missing.Select(m => "`" + m + "`"))} from the crate {package}, which {(missing.Count == fromCrate.Select(i => i.EntryPoint).Distinct().Count() ? "exports none of them" : "does not export them")}: the Native AOT link would fail. Export each as #[unsafe(no_mangle)] pub extern \"C\" fn (#[no_mangle] before Rust 2024), with the name the P/Invoke uses.",
            staticLibrary);
        return false;
    }

    private void RequireLinker()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            return;
        var candidates = new[] { Linker, "clang", "gcc" }.Where(c => c.Length > 0);
        if (candidates.Any(c => Path.IsPathRooted(c) ? File.Exists(c) : ToolLocator.FindOnPath(c) != null))
            return;
        Coded.Error(Codes.NoCLinker,
            "Native AOT links the app with a C compiler driver, and neither clang nor gcc is on PATH. Install clang: `apt-get install clang` (Debian, Ubuntu), `dnf install clang` (Fedora), `apk add clang build-base` (Alpine), or the Xcode command-line tools on macOS (`xcode-select --install`).");
    }

    private string RelativeToProject(string path)
    {
        if (ProjectDirectory.Length == 0)
            return path;
        var folder = Path.GetFullPath(ProjectDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return path.StartsWith(folder, StringComparison.Ordinal) ? path.Substring(folder.Length) : path;
    }

    private static TargetOs TargetOsOf(string triple) =>
        triple.Length > 0 ? RustTargets.OsOf(triple)
        : RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? TargetOs.Windows
        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? TargetOs.MacOS
        : TargetOs.Unix;

    /// <summary>RUSTPGO201's text: raised before any work by ResolveRustStage, and here for what cargo built.</summary>
    internal static string NoStaticlibMessage(string package) =>
        $"Native AOT links the crate {package} statically, but it builds no staticlib. Write crate-type = [\"cdylib\", \"staticlib\"] under [lib] in its Cargo.toml (every build of the crate then makes both from one rustc run, so a profile trained through the cdylib fits the staticlib).";

    private sealed class ItemSpecComparer : IEqualityComparer<ITaskItem>
    {
        public bool Equals(ITaskItem? x, ITaskItem? y) => x?.ItemSpec == y?.ItemSpec;
        public int GetHashCode(ITaskItem obj) => obj.ItemSpec.GetHashCode();
    }
}
