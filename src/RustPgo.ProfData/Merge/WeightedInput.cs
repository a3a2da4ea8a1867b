using System;

namespace RustPgo.ProfData;

/// <summary>A profile file and the integer weight its counts are multiplied by.</summary>
public sealed class WeightedInput
{
    public WeightedInput(string path, ulong weight = 1)
    {
        if (weight == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), "weight must be a positive integer");
        }
        Path = path;
        Weight = weight;
    }

    public string Path { get; }

    public ulong Weight { get; }
}
