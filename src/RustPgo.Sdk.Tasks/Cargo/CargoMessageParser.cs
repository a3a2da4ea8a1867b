using System.Text.Json;

namespace RustPgo.Sdk.Tasks.Cargo;

/// <summary>Parses the JSON lines of `cargo build --message-format=json`.</summary>
internal static class CargoMessageParser
{
    /// <summary>The message on this line, or null for lines that are not JSON or not of interest.</summary>
    public static CargoMessage? Parse(string line)
    {
        if (line.Length == 0 || line[0] != '{')
            return null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return String(root, "reason") switch
            {
                "compiler-artifact" => ParseArtifact(root),
                "compiler-message" => ParseDiagnostic(root),
                "build-finished" => new BuildFinished(root.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.True),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static CompilerArtifact ParseArtifact(JsonElement root)
    {
        var target = root.GetProperty("target");
        return new CompilerArtifact(
            String(root, "package_id") ?? "",
            String(root, "manifest_path") ?? "",
            String(target, "name") ?? "",
            Strings(target, "kind"),
            Strings(target, "crate_types"),
            String(target, "src_path") ?? "",
            Strings(root, "filenames"),
            root.TryGetProperty("fresh", out var fresh) && fresh.ValueKind == JsonValueKind.True);
    }

    private static CompilerDiagnostic ParseDiagnostic(JsonElement root)
    {
        var message = root.GetProperty("message");
        string? code = null;
        if (message.TryGetProperty("code", out var codeElement) && codeElement.ValueKind == JsonValueKind.Object)
            code = String(codeElement, "code");

        JsonElement? primary = null;
        if (message.TryGetProperty("spans", out var spans) && spans.ValueKind == JsonValueKind.Array)
        {
            var all = spans.EnumerateArray().ToList();
            primary = all.FirstOrDefault(s => s.TryGetProperty("is_primary", out var p) && p.ValueKind == JsonValueKind.True);
            if (primary.Value.ValueKind == JsonValueKind.Undefined)
                primary = all.Count > 0 ? all[0] : null;
        }

        return new CompilerDiagnostic(
            String(message, "level") ?? "error",
            code,
            String(message, "message") ?? "",
            primary is { } span ? String(span, "file_name") : null,
            primary is { } s1 ? Int(s1, "line_start") : 0,
            primary is { } s2 ? Int(s2, "column_start") : 0,
            primary is { } s3 ? Int(s3, "line_end") : 0,
            primary is { } s4 ? Int(s4, "column_end") : 0,
            String(message, "rendered") ?? "",
            String(root, "manifest_path") ?? "");
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private static IReadOnlyList<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : new List<string>();
}
