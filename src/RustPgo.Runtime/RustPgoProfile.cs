using System;
using RustPgo.Interop;

namespace RustPgo;

/// <summary>
/// The raw profile of an instrumented Rust library (one RustPgo.Sdk built with <c>RustPgoInstrumented=true</c>)
/// loaded into this process. Every call is a no-op returning false for a library that is not loaded or not
/// instrumented, so the calls can stay in the release build.
/// </summary>
public static class RustPgoProfile
{
    /// <summary>
    /// Writes the library's raw profile now, where LLVM_PROFILE_FILE (or the library's default) says:
    /// for a process that may never exit normally. Returns true when it was written.
    /// </summary>
    /// <param name="library">The library as a P/Invoke names it (<c>"fastmath"</c>), its file name (<c>"libfastmath.so"</c>) or its path.</param>
    public static bool Write(string library) => InstrumentedLibrary.Call(Check(library), InstrumentedLibrary.WriteExport);

    /// <summary>Zeroes the library's counters (to profile one phase of the process). Returns true when they were reset.</summary>
    /// <param name="library">The library as a P/Invoke names it, its file name or its path.</param>
    public static bool Reset(string library) => InstrumentedLibrary.Call(Check(library), InstrumentedLibrary.ResetExport);

    private static string Check(string library)
    {
        if (library == null)
            throw new ArgumentNullException(nameof(library));
        if (library.Trim().Length == 0)
            throw new ArgumentException("Name the library, as its P/Invoke does.", nameof(library));
        return library.Trim();
    }
}
