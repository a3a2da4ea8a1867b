using Microsoft.Build.Framework;
using RustPgo.ProfData;
using RustPgo.Sdk.Tasks.Diagnostics;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Ship;

/// <summary>
/// Puts the libraries of the stage this build selected into each crate's ship folder, which every consumer
/// copies from: bin/, the publish folder and referencing projects (PreserveNewest), the package (NuGet
/// repacks when an input is newer) and the Native AOT link (relinks when an input is newer). The plain, PGO
/// and checked-in-profile builds of a crate come from different cargo folders, and a file switched back to
/// is older than the copy already shipped, so no timestamp of cargo's files can decide a copy. Here a
/// shipped copy gets a new timestamp exactly when its content changes from what it was, or from what the
/// crate shipped last anywhere (another RID or configuration, whose consumers may share a folder with this
/// one's): every consumer then sees a newer file exactly when it may hold another variant.
/// </summary>
public sealed class ShipRustLibraries : RustPgoTask
{
    private const string StampKind = "shipped libraries";
    private const string LogKind = "last shipped libraries";

    /// <summary>The shipped stage's items (ResolveRustStage).</summary>
    [Required] public ITaskItem[] StageCrates { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Where each crate's last shipped content is kept across RIDs and configurations (obj/rust/shipped/).</summary>
    [Required] public string ShippedLogDirectory { get; set; } = "";

    protected override bool ExecuteCore()
    {
        foreach (var crate in StageCrates)
        {
            var record = CargoBuildRecord.Read(crate.GetMetadata(StageItem.BuildRecord));
            var expected = crate.GetMetadata(StageItem.LibraryFileName);
            if (!string.Equals(Path.GetFileName(record.DynamicLibrary), expected, StringComparison.Ordinal))
            {
                Coded.Error(Codes.ShippedFilesUnexpected,
                    $"cargo built {record.DynamicLibrary} for the crate {record.Package}, but this build had planned its copies for {expected}, the name Cargo.toml gives it; nothing of the crate was shipped. Build again; if this repeats, please report it with the crate's Cargo.toml.",
                    crate.ItemSpec);
                continue;
            }
            Ship(crate.GetMetadata(StageItem.ShipDirectory), record.OutputFiles.ToList(),
                Path.Combine(ShippedLogDirectory, crate.GetMetadata(StageItem.CrateKey) + ".txt"));
        }
        return !Log.HasLoggedErrors;
    }

    private void Ship(string shipDirectory, IReadOnlyList<string> files, string logPath)
    {
        var stampPath = Path.Combine(shipDirectory, "shipped.txt");
        var stamp = ReadMap(stampPath, StampKind);
        var log = ReadMap(logPath, LogKind);
        var newStamp = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var newLog = new SortedDictionary<string, string>(log, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var copy = Path.Combine(shipDirectory, name);
            var identity = FileIdentity.Of(file);
            var known = stamp.TryGetValue(name, out var line) ? Split(line) : default;
            var content = known.Identity == identity && known.Content != null ? known.Content : Digest.OfFile(file);
            if (content != known.Content || !File.Exists(copy))
            {
                CopyAsNew(file, copy);
                Log.LogMessage(MessageImportance.Low, "RustPgo: shipped {0} -> {1}", file, copy);
            }
            else if (!log.TryGetValue(name, out var last) || last != content)
            {
                // Another RID or configuration shipped something else since: this copy must look newer.
                File.SetLastWriteTimeUtc(copy, DateTime.UtcNow);
            }
            newStamp[name] = identity + "\t" + content;
            newLog[name] = content;
        }
        foreach (var stale in Directory.GetFiles(shipDirectory).Where(f => f != stampPath && !newStamp.ContainsKey(Path.GetFileName(f))))
            File.Delete(stale);
        WriteMapWhenChanged(stampPath, StampKind, newStamp);
        WriteMapWhenChanged(logPath, LogKind, newLog);
    }

    /// <summary>Copies through a temporary sibling stamped now: consumers comparing times see a newer file.</summary>
    private static void CopyAsNew(string source, string destination)
    {
        var temp = AtomicFile.TempSibling(destination);
        File.Copy(source, temp, overwrite: true);
        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow);
        AtomicFile.Replace(temp, destination);
    }

    private static (string? Identity, string? Content) Split(string line)
    {
        var tab = line.LastIndexOf('\t');
        return tab < 0 ? default : (line.Substring(0, tab), line.Substring(tab + 1));
    }

    /// <summary>File name → value of the `file` lines (`name TAB value`); a later line wins.</summary>
    private static Dictionary<string, string> ReadMap(string path, string kind)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in StateFile.TryRead(path, kind) ?? new List<KeyValuePair<string, string>>())
        {
            var tab = entry.Value.IndexOf('\t');
            if (entry.Key == "file" && tab >= 0)
                map[entry.Value.Substring(0, tab)] = entry.Value.Substring(tab + 1);
        }
        return map;
    }

    private static void WriteMapWhenChanged(string path, string kind, SortedDictionary<string, string> map) =>
        StateFile.WriteWhenChanged(path, kind, map.Select(pair => new KeyValuePair<string, string>("file", pair.Key + "\t" + pair.Value)));
}
