using RustPgo.ProfData;

namespace RustPgo.Sdk.Tasks.Optimize;

/// <summary>
/// (name, hash) keys from raw profiles, hashed with the library's per-process key: on .NET Framework (Visual Studio's
/// MSBuild) a tuple's hash is the same in every process, and crafted names or hashes could make this set quadratic.
/// </summary>
internal sealed class FunctionKeyComparer : IEqualityComparer<(string Name, ulong Hash)>
{
    public static readonly FunctionKeyComparer Instance = new();

    public bool Equals((string Name, ulong Hash) x, (string Name, ulong Hash) y) =>
        x.Hash == y.Hash && string.Equals(x.Name, y.Name, StringComparison.Ordinal);

    public int GetHashCode((string Name, ulong Hash) key) =>
        KeyedStringComparer.Instance.GetHashCode(key.Name) ^ KeyedUInt64Comparer.Instance.GetHashCode(key.Hash) * 31;
}
