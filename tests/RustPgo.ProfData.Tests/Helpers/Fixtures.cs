using System.Text;

namespace RustPgo.ProfData.Tests.Helpers;

/// <summary>Paths to the checked-in golden files (copied next to the test assembly).</summary>
internal static class Fixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static readonly string[] RawProfiles =
    {
        "math.profraw", "shapes.profraw", "copy.profraw", "all.profraw", "never.profraw", "variant.profraw",
    };

    public static readonly string[] IndexedProfiles =
    {
        "merged.profdata", "weighted.profdata", "mixed.profdata", "variant.profdata", "single.profdata", "v12.profdata",
    };

    /// <summary>Runs the rustpgo CLI in-process; returns exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunTool(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = RustPgo.Tool.Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static readonly string TempRoot = CreateTempRoot();

    /// <summary>A fresh folder under one per-run root that is deleted when the test process exits.</summary>
    public static string TempDirectory()
    {
        var path = Path.Combine(TempRoot, Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    private static string CreateTempRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "rustpgo-tests-" + Environment.ProcessId);
        System.IO.Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return root;
    }
}
