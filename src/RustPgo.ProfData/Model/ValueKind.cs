namespace RustPgo.ProfData;

/// <summary>Value-profile kinds, numbered as in LLVM's InstrProfData.inc.</summary>
public enum ValueKind
{
    IndirectCallTarget = 0,
    MemOpSize = 1,
    VTableTarget = 2,
}

internal static class ValueKinds
{
    public const int Count = 3;
}
