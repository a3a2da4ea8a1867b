using Microsoft.Build.Utilities;

namespace RustPgo.Sdk.Tasks.Diagnostics;

/// <summary>
/// The base of every task of the SDK: a failure ends as one coded error, never as MSBuild's MSB4018 stack
/// trace. Causes the user can fix arrive as <see cref="RustPgoException"/>; file-system failures get
/// RUSTPGO012; anything else is a defect of the SDK, reported as RUSTPGO900 with its stack.
/// </summary>
public abstract class RustPgoTask : Task
{
    public sealed override bool Execute()
    {
        try
        {
            return ExecuteCore() && !Log.HasLoggedErrors;
        }
        catch (RustPgoException e)
        {
            Log.Error(e.Code, e.Message, e.File);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error(Codes.FileSystemError, $"{GetType().Name}: {e.Message}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.Error(Codes.InternalError, $"{GetType().Name} failed unexpectedly; please report this with the build log. {e}");
        }
        return false;
    }

    /// <summary>The task's work; false (or a logged error) fails the build.</summary>
    protected abstract bool ExecuteCore();
}

internal static class LogExtensions
{
    public static void Error(this TaskLoggingHelper log, string code, string message, string? file = null) =>
        log.LogError(null, code, null, file, 0, 0, 0, 0, message);

    public static void Warning(this TaskLoggingHelper log, string code, string message, string? file = null) =>
        log.LogWarning(null, code, null, file, 0, 0, 0, 0, message);
}
