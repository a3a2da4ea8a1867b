using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Platform;

/// <summary>
/// Visual Studio's MSBuild runs on .NET Framework and loads the package's tasks/netstandard2.0/ flavour
/// in its own process, where its binding redirects decide which version of a shared assembly every task
/// gets. A task that references a newer version than MSBuild ships fails to load ("Could not load file or
/// assembly") or loads a second copy. Every reference of the flavour must therefore be to the .NET
/// Framework itself, to an assembly shipped beside it, or to one MSBuild 17.8 (the oldest supported,
/// Visual Studio 2022 17.8) binds at that version or lower.
/// </summary>
[Collection(SdkCollection.Name)]
public class VisualStudioMSBuildTests
{
    /// <summary>
    /// The shared assemblies MSBuild 17.8 ships and redirects every older version to: the bindingRedirect
    /// newVersion of each in dotnet/msbuild, tag v17.8.3, src/MSBuild/app.config (MSBuild.exe.config),
    /// and MSBuild's own assemblies (redirected 0.0.0.0-99.9.9.9 to 15.1.0.0 there).
    /// </summary>
    private static readonly Dictionary<string, Version> MSBuild178 = new()
    {
        ["Microsoft.Build"] = new(15, 1, 0, 0),
        ["Microsoft.Build.Framework"] = new(15, 1, 0, 0),
        ["Microsoft.Build.Utilities.Core"] = new(15, 1, 0, 0),
        ["Microsoft.Build.Tasks.Core"] = new(15, 1, 0, 0),
        ["Microsoft.Bcl.AsyncInterfaces"] = new(7, 0, 0, 0),
        ["System.Buffers"] = new(4, 0, 3, 0),
        ["System.Collections.Immutable"] = new(7, 0, 0, 0),
        ["System.Memory"] = new(4, 0, 1, 2),
        ["System.Numerics.Vectors"] = new(4, 1, 4, 0),
        ["System.Reflection.Metadata"] = new(7, 0, 0, 0),
        ["System.Runtime.CompilerServices.Unsafe"] = new(6, 0, 0, 0),
        ["System.Text.Encodings.Web"] = new(7, 0, 0, 0),
        ["System.Text.Json"] = new(7, 0, 0, 3),
        ["System.Threading.Tasks.Extensions"] = new(4, 2, 0, 1),
    };

    /// <summary>Parts of .NET Framework 4.7.2 (which MSBuild 17.8 requires) and the netstandard 2.0 facades it carries.</summary>
    private static readonly HashSet<string> Framework = new(StringComparer.OrdinalIgnoreCase)
    {
        "mscorlib", "netstandard", "System", "System.Core", "System.Xml", "System.Xml.Linq", "System.Runtime",
        "System.Runtime.InteropServices.RuntimeInformation", "System.IO.Compression", "System.Numerics", "System.Data",
    };

    private readonly SdkFixture _sdk;

    public VisualStudioMSBuildTests(SdkFixture sdk) => _sdk = sdk;

    [Fact]
    public void Every_reference_of_the_netstandard_flavour_binds_in_MSBuild_17_8()
    {
        using var package = ZipFile.OpenRead(Path.Combine(_sdk.Feed, $"RustPgo.Sdk.{SdkFixture.SdkVersion}.nupkg"));
        var flavour = package.Entries.Where(e => e.FullName.StartsWith("tasks/netstandard2.0/", StringComparison.Ordinal) && e.Name.EndsWith(".dll")).ToList();
        Assert.Contains(flavour, e => e.Name == "RustPgo.Sdk.Tasks.dll");
        var shipped = flavour.Select(e => Path.GetFileNameWithoutExtension(e.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Nothing MSBuild ships may be shipped again: a second copy of a shared assembly is the failure itself.
        Assert.DoesNotContain(shipped, MSBuild178.ContainsKey);

        var problems = new List<string>();
        foreach (var entry in flavour)
        {
            using var stream = new MemoryStream();
            using (var source = entry.Open())
                source.CopyTo(stream);
            stream.Position = 0;
            using var pe = new PEReader(stream);
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                var name = reader.GetString(reference.Name);
                if (Framework.Contains(name) || shipped.Contains(name))
                    continue;
                if (!MSBuild178.TryGetValue(name, out var bound))
                    problems.Add($"{entry.Name} references {name} {reference.Version}, which neither .NET Framework, MSBuild 17.8 nor the package provides");
                else if (reference.Version > bound)
                    problems.Add($"{entry.Name} references {name} {reference.Version}; MSBuild 17.8 binds {bound}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
