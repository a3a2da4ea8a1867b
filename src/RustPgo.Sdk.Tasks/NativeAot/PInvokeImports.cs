using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace RustPgo.Sdk.Tasks.NativeAot;

/// <summary>One P/Invoke of an assembly: the library it names and the function it calls.</summary>
internal sealed record PInvokeImport(string Assembly, string Library, string EntryPoint);

/// <summary>
/// The P/Invokes ([DllImport], and the ones [LibraryImport] generates) of compiled assemblies, read from
/// their metadata with System.Reflection.Metadata (part of .NET, and of MSBuild on .NET Framework).
/// </summary>
internal static class PInvokeImports
{
    public static List<PInvokeImport> Of(IEnumerable<string> assemblies)
    {
        var imports = new List<PInvokeImport>();
        foreach (var path in assemblies)
        {
            if (!File.Exists(path))
                continue;
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
                continue;
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.MethodDefinitions)
            {
                var method = reader.GetMethodDefinition(handle);
                var import = method.GetImport();
                if (import.Module.IsNil)
                    continue;
                var library = reader.GetString(reader.GetModuleReference(import.Module).Name);
                var entryPoint = import.Name.IsNil ? reader.GetString(method.Name) : reader.GetString(import.Name);
                imports.Add(new PInvokeImport(Path.GetFileName(path), library, entryPoint.Length > 0 ? entryPoint : reader.GetString(method.Name)));
            }
        }
        return imports;
    }

    /// <summary>
    /// Whether <paramref name="library"/> as a P/Invoke names <paramref name="crateLibrary"/> in a form the
    /// runtime would also resolve (`libvm.so`, `vm.dll`, `./libvm.dylib`) but Native AOT's DirectPInvoke,
    /// which matches the name exactly, does not.
    /// </summary>
    public static bool IsVariantOf(string library, string crateLibrary)
    {
        var name = Path.GetFileName(library.Replace('\\', '/'));
        foreach (var extension in new[] { ".so", ".dylib", ".dll" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                name = name.Substring(0, name.Length - extension.Length);
        }
        if (name.StartsWith("lib", StringComparison.Ordinal) && name.Length > 3)
            name = name.Substring(3);
        return name != library && string.Equals(name, crateLibrary, StringComparison.Ordinal);
    }
}
