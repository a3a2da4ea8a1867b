using System;
using System.Globalization;
using System.IO;
using RustPgo.ProfData;

namespace RustPgo.Tool;

/// <summary>
/// <c>rustpgo show --fit TODAY PROFILE</c>: how well a profile fits today's instrumented build, one fact per line
/// (see the usage text); a report, so it exits 0 whatever the fit.
/// </summary>
internal sealed class FitReport
{
    /// <summary>Shares at or above these give a good or a partial fit; below, a poor one.</summary>
    private const decimal Good = 0.95m;
    private const decimal Partial = 0.5m;

    private readonly ProfileFit _fit;
    private readonly ShowOptions _options;
    private readonly TextWriter _out;

    public FitReport(ProfileFit fit, ShowOptions options, TextWriter output)
    {
        _fit = fit;
        _options = options;
        _out = output;
    }

    public void Write()
    {
        _out.Write($"Today's functions: {_fit.TodayFunctions}\n");
        _out.Write($"Functions with data (same hash): {_fit.Matched} ({_fit.MatchedExecuted} executed)\n");
        _out.Write($"Functions changed (hash differs): {_fit.Changed}\n");
        _out.Write($"Functions without data: {_fit.WithoutData}\n");
        _out.Write($"Profile functions not in today's build: {_fit.ProfileFunctionsGone}\n");
        _out.Write($"Profile counts on unchanged functions: {Percent(_fit.Share)} ({_fit.CountOnUnchanged} of {_fit.TotalCount})\n");
        _out.Write($"Verdict: {Verdict()}\n");
        if (_fit.ChangedFunctions.Count == 0)
        {
            return;
        }
        var shown = Math.Min(_fit.ChangedFunctions.Count, _options.TopN > 0 ? _options.TopN : 10);
        _out.Write($"Hottest changed functions ({shown} of {_fit.ChangedFunctions.Count}):\n");
        for (var i = 0; i < shown; i++)
        {
            var changed = _fit.ChangedFunctions[i];
            var name = _options.Demangle ? RustSymbolDemangler.Demangle(changed.Function.Name) : changed.Function.Name;
            _out.Write($"  {NameText.Escape(name)}, count = {changed.ProfileCount}\n");
        }
    }

    private string Verdict()
    {
        if (_fit.TotalCount == 0)
        {
            return "no fit: the profile has no counts";
        }
        var lost = (100 - Hundredths(_fit.Share)).ToString("F2", CultureInfo.InvariantCulture) + "%"; // adds up with the share shown
        return _fit.Share >= Good ? "good fit: the profile's counts land on today's unchanged functions"
            : _fit.Share >= Partial ? $"partial fit: {lost} of the profile's counts are on functions that changed or are gone; retrain with today's build before shipping if they matter"
            : $"poor fit: {lost} of the profile's counts are on functions that changed or are gone; retrain with today's build before shipping";
    }

    private static string Percent(decimal share) => Hundredths(share).ToString("F2", CultureInfo.InvariantCulture) + "%";

    // Truncated, not rounded: 99.999% must not read as 100.00%.
    private static decimal Hundredths(decimal share) => Math.Floor(share * 10000) / 100;
}
