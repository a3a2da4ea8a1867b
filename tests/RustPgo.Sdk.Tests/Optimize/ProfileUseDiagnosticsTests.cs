using System.Collections.Generic;
using RustPgo.Sdk.Tasks.Optimize;
using Xunit;

namespace RustPgo.Sdk.Tests.Optimize;

public class ProfileUseDiagnosticsTests
{
    [Fact]
    public void Rustc_profile_warnings_are_sorted_into_stale_missing_and_unreadable()
    {
        var warnings = new List<string>
        {
            "vm.2da1e892dfb1034c-cgu.0: function control flow change detected (hash mismatch) sumsq Hash = 1063705159482881504 up to 11 count discarded",
            "vm.2da1e892dfb1034c-cgu.0: no profile data available for function newfn Hash = 382993475055910911 up to 0 count discarded",
            "/p/use/AB.profdata: invalid instrumentation profile data (bad magic)",
            "something unrelated",
        };
        var sorted = new ProfileUseDiagnostics(warnings, "/p/use/AB.profdata");
        Assert.Equal(new[] { "sumsq" }, sorted.Mismatched);
        Assert.Equal(new[] { "newfn" }, sorted.Missing);
        Assert.Single(sorted.Unreadable);
        Assert.Equal(new[] { "something unrelated" }, sorted.Other);
    }
}
