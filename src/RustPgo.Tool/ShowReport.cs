using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using RustPgo.ProfData;

namespace RustPgo.Tool;

/// <summary>Writes the show report line for line as llvm-profdata 22 does.</summary>
internal sealed class ShowReport
{
    private readonly InstrProfile _profile;
    private readonly ShowOptions _options;
    private readonly TextWriter _out;
    private readonly ValueSiteStatistics _indirectCalls = new ValueSiteStatistics();
    private readonly ValueSiteStatistics _memOps = new ValueSiteStatistics();
    private Dictionary<ulong, string>? _namesByHash;

    public ShowReport(InstrProfile profile, ShowOptions options, TextWriter output)
    {
        _profile = profile;
        _options = options;
        _out = output;
    }

    public void Write()
    {
        var isIr = _profile.IsIrLevel;
        var considered = new List<ProfileRecord>();
        var shown = 0;
        foreach (var record in _profile.Records)
        {
            if (isIr && record.IsContextSensitive != _options.ShowContextSensitive)
            {
                continue;
            }
            considered.Add(record);
            var show = _options.AllFunctions || (_options.Function != null && record.Name.Contains(_options.Function));
            if (!show)
            {
                continue;
            }
            if (shown++ == 0)
            {
                _out.Write("Counters:\n");
            }
            WriteFunction(record, isIr);
        }

        var summary = ProfileSummary.Compute(considered);
        _out.Write("Instrumentation level: " + (isIr ? "IR" : "Front-end"));
        if (isIr)
        {
            _out.Write("  entry_first = " + Bit(ProfileVariant.InstrumentEntry)
                + "  instrument_loop_entries = " + Bit(ProfileVariant.LoopEntries));
        }
        _out.Write("\n");
        if (_options.AllFunctions || _options.Function != null)
        {
            _out.Write($"Functions shown: {shown}\n");
        }
        _out.Write($"Total functions: {summary.TotalFunctions}\n");
        _out.Write($"Maximum function count: {summary.MaxFunctionCount}\n");
        _out.Write($"Maximum internal block count: {summary.MaxInternalBlockCount}\n");
        _out.Write($"Total number of blocks: {summary.TotalBlocks}\n");
        _out.Write($"Total count: {summary.TotalCount}\n");
        if (_options.TopN > 0)
        {
            _out.Write($"Top {_options.TopN} functions with the largest internal block counts: \n");
            foreach (var hot in ProfileStatistics.Hottest(considered, _options.TopN))
            {
                _out.Write($"  {DisplayName(hot.Record)}, max count = {hot.Count}\n");
            }
        }
        if (shown > 0 && _options.IndirectCallTargets)
        {
            _out.Write("Statistics for indirect call sites profile:\n");
            _indirectCalls.Write(_out);
        }
        if (shown > 0 && _options.MemOpSizes)
        {
            _out.Write("Statistics for memory intrinsic calls sizes profile:\n");
            _memOps.Write(_out);
        }
    }

    private void WriteFunction(ProfileRecord record, bool isIr)
    {
        var counts = record.Counts;
        _out.Write($"  {DisplayName(record)}:\n");
        _out.Write($"    Hash: 0x{record.Hash:x16}\n");
        _out.Write($"    Counters: {counts.Count}\n");
        if (!isIr)
        {
            _out.Write($"    Function count: {(counts.Count == 0 ? 0 : counts[0])}\n");
        }
        var indirectSites = record.GetValueSites(ValueKind.IndirectCallTarget).Count;
        var memOpSites = record.GetValueSites(ValueKind.MemOpSize).Count;
        if (_options.IndirectCallTargets)
        {
            _out.Write($"    Indirect Call Site Count: {indirectSites}\n");
        }
        if (_options.MemOpSizes && memOpSites > 0)
        {
            _out.Write($"    Number of Memory Intrinsics Calls: {memOpSites}\n");
        }
        if (_options.Counts)
        {
            var text = new StringBuilder("    Block counts: [");
            for (var i = isIr ? 0 : 1; i < counts.Count; i++)
            {
                text.Append(i == (isIr ? 0 : 1) ? "" : ", ").Append(counts[i].ToString(CultureInfo.InvariantCulture));
            }
            _out.Write(text.Append("]\n").ToString());
        }
        if (_options.IndirectCallTargets)
        {
            _out.Write("    Indirect Target Results:\n");
            _indirectCalls.WriteSites(_out, record.GetValueSites(ValueKind.IndirectCallTarget), NameOfHash);
        }
        if (_options.MemOpSizes && memOpSites > 0)
        {
            _out.Write("    Memory Intrinsic Size Results:\n");
            _memOps.WriteSites(_out, record.GetValueSites(ValueKind.MemOpSize), null);
        }
    }

    // Names come from the profile: control characters are escaped (see NameText) so that none reaches the terminal.
    private string DisplayName(ProfileRecord record) =>
        NameText.Escape(_options.Demangle ? RustSymbolDemangler.Demangle(record.Name) : record.Name);

    private string NameOfHash(ulong hash)
    {
        if (_namesByHash == null)
        {
            _namesByHash = new Dictionary<ulong, string>(KeyedUInt64Comparer.Instance);
            foreach (var record in _profile.Records)
            {
                _namesByHash[Md5Hash.Of(record.NameBytes)] = record.Name;
            }
        }
        return _namesByHash.TryGetValue(hash, out var name) ? NameText.Escape(name) : "";
    }

    private int Bit(ProfileVariant flag) => (_profile.Variant & flag) != 0 ? 1 : 0;
}
