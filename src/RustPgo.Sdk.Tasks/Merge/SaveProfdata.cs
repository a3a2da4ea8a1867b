using Microsoft.Build.Framework;
using RustPgo.ProfData;

namespace RustPgo.Sdk.Tasks.Merge;

/// <summary>
/// Copies the merged profile to RustPgoProfdataOutput (a profile to check in) through a temporary file
/// beside it and a rename: a cancelled or failed build never leaves half a profile there.
/// </summary>
public sealed class SaveProfdata : Diagnostics.RustPgoTask
{
    [Required] public string Source { get; set; } = "";
    [Required] public string Destination { get; set; } = "";

    protected override bool ExecuteCore()
    {
        AtomicFile.Copy(Source, Destination);
        Log.LogMessage(MessageImportance.High, "  RustPgo: profile saved to {0}", Destination);
        return true;
    }
}
