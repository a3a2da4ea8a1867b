using System;
using System.IO;
using RustPgo.ProfData;

namespace RustPgo.Tool;

/// <summary><c>rustpgo merge|show</c>: the llvm-profdata subcommands the SDK needs, with its flags and output shape.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var code = Run(args, Console.Out, Console.Error);
        if (Environment.GetEnvironmentVariable("RUSTPGO_TIMING") == "1")
        {
            // The kernel's high-water mark of this process's resident memory (VmHWM on Linux), for the benchmark and
            // the hostile-input tests' memory bounds.
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            Console.Error.WriteLine(FormattableString.Invariant($"rustpgo: peak memory {self.PeakWorkingSet64 / 1048576.0:F0} MiB"));
        }
        return code;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "-help")
        {
            stderr.WriteLine("USAGE: rustpgo <merge|show> [args...]");
            stderr.WriteLine("  merge -o OUT [--weighted-input=W,FILE]... [--num-threads=N] [--indexed-version=12|13] [--failure-mode=any|all|warn] [--allow-mixed-builds] FILE|FOLDER...");
            stderr.WriteLine("      Raw profiles written by another build of a library than most of its raw profiles (RUSTPGO120) fail the");
            stderr.WriteLine("      merge; with --failure-mode=all|warn they are left out with a warning; --allow-mixed-builds merges them.");
            stderr.WriteLine("  show [--all-functions] [--counts] [--ic-targets] [--memop-sizes] [--topn=N] [--function=NAME] [--demangle] FILE");
            stderr.WriteLine("  show --fit TODAY [--topn=N] [--demangle] [-o OUT] PROFILE");
            stderr.WriteLine("      How well PROFILE fits today's build: its functions with data, changed (hash differs) or without data, the");
            stderr.WriteLine("      share of its counts on unchanged functions, a verdict and the hottest changed functions. TODAY: today's");
            stderr.WriteLine("      instrumented library (64-bit ELF) or a raw profile from any run of it. Exit code 0 whatever the fit.");
            return args.Length == 0 ? 1 : 0;
        }
        var rest = new ArraySegment<string>(args, 1, args.Length - 1);
        try
        {
            return args[0] switch
            {
                "merge" => MergeCommand.Run(rest, stdout, stderr),
                "show" => ShowCommand.Run(rest, stdout),
                _ => Fail(stderr, $"unknown command '{args[0]}' (expected merge or show)"),
            };
        }
        catch (UsageException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (ProfileFormatException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (IOException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(stderr, e.Message);
        }
    }

    internal static int Fail(TextWriter stderr, string message)
    {
        // Messages can quote a file name or a function name from a profile: no control character reaches the terminal.
        stderr.WriteLine("rustpgo: error: " + NameText.Escape(message));
        return 1;
    }
}
