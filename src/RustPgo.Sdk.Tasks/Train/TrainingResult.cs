using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Train;

/// <summary>One raw profile a training wrote: which training, with what weight, for which crate's library.</summary>
internal sealed record TrainedRawProfile(string Path, int Training, string TrainingName, ulong Weight, string CrateKey, string Package)
{
    /// <summary>The one-line form the state files keep it in (the path last: it may hold any other character).</summary>
    public string ToStateValue() => string.Join("|", Training, Weight, CrateKey, Package, TrainingName.Replace("|", "/"), Path);

    public static TrainedRawProfile FromStateValue(string value)
    {
        var f = value.Split(new[] { '|' }, 6);
        return new TrainedRawProfile(f[5], int.Parse(f[0]), f[4], ulong.Parse(f[1]), f[2], f[3]);
    }
}

/// <summary>
/// The raw profiles of the last training (`pgo/raw-profiles.txt`): written by RustPgoTrain as its last act
/// (its Outputs), read by the merge.
/// </summary>
internal static class TrainingResult
{
    private const string Kind = "training result";

    public static void Write(string path, IReadOnlyList<TrainedRawProfile> profiles) =>
        StateFile.Write(path, Kind, profiles.Select(p => new KeyValuePair<string, string>("raw-profile", p.ToStateValue())));

    /// <summary>The raw profiles of the result at <paramref name="path"/>, or null when there is none.</summary>
    public static IReadOnlyList<TrainedRawProfile>? TryRead(string path) =>
        StateFile.TryRead(path, Kind)?.Where(e => e.Key == "raw-profile").Select(e => TrainedRawProfile.FromStateValue(e.Value)).ToList();

    public static IReadOnlyList<TrainedRawProfile> Read(string path) =>
        StateFile.Read(path, Kind, "RustPgoTrain").Where(e => e.Key == "raw-profile").Select(e => TrainedRawProfile.FromStateValue(e.Value)).ToList();
}
