using System;
using System.Collections.Generic;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>What one `cargo build` of a crate is asked to do.</summary>
internal sealed record CargoBuildSettings
{
    public required string ManifestPath { get; init; }

    /// <summary>The cargo profile: `release`, `dev` or one of the crate's custom profiles.</summary>
    public required string Profile { get; init; }

    /// <summary>`--target`; null builds for the host the way a plain `cargo build` does.</summary>
    public string? TargetTriple { get; init; }

    public required string TargetDirectory { get; init; }
    public string Features { get; init; } = "";
    public bool NoDefaultFeatures { get; init; }
    public bool AllFeatures { get; init; }
    public IReadOnlyList<string> ExtraArguments { get; init; } = Array.Empty<string>();
}

internal static class CargoArguments
{
    /// <summary>The arguments of `cargo build` for <paramref name="settings"/>.</summary>
    public static List<string> ForBuild(CargoBuildSettings settings)
    {
        var arguments = new List<string>
        {
            "build",
            "--lib",
            "--manifest-path", settings.ManifestPath,
            "--profile", settings.Profile,
            "--target-dir", settings.TargetDirectory,
            "--message-format=json",
            "--color", "never",
        };
        if (!string.IsNullOrWhiteSpace(settings.TargetTriple))
            arguments.AddRange(new[] { "--target", settings.TargetTriple! });
        arguments.AddRange(ForFeatures(settings.Features, settings.NoDefaultFeatures, settings.AllFeatures));
        arguments.AddRange(settings.ExtraArguments);
        return arguments;
    }

    /// <summary>The feature selection of a crate, for `cargo build` and for cargo-side trainings alike.</summary>
    public static IEnumerable<string> ForFeatures(string features, bool noDefaultFeatures, bool allFeatures)
    {
        if (allFeatures)
            yield return "--all-features";
        if (noDefaultFeatures)
            yield return "--no-default-features";
        var normalized = NormalizeFeatures(features);
        if (normalized.Length > 0)
        {
            yield return "--features";
            yield return normalized;
        }
    }

    /// <summary>Features as MSBuild users write them (`a;b`, `a,b` or `a b`) in cargo's comma form.</summary>
    public static string NormalizeFeatures(string features) =>
        string.Join(",", features.Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Splits extra arguments written in one MSBuild string the way a shell would (quotes group).</summary>
    public static List<string> SplitArguments(string text)
    {
        var result = new List<string>();
        var current = new System.Text.StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote != null)
            {
                if (c == quote)
                    quote = null;
                else
                    current.Append(c);
                continue;
            }
            if (c == '"' || c == '\'')
            {
                quote = c;
                inWord = true;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    result.Add(current.ToString());
                current.Clear();
                inWord = false;
                continue;
            }
            current.Append(c);
            inWord = true;
        }
        if (inWord)
            result.Add(current.ToString());
        return result;
    }
}
