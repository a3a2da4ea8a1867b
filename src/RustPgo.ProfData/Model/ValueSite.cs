using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>The values profiled at one site (one indirect call or one memory intrinsic).</summary>
public sealed class ValueSite
{
    internal List<InstrProfValue> Items;

    /// <summary>
    /// The one site without values that the readers give every empty site (a byte in the file, so no more than a
    /// reference in memory). Never changed: a merge that adds values to it makes a new site.
    /// </summary>
    internal static readonly ValueSite Empty = new ValueSite(new List<InstrProfValue>(0));

    public ValueSite(IEnumerable<InstrProfValue> values)
    {
        Items = new List<InstrProfValue>(values);
    }

    internal ValueSite(List<InstrProfValue> items)
    {
        Items = items;
    }

    public IReadOnlyList<InstrProfValue> Values => Items;

    internal ValueSite Clone() => ReferenceEquals(this, Empty) ? this : new ValueSite(new List<InstrProfValue>(Items));
}
