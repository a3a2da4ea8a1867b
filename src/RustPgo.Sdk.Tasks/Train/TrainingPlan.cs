using RustPgo.Sdk.Tasks.State;

namespace RustPgo.Sdk.Tasks.Train;

internal enum WorkloadKind
{
    /// <summary>A .NET project (this app, another app, or a test project), built against the instrumented library.</summary>
    Project,

    /// <summary>Any command line, run through the shell.</summary>
    CommandLine,

    /// <summary>`cargo test|bench|run …` of a crate, built with the instrumented build's rustflags.</summary>
    Cargo,
}

/// <summary>One training workload, as the project defines it.</summary>
internal sealed record Workload
{
    public int Number { get; init; }
    public string Name { get; init; } = "";
    public WorkloadKind Kind { get; init; }

    /// <summary>Project: the project file. CommandLine: the command line. Cargo: the cargo command (`test`, `run --example x`).</summary>
    public string What { get; init; } = "";

    /// <summary>Arguments after the app (projects) or after `--` (cargo).</summary>
    public string Arguments { get; init; } = "";

    /// <summary>Cargo: the crate's Cargo.toml.</summary>
    public string Crate { get; init; } = "";

    public string WorkingDirectory { get; init; } = "";
    public ulong Weight { get; init; } = 1;

    /// <summary>Extra environment variables, `A=1;B=2`.</summary>
    public string Environment { get; init; } = "";

    /// <summary>How long the workload may run before it is ended with every process it started; 0: no limit.</summary>
    public double TimeoutSeconds { get; init; }

    public IEnumerable<KeyValuePair<string, string>> EnvironmentVariables() =>
        Environment.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split(new[] { '=' }, 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim().Length > 0)
            .Select(parts => new KeyValuePair<string, string>(parts[0].Trim(), parts[1]));

    /// <summary>How the report shows the workload's command.</summary>
    public string Describe() => Kind switch
    {
        WorkloadKind.Project => $"{Path.GetFileName(What)} {Arguments}".Trim(),
        WorkloadKind.Cargo => $"cargo {What} ({Crate}) {Arguments}".Trim(),
        _ => What,
    };
}

/// <summary>
/// The training workloads of a project (`pgo/trainings.txt`). Written only when the definitions change,
/// so its timestamp reruns RustPgoTrain exactly then; read by the trainings and by the report.
/// </summary>
internal static class TrainingPlan
{
    private const string Kind = "training plan";

    public static void WriteWhenChanged(string path, IReadOnlyList<Workload> workloads)
    {
        var entries = new List<KeyValuePair<string, string>>();
        foreach (var w in workloads)
        {
            entries.Add(new("workload", w.Number.ToString()));
            entries.Add(new("name", w.Name));
            entries.Add(new("kind", w.Kind.ToString()));
            entries.Add(new("what", w.What));
            entries.Add(new("arguments", w.Arguments));
            entries.Add(new("crate", w.Crate));
            entries.Add(new("working-directory", w.WorkingDirectory));
            entries.Add(new("weight", w.Weight.ToString()));
            entries.Add(new("environment", w.Environment));
            entries.Add(new("timeout", w.TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        StateFile.WriteWhenChanged(path, Kind, entries);
    }

    public static IReadOnlyList<Workload> Read(string path)
    {
        var workloads = new List<Workload>();
        Workload? current = null;
        foreach (var entry in StateFile.Read(path, Kind, "RustPgoTrain (its planning step)"))
        {
            if (entry.Key == "workload")
            {
                if (current != null)
                    workloads.Add(current);
                current = new Workload { Number = int.Parse(entry.Value) };
                continue;
            }
            current = entry.Key switch
            {
                "name" => current! with { Name = entry.Value },
                "kind" => current! with { Kind = (WorkloadKind)Enum.Parse(typeof(WorkloadKind), entry.Value) },
                "what" => current! with { What = entry.Value },
                "arguments" => current! with { Arguments = entry.Value },
                "crate" => current! with { Crate = entry.Value },
                "working-directory" => current! with { WorkingDirectory = entry.Value },
                "weight" => current! with { Weight = ulong.Parse(entry.Value) },
                "environment" => current! with { Environment = entry.Value },
                "timeout" => current! with { TimeoutSeconds = double.Parse(entry.Value, System.Globalization.CultureInfo.InvariantCulture) },
                _ => current,
            };
        }
        if (current != null)
            workloads.Add(current);
        return workloads;
    }
}
