using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using RustPgo.ProfData;

namespace RustPgo.Tool;

/// <summary>Per-kind value-site totals and the per-site listing, formatted as llvm-profdata's printf calls.</summary>
internal sealed class ValueSiteStatistics
{
    private readonly List<int> _histogram = new List<int>();
    private ulong _sites;
    private ulong _sitesWithValues;
    private ulong _values;

    public void WriteSites(TextWriter output, IReadOnlyList<ValueSite> sites, Func<ulong, string>? nameOf)
    {
        _sites += (ulong)sites.Count;
        for (var index = 0; index < sites.Count; index++)
        {
            var values = sites[index].Values;
            _values += (ulong)values.Count;
            if (values.Count > 0)
            {
                _sitesWithValues++;
                while (_histogram.Count < values.Count)
                {
                    _histogram.Add(0);
                }
                _histogram[values.Count - 1]++;
            }
            ulong sum = 0;
            foreach (var value in values)
            {
                sum = unchecked(sum + value.Count);
            }
            if (sum == 0)
            {
                sum = 1;
            }
            foreach (var value in values)
            {
                var target = nameOf != null ? nameOf(value.Value) : value.Value.ToString(CultureInfo.InvariantCulture).PadLeft(4);
                var count = ((long)value.Count).ToString(CultureInfo.InvariantCulture).PadLeft(10);
                var percent = (value.Count * 100.0 / sum).ToString("F2", CultureInfo.InvariantCulture);
                output.Write($"\t[ {index.ToString(CultureInfo.InvariantCulture).PadLeft(2)}, {target}, {count} ] ({percent}%)\n");
            }
        }
    }

    public void Write(TextWriter output)
    {
        output.Write($"  Total number of sites: {_sites}\n");
        output.Write($"  Total number of sites with values: {_sitesWithValues}\n");
        output.Write($"  Total number of profiled values: {_values}\n");
        output.Write("  Value sites histogram:\n\tNumTargets, SiteCount\n");
        for (var i = 0; i < _histogram.Count; i++)
        {
            if (_histogram[i] > 0)
            {
                output.Write($"\t{i + 1}, {_histogram[i]}\n");
            }
        }
    }
}
