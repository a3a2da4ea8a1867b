using System.Linq;
using System.Text.RegularExpressions;

namespace RustPgo.Sdk.Tests.Infrastructure;

public static class Logs
{
    /// <summary>How many times the CargoBuild task reported a finished cargo build of <paramref name="crate"/>.</summary>
    public static int CargoBuildLines(string log, string crate) =>
        log.Split('\n').Count(line => Regex.IsMatch(line, $@"(^|[\s>]){Regex.Escape(crate)} \([^)]*\) -> .*\[[\d.,]+s\](\s*\(TaskId:\d+\))?\s*$"));

    /// <summary>cargo's own "Compiling crate v0.1.0" lines (logged at low importance: -v:diag).</summary>
    public static int CompilingLines(string log, string crate) =>
        log.Split('\n').Count(line => Regex.IsMatch(line, $@"\bCompiling {Regex.Escape(crate)} v\d"));
}
