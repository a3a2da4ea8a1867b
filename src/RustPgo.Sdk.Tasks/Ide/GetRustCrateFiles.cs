using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Ide;

/// <summary>
/// The files an IDE or `dotnet watch` should watch for a change that needs a build: every file of each
/// crate's folder and of the local packages its last build compiled (path and workspace dependencies),
/// except cargo's target folders and version control's, and the Cargo.toml, Cargo.lock, toolchain and
/// cargo config files of the folders above them. cargo decides what a change means; this only says when
/// to ask it.
/// </summary>
public sealed class GetRustCrateFiles : RustPgoTask
{
    private static readonly string[] FilesCargoReadsAbove =
    {
        "Cargo.toml",
        "Cargo.lock",
        "rust-toolchain.toml",
        "rust-toolchain",
        Path.Combine(".cargo", "config.toml"),
        Path.Combine(".cargo", "config"),
    };

    /// <summary>Stage items of ResolveRustStage.</summary>
    [Required] public ITaskItem[] StageCrates { get; set; } = Array.Empty<ITaskItem>();

    [Output] public ITaskItem[] Files { get; private set; } = Array.Empty<ITaskItem>();

    protected override bool ExecuteCore()
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var crate in StageCrates)
        {
            folders.Add(crate.GetMetadata(StageItem.CrateDirectory));
            if (CargoBuildRecord.TryRead(crate.GetMetadata(StageItem.BuildRecord)) is { } record)
                folders.UnionWith(record.LocalPackageDirectories);
        }
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders.Where(Directory.Exists))
        {
            files.UnionWith(FilesUnder(folder));
            for (var above = Directory.GetParent(folder); above != null; above = above.Parent)
                files.UnionWith(FilesCargoReadsAbove.Select(name => Path.Combine(above.FullName, name)).Where(File.Exists));
        }
        Files = files.Select(f => (ITaskItem)new TaskItem(StageItem.Escape(f))).ToArray();
        return true;
    }

    private static IEnumerable<string> FilesUnder(string folder)
    {
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current))
                yield return file;
            foreach (var sub in Directory.EnumerateDirectories(current))
            {
                var name = Path.GetFileName(sub);
                if (name is not ("target" or ".git" or ".hg" or ".svn"))
                    pending.Push(sub);
            }
        }
    }
}
