using System;
using System.Collections.Generic;
using System.IO;
using RustPgo.ProfData;

namespace RustPgo.Tool;

/// <summary>
/// <c>rustpgo show</c>: the text report of <c>llvm-profdata show</c> (LLVM 22 layout) for raw or indexed input, or with
/// <c>--fit TODAY</c> how well the profile fits today's instrumented build (<see cref="FitReport"/>).
/// </summary>
internal static class ShowCommand
{
    private static readonly HashSet<string> ValueOptions = new HashSet<string> { "topn", "function", "o", "output", "fit" };

    public static int Run(IReadOnlyList<string> args, TextWriter stdout)
    {
        var line = new CommandLine(args, ValueOptions);
        var options = new ShowOptions
        {
            AllFunctions = line.Flag("all-functions"),
            Counts = line.Flag("counts"),
            IndirectCallTargets = line.Flag("ic-targets"),
            MemOpSizes = line.Flag("memop-sizes"),
            ShowContextSensitive = line.Flag("showcs"),
            Demangle = line.Flag("demangle"),
            TopN = (int)CommandLine.ParseUnsigned(line.Value("topn") ?? "0", "--topn"),
            Function = line.Value("function"),
        };
        var outputFile = line.Value("output", "o");
        var today = line.Value("fit");
        line.Flag("instr");
        line.RejectUnknown();
        if (line.Positionals.Count != 1)
        {
            throw new UsageException("show needs exactly one profile file");
        }

        Action<TextWriter> write;
        if (today != null)
        {
            // What describes today's build first: an unreadable one is the likelier mistake, and the report needs both.
            var functions = InstrumentedFunctions.Read(today);
            var fit = ProfileFit.Compute(functions, ProfileFile.Read(line.Positionals[0]));
            write = writer => new FitReport(fit, options, writer).Write();
        }
        else
        {
            var profile = ProfileFile.Read(line.Positionals[0]);
            write = writer => new ShowReport(profile, options, writer).Write();
        }
        if (outputFile == null)
        {
            write(stdout);
            return 0;
        }
        // Through a temporary file and a rename, as merge writes: a failed or interrupted show leaves the old file.
        AtomicFile.WriteText(outputFile, write);
        return 0;
    }
}

internal sealed class ShowOptions
{
    public bool AllFunctions;
    public bool Counts;
    public bool IndirectCallTargets;
    public bool MemOpSizes;
    public bool ShowContextSensitive;
    public bool Demangle;
    public int TopN;
    public string? Function;
}
