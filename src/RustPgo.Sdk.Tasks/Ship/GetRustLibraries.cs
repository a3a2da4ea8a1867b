using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Ship;

/// <summary>
/// The libraries of a stage's crates. Shipped: the copies in each crate's ship folder, which bin/, the
/// publish folder, the package and a Native AOT link take — named before cargo runs (the cdylib's name
/// comes from Cargo.toml; a Windows .pdb from the build that ran before the compile), so that MSBuild can
/// plan their copies while cargo builds. Otherwise: the files cargo wrote, from the build records.
/// </summary>
public sealed class GetRustLibraries : RustPgoTask
{
    /// <summary>Stage items of ResolveRustStage.</summary>
    [Required] public ITaskItem[] StageCrates { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The shipped copies (else cargo's own files).</summary>
    public bool Shipped { get; set; }

    /// <summary>A crate without a finished build is an error (else its record's libraries are left out).</summary>
    public bool RequireBuilt { get; set; }

    /// <summary>Only shipped copies that exist (a design-time build, which must not name what no build made).</summary>
    public bool OnlyExisting { get; set; }

    /// <summary>Each cdylib, then its debug symbols; metadata Crate, Package and LibraryName (from the last build).</summary>
    [Output] public ITaskItem[] DynamicLibraries { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Each staticlib of the last build; metadata Crate, Package, LibraryName, TargetTriple and NativeStaticLibs (`;`-separated link arguments).</summary>
    [Output] public ITaskItem[] StaticLibraries { get; private set; } = Array.Empty<ITaskItem>();

    protected override bool ExecuteCore()
    {
        var dynamicLibraries = new List<ITaskItem>();
        var staticLibraries = new List<ITaskItem>();
        foreach (var crate in StageCrates)
        {
            var recordPath = crate.GetMetadata(StageItem.BuildRecord);
            var record = RequireBuilt ? CargoBuildRecord.Read(recordPath) : CargoBuildRecord.TryRead(recordPath);
            if (record == null && !Shipped)
                continue;
            var shipDirectory = crate.GetMetadata(StageItem.ShipDirectory);
            string Place(string file) => Shipped ? Path.Combine(shipDirectory, Path.GetFileName(file)) : file;

            var dynamic = Shipped
                ? new[] { crate.GetMetadata(StageItem.LibraryFileName) }.Concat(record?.DebugSymbols ?? Array.Empty<string>())
                : record!.ShippedFiles;
            foreach (var file in dynamic.Select(Place).Where(Wanted))
                dynamicLibraries.Add(Library(file, crate, record));
            if (record?.StaticLibrary is { } staticLibrary && Wanted(Place(staticLibrary)))
            {
                var item = Library(Place(staticLibrary), crate, record);
                item.SetMetadata("NativeStaticLibs", StageItem.JoinPaths(record.NativeStaticLibs));
                ((ITaskItem2)item).SetMetadataValueLiteral("TargetTriple", crate.GetMetadata(StageItem.Triple));
                staticLibraries.Add(item);
            }
        }
        DynamicLibraries = dynamicLibraries.ToArray();
        StaticLibraries = staticLibraries.ToArray();
        return true;
    }

    private bool Wanted(string file) => !OnlyExisting || File.Exists(file);

    private static TaskItem Library(string file, ITaskItem crate, CargoBuildRecord? record)
    {
        var item = new TaskItem(StageItem.Escape(file));
        ((ITaskItem2)item).SetMetadataValueLiteral("Crate", crate.ItemSpec);
        ((ITaskItem2)item).SetMetadataValueLiteral("Package", record?.Package ?? "");
        ((ITaskItem2)item).SetMetadataValueLiteral("LibraryName", record?.LibraryName ?? "");
        return item;
    }
}
