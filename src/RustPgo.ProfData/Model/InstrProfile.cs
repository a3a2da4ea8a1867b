using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>The records of a profile, in file order, plus what is carried beside them.</summary>
public class InstrProfile
{
    public InstrProfile(ProfileVariant variant, IReadOnlyList<ProfileRecord> records, IReadOnlyList<byte[]> binaryIds)
    {
        Variant = variant;
        Records = records;
        BinaryIds = binaryIds;
    }

    /// <summary>Variant flags (bit 56 = IR instrumentation, which rustc always sets).</summary>
    public ProfileVariant Variant { get; }

    public bool IsIrLevel => (Variant & ProfileVariant.IrInstrumentation) != 0;

    public IReadOnlyList<ProfileRecord> Records { get; }

    /// <summary>Build ids of the instrumented binaries, as llvm-profdata carries them.</summary>
    public IReadOnlyList<byte[]> BinaryIds { get; }
}

/// <summary>A <c>.profraw</c> file as read by <see cref="RawProfileReader"/>.</summary>
public sealed class RawProfile : InstrProfile
{
    public RawProfile(ProfileVariant variant, IReadOnlyList<ProfileRecord> records, IReadOnlyList<byte[]> binaryIds, int pointerSize, bool isBigEndian, int profileCount)
        : base(variant, records, binaryIds)
    {
        PointerSize = pointerSize;
        IsBigEndian = isBigEndian;
        ProfileCount = profileCount;
    }

    /// <summary>Raw format version (always 10 when reading succeeded).</summary>
    public int Version => RawProfileReader.SupportedVersion;

    /// <summary>8 for 64-bit producers, 4 for 32-bit ones.</summary>
    public int PointerSize { get; }

    public bool IsBigEndian { get; }

    /// <summary>How many concatenated profiles the file held.</summary>
    public int ProfileCount { get; }
}

/// <summary>A <c>.profdata</c> file as read by <see cref="IndexedProfileReader"/>.</summary>
public sealed class IndexedProfile : InstrProfile
{
    public IndexedProfile(int version, ProfileVariant variant, IReadOnlyList<ProfileRecord> records, IReadOnlyList<byte[]> binaryIds, ProfileSummary summary, ProfileSummary? contextSensitiveSummary)
        : base(variant, records, binaryIds)
    {
        Version = version;
        Summary = summary;
        ContextSensitiveSummary = contextSensitiveSummary;
    }

    /// <summary>Indexed format version (12 or 13 from llvm-profdata 19–22).</summary>
    public int Version { get; }

    /// <summary>The summary stored in the file.</summary>
    public ProfileSummary Summary { get; }

    public ProfileSummary? ContextSensitiveSummary { get; }
}
