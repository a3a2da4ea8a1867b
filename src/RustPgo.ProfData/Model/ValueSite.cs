using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>The values profiled at one site (one indirect call or one memory intrinsic).</summary>
public sealed class ValueSite
{
    internal List<InstrProfValue> Items;

    public ValueSite(IEnumerable<InstrProfValue> values)
    {
        Items = new List<InstrProfValue>(values);
    }

    internal ValueSite(List<InstrProfValue> items)
    {
        Items = items;
    }

    public IReadOnlyList<InstrProfValue> Values => Items;

    internal ValueSite Clone() => new ValueSite(new List<InstrProfValue>(Items));
}
