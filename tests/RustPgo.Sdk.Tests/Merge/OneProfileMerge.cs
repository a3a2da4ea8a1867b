using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Merge;
using RustPgo.Sdk.Tasks.Platform;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.Train;
using RustPgo.Sdk.Tests.Infrastructure;

namespace RustPgo.Sdk.Tests.Merge;

/// <summary>A MergePgoProfiles task over one (empty) raw profile of crate "calc", built by a stand-in toolchain in <c>folder</c>.</summary>
internal static class OneProfileMerge
{
    /// <param name="rustcContent">The file written as the rustc beside the stand-in cargo (a script, or anything that is not a program).</param>
    public static MergePgoProfiles Task(string folder, string rustcContent, IBuildEngine engine)
    {
        var toolchain = Path.Combine(folder, "toolchain");
        var cargo = Projects.Write(Path.Combine(toolchain, ToolLocator.ExecutableName("cargo")), "not a program");
        Projects.WriteScript(Path.Combine(toolchain, ToolLocator.ExecutableName("rustc")), rustcContent);

        var raw = Projects.Write(Path.Combine(folder, "raw", "a.profraw"), "");
        var result = Path.Combine(folder, "raw-profiles.txt");
        TrainingResult.Write(result, new[] { new TrainedRawProfile(raw, 1, "app", 1, "calc-0000", "calc") });
        var crate = new TaskItem("calc");
        crate.SetMetadata(StageItem.CargoPath, cargo);
        crate.SetMetadata(StageItem.CrateDirectory, folder);
        return new MergePgoProfiles
        {
            BuildEngine = engine,
            TrainingResultFile = result,
            OutputFile = Path.Combine(folder, "merged.profdata"),
            MergeRecordFile = Path.Combine(folder, "merge.txt"),
            InstrumentedCrates = new ITaskItem[] { crate },
        };
    }
}
