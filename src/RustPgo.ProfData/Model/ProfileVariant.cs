using System;

namespace RustPgo.ProfData;

/// <summary>Variant bits kept in the high half of a profile's version word.</summary>
[Flags]
public enum ProfileVariant : ulong
{
    None = 0,
    LoopEntries = 1UL << 55,
    IrInstrumentation = 1UL << 56,
    ContextSensitive = 1UL << 57,
    InstrumentEntry = 1UL << 58,
    DebugInfoCorrelation = 1UL << 59,
    SingleByteCoverage = 1UL << 60,
    FunctionEntryOnly = 1UL << 61,
    MemProf = 1UL << 62,
    TemporalProfile = 1UL << 63,
}

internal static class VersionWord
{
    public const ulong VariantMask = 0xffffffff00000000UL;

    public static ulong Number(ulong word) => word & ~VariantMask;

    public static ProfileVariant Variant(ulong word) => (ProfileVariant)(word & VariantMask);
}
