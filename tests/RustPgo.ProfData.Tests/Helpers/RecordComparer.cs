namespace RustPgo.ProfData.Tests.Helpers;

/// <summary>Compares records field by field with readable failure messages.</summary>
internal static class RecordComparer
{
    public static void AssertSame(IReadOnlyList<ProfileRecord> expected, IReadOnlyList<ProfileRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            Assert.Equal(e.Name, a.Name);
            Assert.Equal(e.Hash, a.Hash);
            Assert.Equal(e.Counts, a.Counts);
            Assert.Equal(e.BitmapBytes, a.BitmapBytes);
            foreach (var kind in Enum.GetValues<ValueKind>())
            {
                var es = e.GetValueSites(kind);
                var sites = a.GetValueSites(kind);
                Assert.Equal(es.Count, sites.Count);
                for (var s = 0; s < es.Count; s++)
                {
                    Assert.Equal(es[s].Values.Select(v => (v.Value, v.Count)), sites[s].Values.Select(v => (v.Value, v.Count)));
                }
            }
        }
    }
}
