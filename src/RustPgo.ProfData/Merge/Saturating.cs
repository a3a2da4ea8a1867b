namespace RustPgo.ProfData;

/// <summary>LLVM's saturating arithmetic (llvm/Support/MathExtras.h) and the counter ceiling.</summary>
internal static class Saturating
{
    /// <summary>Counters never exceed 2^64 − 3: the two values above are pseudo-count markers.</summary>
    public const ulong MaxCounter = ulong.MaxValue - 2;

    /// <summary>x + y, or 2^64 − 1 when it would not fit.</summary>
    public static ulong Add(ulong x, ulong y) => x > ulong.MaxValue - y ? ulong.MaxValue : x + y;

    public static ulong Multiply(ulong x, ulong y, ref bool overflowed)
    {
        if (x == 0 || y == 0)
        {
            return 0;
        }
        if (x > ulong.MaxValue / y)
        {
            overflowed = true;
            return ulong.MaxValue;
        }
        return x * y;
    }

    public static ulong MultiplyAdd(ulong x, ulong y, ulong addend, ref bool overflowed)
    {
        var product = Multiply(x, y, ref overflowed);
        if (overflowed)
        {
            return product;
        }
        var sum = unchecked(product + addend);
        if (sum < product)
        {
            overflowed = true;
            return ulong.MaxValue;
        }
        return sum;
    }
}
