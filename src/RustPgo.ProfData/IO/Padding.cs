namespace RustPgo.ProfData;

internal static class Padding
{
    /// <summary>Bytes needed to round <paramref name="size"/> up to a multiple of 8.</summary>
    public static long To8(long size) => (8 - (size & 7)) & 7;

    public static long AlignUp8(long size) => size + To8(size);
}
