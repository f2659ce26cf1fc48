using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Yield;

namespace Fixture.Controller.Reports.Details;

/// <summary>
/// The report's figures as one long CSV table for scripts and spreadsheets (<c>--csv FILE</c>,
/// docs/qa-guide.md §9.4): <c>section,key,metric,value</c>, one figure per line, fractions as
/// decimals (0.925, not 92.5 %), invariant culture. Keys that came from the files are protected
/// against formula injection like the report files themselves.
/// </summary>
public static class YieldSummaryCsv
{
    public static readonly string[] Header = ["section", "key", "metric", "value"];

    public static void Write(TextWriter output, YieldReportResult yield, ReportDetailsResult details)
    {
        using var csv = new CsvWriter(output, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n", InjectionOptions = InjectionOptions.None }, leaveOpen: true);
        foreach (var name in Header)
        {
            csv.WriteField(name);
        }

        csv.NextRecord();
        void Line(string section, string key, string metric, object? value)
        {
            csv.WriteField(section);
            csv.WriteField(SpreadsheetTextGuard.Protect(key));
            csv.WriteField(metric);
            csv.WriteField(value switch
            {
                null => "",
                double d => d.ToString("0.######", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            });
            csv.NextRecord();
        }

        var input = yield.Input;
        Line("input", "", "files_read", input.FilesRead);
        Line("input", "", "rows_read", input.RowsRead);
        Line("input", "", "verification_rows_left_out", input.VerificationRowsExcluded);
        Line("input", "", "rows_outside_dates", input.RowsOutsideDates);
        Line("input", "", "unreadable_rows", input.SkippedRowCount);
        foreach (var g in yield.Groups.Append(yield.Total))
        {
            Line("yield", g.Key, "attempts", g.Attempts);
            Line("yield", g.Key, "units", g.Units);
            Line("yield", g.Key, "first_pass_units", g.FirstPassUnits);
            Line("yield", g.Key, "first_pass_yield", g.FirstPassYield);
            Line("yield", g.Key, "final_pass_units", g.FinalPassUnits);
            Line("yield", g.Key, "final_yield", g.FinalYield);
            Line("yield", g.Key, "rework_units", g.ReworkUnits);
            Line("yield", g.Key, "fixture_faults", g.FixtureFaults);
        }

        foreach (var p in yield.Total.Pareto)
        {
            Line("pareto", p.Code, "count", p.Count);
            Line("pareto", p.Code, "share", p.Share);
            Line("pareto", p.Code, "cumulative_share", p.CumulativeShare);
        }

        foreach (var d in details.Daily)
        {
            var day = d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Line("daily", day, "units", d.Units);
            Line("daily", day, "first_pass_yield", d.FirstPassYield);
            Line("daily", day, "final_yield", d.FinalYield);
        }

        foreach (var p in details.CycleTimes)
        {
            Line("cycle_time", p.Column, "passes", p.Count);
            Line("cycle_time", p.Column, "median_ms", p.MedianMs);
            Line("cycle_time", p.Column, "p90_ms", p.P90Ms);
        }

        foreach (var h in details.Health.Sockets.Concat(details.Health.Adapters))
        {
            var section = h.Subject == Health.HealthSubject.Socket ? "health_socket" : "health_adapter";
            Line(section, h.Key, "attempts", h.Attempts);
            Line(section, h.Key, "handshakes_per_attempt", h.HandshakesPerAttempt);
            Line(section, h.Key, "retries_per_attempt", h.RetriesPerAttempt);
            Line(section, h.Key, "recent_retries_per_attempt", h.Retries.Recent);
            Line(section, h.Key, "baseline_retries_per_attempt", h.Retries.Baseline);
            Line(section, h.Key, "warning", h.Warning ? 1 : 0);
        }

        foreach (var d in details.Health.Days)
        {
            var key = $"{d.Socket} {d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
            Line("socket_day", key, "attempts", d.Attempts);
            Line("socket_day", key, "handshakes_per_attempt", d.HandshakesPerAttempt);
            Line("socket_day", key, "retries_per_attempt", d.RetriesPerAttempt);
        }

        Line("checks", "", "never_passed_units", details.NeverPassed.Count);
        Line("checks", "", "weak_supply_passes", details.WeakSupplyPasses.Count);
        Line("checks", "", "duplicate_identity_flags", yield.FlagCount + details.IdentityProblems.Count);
        Line("checks", "", "attempt_gaps", details.Gaps.Count);
        Line("checks", "", "repeated_attempts", details.RepeatedAttempts.Count);
        Line("checks", "", "torn_lines", details.TornLines.Count);
        Line("checks", "", "recipe_hashes", details.Recipes.Count);
        Line("checks", "", "firmware_hashes", details.Firmware.Count);
        Line("checks", "", "config_hashes", details.Configs.Count);
    }
}
