using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Stages;

/// <summary>
/// The libraries a stage's last cargo builds produced, from their build records: what the shipped stage
/// puts beside the app, into the package, or into a Native AOT link.
/// </summary>
public sealed class GetRustLibraries : Diagnostics.RustPgoTask
{
    /// <summary>Stage items of ResolveRustStage.</summary>
    [Required] public ITaskItem[] StageCrates { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>A crate without a finished build is an error (a real build); else it is skipped (design time).</summary>
    public bool RequireBuilt { get; set; }

    /// <summary>Each cdylib, then its debug symbols; metadata Package and LibraryName.</summary>
    [Output] public ITaskItem[] DynamicLibraries { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Each staticlib; metadata Package, LibraryName, TargetTriple and NativeStaticLibs (`;`-separated link arguments).</summary>
    [Output] public ITaskItem[] StaticLibraries { get; private set; } = Array.Empty<ITaskItem>();

    protected override bool ExecuteCore()
    {
        var dynamicLibraries = new List<ITaskItem>();
        var staticLibraries = new List<ITaskItem>();
        foreach (var crate in StageCrates)
        {
            var recordPath = crate.GetMetadata(StageItem.BuildRecord);
            var record = RequireBuilt ? CargoBuildRecord.Read(recordPath) : CargoBuildRecord.TryRead(recordPath);
            if (record == null)
                continue;
            foreach (var file in record.ShippedFiles)
                dynamicLibraries.Add(Library(file, crate, record));
            if (record.StaticLibrary != null)
            {
                var item = Library(record.StaticLibrary, crate, record);
                item.SetMetadata("NativeStaticLibs", StageItem.JoinPaths(record.NativeStaticLibs));
                ((ITaskItem2)item).SetMetadataValueLiteral("TargetTriple", crate.GetMetadata(StageItem.TargetTriple));
                staticLibraries.Add(item);
            }
        }
        DynamicLibraries = dynamicLibraries.ToArray();
        StaticLibraries = staticLibraries.ToArray();
        return true;
    }

    private static TaskItem Library(string file, ITaskItem crate, CargoBuildRecord record)
    {
        var item = new TaskItem(StageItem.Escape(file));
        ((ITaskItem2)item).SetMetadataValueLiteral("Crate", crate.ItemSpec);
        ((ITaskItem2)item).SetMetadataValueLiteral("Package", record.Package);
        ((ITaskItem2)item).SetMetadataValueLiteral("LibraryName", record.LibraryName);
        return item;
    }
}
