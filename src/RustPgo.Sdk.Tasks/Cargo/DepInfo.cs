namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>
/// Reads the Makefile-style dep-info (`.d`) file cargo writes beside an artifact: `target: dep dep …`,
/// with `\ ` for a space in a path, `\\` for a backslash and `\` + newline to continue a line.
/// </summary>
internal static class DepInfo
{
    /// <summary>The dependencies cargo recorded for <paramref name="artifact"/> (in the `.d` file beside it), or none.</summary>
    public static IReadOnlyList<string> Of(string artifact)
    {
        var path = Path.Combine(Path.GetDirectoryName(artifact)!, Path.GetFileNameWithoutExtension(artifact) + ".d");
        return File.Exists(path) ? ParseDependencies(File.ReadAllText(path)) : Array.Empty<string>();
    }

    public static IReadOnlyList<string> ParseDependencies(string text)
    {
        var dependencies = new List<string>();
        var current = new StringBuilder();
        var afterTargetColon = false;

        void EndWord()
        {
            if (current.Length == 0)
                return;
            if (afterTargetColon)
                dependencies.Add(current.ToString());
            current.Clear();
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                if (next == ' ' || next == '\\' || next == '#' || next == ':')
                {
                    current.Append(next);
                    i++;
                    continue;
                }
                if (next == '\n' || next == '\r')
                {
                    EndWord();
                    i++;
                    continue;
                }
            }

            if (c == ':' && !afterTargetColon && IsTargetSeparator(text, i))
            {
                current.Clear();
                afterTargetColon = true;
                continue;
            }

            if (c == '\n')
            {
                EndWord();
                // Only the first rule lists the artifact's dependencies; the rest are `dep:` stubs.
                if (afterTargetColon)
                    break;
                continue;
            }

            if (c == ' ' || c == '\t' || c == '\r')
            {
                EndWord();
                continue;
            }
            current.Append(c);
        }
        EndWord();
        return dependencies;
    }

    // A colon followed by whitespace or the end ends the target; `C:\…` in a Windows path does not.
    private static bool IsTargetSeparator(string text, int i) =>
        i + 1 >= text.Length || text[i + 1] == ' ' || text[i + 1] == '\n' || text[i + 1] == '\r' || text[i + 1] == '\t';
}
