using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace RustPgo.ProfData;

/// <summary>Raw profiles written by one instrumented binary: the same data records (see <see cref="ProfileMerger.MergeFiles"/>).</summary>
public sealed class RawBuild
{
    internal RawBuild(string identity, string? binaryId, int functions, IReadOnlyList<string> files)
    {
        Identity = identity;
        BinaryId = binaryId;
        Functions = functions;
        Files = files;
    }

    /// <summary>The first 12 hex digits of the SHA-256 over the sorted (NameRef, hash, counter count) of its records.</summary>
    public string Identity { get; }

    /// <summary>The binary id (hex) of its first file, when the binary wrote one.</summary>
    public string? BinaryId { get; }

    /// <summary>Its instrumented functions (distinct names).</summary>
    public int Functions { get; }

    /// <summary>Its input files, in input order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>"build 0123456789ab" plus the binary id when there is one.</summary>
    public override string ToString() => "build " + Identity + (BinaryId == null ? "" : ", binary id " + BinaryId);
}

/// <summary>
/// Raw profiles of one library written by another instrumented binary than the one most inputs come from (RUSTPGO120):
/// merging them would mix stale counts into the profile.
/// </summary>
public sealed class OtherBuild
{
    public const string Code = "RUSTPGO120";

    /// <summary>How many file names a message lists before "and N more".</summary>
    internal const int FilesNamed = 3;

    internal OtherBuild(RawBuild build, RawBuild differsFrom, int changed, int added, int removed)
    {
        Build = build;
        DiffersFrom = differsFrom;
        ChangedFunctions = changed;
        AddedFunctions = added;
        RemovedFunctions = removed;
    }

    /// <summary>The odd build: these files are the ones to leave out.</summary>
    public RawBuild Build { get; }

    /// <summary>The library's build: the one with the most files (ties: the one whose newest file is newest).</summary>
    public RawBuild DiffersFrom { get; }

    /// <summary>Functions (names) in both builds with another hash or counter count.</summary>
    public int ChangedFunctions { get; }

    /// <summary>Functions only in <see cref="Build"/>.</summary>
    public int AddedFunctions { get; }

    /// <summary>Functions only in <see cref="DiffersFrom"/>.</summary>
    public int RemovedFunctions { get; }

    /// <summary>
    /// What happened, without the code and without what to do (callers add their own fix), file names unescaped:
    /// pass the line through <see cref="NameText.Escape"/> to print it.
    /// </summary>
    public string Description
    {
        get
        {
            var files = Build.Files.Count;
            return $"{Plural(files, "raw profile")} from another build of the same library: {FileList(Build.Files)} ({Build}) "
                + $"{(files == 1 ? "differs" : "differ")} from the build of {Plural(DiffersFrom.Files.Count, "raw profile")} {FileList(DiffersFrom.Files)} ({DiffersFrom}): "
                + $"{Plural(ChangedFunctions, "function")} changed, {AddedFunctions.ToString(CultureInfo.InvariantCulture)} added, {RemovedFunctions.ToString(CultureInfo.InvariantCulture)} removed";
        }
    }

    public override string ToString() => Code + ": " + Description;

    /// <summary>The first few names, then "and N more".</summary>
    internal static string FileList(IReadOnlyList<string> files)
    {
        var text = new StringBuilder();
        for (var i = 0; i < files.Count && i < FilesNamed; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(files[i]);
        }
        if (files.Count > FilesNamed)
        {
            text.Append(" and ").Append((files.Count - FilesNamed).ToString(CultureInfo.InvariantCulture)).Append(" more");
        }
        return text.ToString();
    }

    private static string Plural(int count, string noun) => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");
}

/// <summary>
/// Thrown by <see cref="ProfileMerger.MergeFiles"/> (build check on, <see cref="MergeFailureMode.Any"/>) when raw inputs come
/// from several builds of one library; nothing was merged.
/// </summary>
public sealed class MixedBuildsException : Exception
{
    public MixedBuildsException(IReadOnlyList<OtherBuild> otherBuilds)
        : base(OtherBuild.Code + ": " + (otherBuilds.Count == 0 ? "" : otherBuilds[0].Description))
    {
        OtherBuilds = otherBuilds;
    }

    /// <summary>One entry per odd build, in the order of their first input.</summary>
    public IReadOnlyList<OtherBuild> OtherBuilds { get; }
}
