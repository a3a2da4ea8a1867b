using RustPgo.Sdk.Tasks.State;
using RustPgo.Sdk.Tasks.Train;

namespace RustPgo.Sdk.Tasks.Merge;

/// <summary>What a crate's own raw profiles hold: its functions, and those the training executed.</summary>
internal sealed record CrateProfileCounts(string CrateKey, string Package, int Functions, int Executed, int RawProfiles);

/// <summary>
/// What the last merge did (`pgo/merge.txt`): which merger, which raw profiles went in, and the function
/// counts of each crate's own raw profiles. Written by RustPgoMerge, read by the report.
/// </summary>
internal sealed record MergeRecord
{
    private const string Kind = "merge record";

    /// <summary>The llvm-profdata that merged, or "built-in".</summary>
    public string Merger { get; init; } = "";

    public IReadOnlyList<TrainedRawProfile> Merged { get; init; } = new List<TrainedRawProfile>();

    /// <summary>Per crate; absent for a crate whose raw profiles only llvm-profdata can read.</summary>
    public IReadOnlyList<CrateProfileCounts> Crates { get; init; } = new List<CrateProfileCounts>();

    public int Trainings => Merged.Select(p => p.Training).Distinct().Count();

    public void Write(string path)
    {
        var entries = new List<KeyValuePair<string, string>> { new("merger", Merger) };
        entries.AddRange(Merged.Select(p => new KeyValuePair<string, string>("merged", p.ToStateValue())));
        entries.AddRange(Crates.Select(c => new KeyValuePair<string, string>("crate",
            string.Join("|", c.CrateKey, c.Functions, c.Executed, c.RawProfiles, c.Package))));
        StateFile.Write(path, Kind, entries);
    }

    public static MergeRecord Read(string path)
    {
        var entries = StateFile.Read(path, Kind, "RustPgoMerge");
        return new MergeRecord
        {
            Merger = entries.Where(e => e.Key == "merger").Select(e => e.Value).FirstOrDefault() ?? "",
            Merged = entries.Where(e => e.Key == "merged").Select(e => TrainedRawProfile.FromStateValue(e.Value)).ToList(),
            Crates = entries.Where(e => e.Key == "crate").Select(e => e.Value.Split(new[] { '|' }, 5))
                .Select(f => new CrateProfileCounts(f[0], f[4], int.Parse(f[1]), int.Parse(f[2]), int.Parse(f[3]))).ToList(),
        };
    }
}
