using Microsoft.Build.Utilities;

namespace RustPgo.Sdk.Tasks.Diagnostics;

/// <summary>
/// The base of every task of the SDK: a failure ends as one coded error, never as MSBuild's MSB4018 stack
/// trace. Causes the user can fix arrive as <see cref="RustPgoException"/>; file-system failures get
/// RUSTPGO012; anything else is a defect of the SDK, reported as RUSTPGO900 with its stack.
/// </summary>
public abstract class RustPgoTask : Task
{
    protected RustPgoTask() => Coded = new CodedLog(Log, () => ProjectFullPath.Length > 0 ? ProjectFullPath : null);

    /// <summary>The project being built ($(MSBuildProjectFullPath)): where an error that names no file of its own is reported.</summary>
    public string ProjectFullPath { get; set; } = "";

    /// <summary>The coded errors and warnings: one line each, at a file of the user's.</summary>
    internal CodedLog Coded { get; }

    public sealed override bool Execute()
    {
        try
        {
            return ExecuteCore() && !Log.HasLoggedErrors;
        }
        catch (RustPgoException e)
        {
            Coded.Error(e.Code, e.Message, e.File, e.Detail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Coded.Error(Codes.FileSystemError, $"{GetType().Name}: {e.Message} Check the folder's permissions and free space.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Coded.Error(Codes.InternalError, $"{GetType().Name} failed unexpectedly ({e.GetType().Name}: {e.Message}); please report this with the build log.", detail: e.ToString());
        }
        return false;
    }

    /// <summary>The task's work; false (or a logged error) fails the build.</summary>
    protected abstract bool ExecuteCore();
}
