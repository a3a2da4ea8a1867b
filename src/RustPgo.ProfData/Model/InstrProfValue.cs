namespace RustPgo.ProfData;

/// <summary>One profiled value at a value site (a callee's name MD5, or a memop size) and how often it occurred.</summary>
public readonly struct InstrProfValue
{
    public InstrProfValue(ulong value, ulong count)
    {
        Value = value;
        Count = count;
    }

    public ulong Value { get; }

    public ulong Count { get; }

    public override string ToString() => Value + ":" + Count;
}
