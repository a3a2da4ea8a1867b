using System.Linq;
using System.Text.RegularExpressions;

namespace RustPgo.Sdk.Tests.Infrastructure;

public static class Logs
{
    /// <summary>How many times the CargoBuild task reported a finished cargo build of <paramref name="crate"/>.</summary>
    public static int CargoBuildLines(string log, string crate) =>
        log.Split('\n').Count(line => Regex.IsMatch(line, $@"(^|[\s>]){Regex.Escape(crate)} \([^)]*\) -> .*\[[\d.,]+s\](\s*\(TaskId:\d+\))?\s*$"));

    /// <summary>How many times a build asked cargo about <paramref name="crate"/> and cargo found it fresh (logged at normal importance: -v:n).</summary>
    public static int UpToDateLines(string log, string crate) =>
        log.Split('\n').Count(line => Regex.IsMatch(line, $@"(^|\s){Regex.Escape(crate)} \([^)]*\): up to date, cargo says"));

    /// <summary>cargo's own "Compiling crate v0.1.0" lines (logged at low importance: -v:diag).</summary>
    public static int CompilingLines(string log, string crate) =>
        log.Split('\n').Count(line => Regex.IsMatch(line, $@"\bCompiling {Regex.Escape(crate)} v\d"));
}
