using System.Globalization;
using Fixture.Controller.Reports.Details;
using Fixture.Controller.Reports.Health;
using Fixture.Controller.Reports.Yield;
using Fixture.Protocol.Text;

namespace Fixture.Controller.Reports.Html;

/// <summary>What the HTML report shows: the yield figures, the details of the same pass, and where they came from.</summary>
public sealed record YieldHtmlInput(YieldReportResult Yield, ReportDetailsResult Details, string Folder, DateTimeOffset Generated);

/// <summary>
/// The yield report as one self-contained HTML file for QA and customers (docs/qa-guide.md §9):
/// inline CSS, charts as inline SVG, no scripts, nothing fetched. The group, Pareto and health tables
/// use the text report's own cells, so both always show the same figures.
/// </summary>
public static class YieldHtmlReport
{
    public static void Write(TextWriter output, YieldHtmlInput input)
    {
        var (yield, details) = (input.Yield, input.Details);
        var total = yield.Total;
        var page = new HtmlPage(output);
        var by = string.Join(" + ", yield.Query.GroupBy.Select(d => d.ToString().ToLowerInvariant()));
        page.Begin($"Yield report — {input.Folder}");
        page.Open("header");
        page.Element("h1", "Yield report");
        page.Element("p", string.Create(
            CultureInfo.InvariantCulture,
            $"Folder {input.Folder}; {YieldReportText.Dates(yield.Query)}; grouped by {by}. {Plural.Of(yield.Input.FilesRead, "file")}, {Plural.Of(yield.Input.RowsRead, "row")} read. "
            + $"Generated {input.Generated.UtcDateTime:yyyy-MM-dd HH:mm} UTC by fixture {typeof(YieldHtmlReport).Assembly.GetName().Version?.ToString(3)}."), "meta");
        page.Element("p", string.Create(
            CultureInfo.InvariantCulture,
            $"Left out: {Plural.Of(yield.Input.VerificationRowsExcluded, "verification-unit row")}, {Plural.Of(yield.Input.RowsOutsideDates, "row")} and {Plural.Of(yield.Input.FilesOutsideDates, "file")} outside the dates, "
            + $"{yield.Input.SkippedRowCount:N0} unreadable rows (listed below). FIXTURE_FAULT rows are the station's and count in no yield figure."), "meta");
        page.Close("header");

        Summary(page, yield, details);
        Contents(page);

        page.Element("h2", $"Yield by {by}", id: "s-yield");
        page.Table(new HtmlTable("groups", YieldReportText.GroupHeader, yield.Groups.Append(total).Select(YieldReportText.Row), c => c is > 0 and < 9));
        if (yield.Input.UnidentifiedAttempts > 0)
        {
            page.Element("p", $"Attempts with neither MAC nor unit id, each counted as a unit of its own: {YieldReportText.N(yield.Input.UnidentifiedAttempts)}.", "note");
        }

        page.Element("h2", "Failure Pareto", id: "s-pareto");
        page.Figure(YieldCharts.Pareto(total.Pareto));
        page.Table(new HtmlTable(
            "pareto",
            ["code", "count", "share", "cumulative"],
            total.Pareto.Select(p => (IReadOnlyList<string>)[p.Code, YieldReportText.N(p.Count), YieldReportText.Percent(p.Share), YieldReportText.Percent(p.CumulativeShare)]),
            c => c > 0,
            $"FAIL attempts by code; FIXTURE_FAULT is the station's and is not in it (fixture faults: {YieldReportText.N(total.FixtureFaults)})."));

        page.Element("h2", "Daily yield", id: "s-daily");
        page.Figure(YieldCharts.DailyYield(details.Daily));
        page.Table(new HtmlTable(
            "daily",
            ["day (UTC)", "units", "first pass", "FPY", "final pass", "final yield"],
            details.Daily.Select(d => (IReadOnlyList<string>)[
                d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), YieldReportText.N(d.Units), YieldReportText.N(d.FirstPassUnits),
                YieldReportText.Percent(d.FirstPassYield), YieldReportText.N(d.FinalPassUnits), YieldReportText.Percent(d.FinalYield)]),
            c => c > 0,
            "A unit counts on the day of its first attempt; its final verdict follows it to its last attempt (as 'fixture report yield --by day')."));

        page.Element("h2", "Cycle time per phase", id: "s-cycle");
        page.Figure(YieldCharts.CycleTimes(details.CycleTimes));
        page.Table(new HtmlTable(
            "cycle-times",
            ["phase", "column", "passes", "median (s)", "90th percentile (s)", "mean (s)"],
            details.CycleTimes.Select(p => (IReadOnlyList<string>)[p.Phase, p.Column, YieldReportText.N(p.Count), Seconds(p.MedianMs), Seconds(p.P90Ms), Seconds(p.MeanMs)]),
            c => c > 1,
            "PASS attempts only (a failed attempt's phases stop early); percentiles by nearest rank."));

        Health(page, details.Health);
        Listings(page, yield, details);
        page.Open("footer");
        page.Element("p", "Made by 'fixture report yield --html' from the stations' CSV files, which it only reads. docs/qa-guide.md explains every figure.", "meta");
        page.Close("footer");
        page.End();
    }

    private static void Summary(HtmlPage page, YieldReportResult yield, ReportDetailsResult details)
    {
        var total = yield.Total;
        var duplicates = yield.FlagCount + details.IdentityProblems.Count;
        var sequence = details.Gaps.Count + details.RepeatedAttempts.Count;
        var warnings = details.Health.Warnings.Count();
        page.Open("section", "cards", "summary");
        page.Card("units", YieldReportText.N(total.Units));
        page.Card("first-pass yield", YieldReportText.Percent(total.FirstPassYield));
        page.Card("final yield", YieldReportText.Percent(total.FinalYield));
        page.Card("rework (set aside)", YieldReportText.N(total.ReworkUnits));
        page.Card("never passed", YieldReportText.N(details.NeverPassed.Count));
        page.Card("fixture faults", YieldReportText.N(total.FixtureFaults));
        page.Card("duplicate identities", YieldReportText.N(duplicates), duplicates > 0 ? "bad" : "good");
        page.Card("attempt-number gaps / repeats", YieldReportText.N(sequence), sequence > 0 ? "bad" : "good");
        page.Card("health warnings", YieldReportText.N(warnings), warnings > 0 ? "bad" : "good");
        page.Card("unreadable rows", YieldReportText.N(yield.Input.SkippedRowCount), yield.Input.SkippedRowCount > 0 ? "bad" : "good");
        page.Close("section");
    }

    private static void Contents(HtmlPage page)
    {
        page.Open("nav");
        page.Raw("<ul>\n");
        foreach (var (id, title) in new[]
                 {
                     ("s-yield", "Yield by group"), ("s-pareto", "Failure Pareto"), ("s-daily", "Daily yield"), ("s-cycle", "Cycle time per phase"),
                     ("s-health", "Station health"), ("s-never-passed", "Units that never passed"), ("s-weak", "Passes with a weak-supply warning"),
                     ("s-duplicates", "Duplicate identities"), ("s-sequence", "Attempt numbers, torn lines, unreadable rows"), ("s-versions", "Recipes, firmware, configurations"),
                 })
        {
            page.Raw($"<li><a href=\"#{id}\">");
            page.Text(title);
            page.Raw("</a></li>\n");
        }

        page.Raw("</ul>\n");
        page.Close("nav");
    }

    private static void Health(HtmlPage page, StationHealthResult health)
    {
        page.Element("h2", "Station health", id: "s-health");
        page.Element("p", $"Handshake attempts and retries per attempt, production and FIXTURE_FAULT rows (verification units left out): {StationHealthText.Rule(health.Options)}.", "note");
        var warnings = health.Warnings.ToList();
        page.Element(
            "p",
            warnings.Count == 0
                ? "No socket or adapter is well above its own baseline."
                : $"HEALTH WARNING: {string.Join(", ", warnings.Select(w => w.Key))} well above their own baseline. Check the socket's pogo pins and contacts, or the USB-UART adapter and its cable.",
            warnings.Count == 0 ? "ok" : "warn",
            "health-verdict");
        page.Element("h3", "Per socket");
        page.Table(new HtmlTable("health-sockets", ["socket", .. StationHealthText.Header], health.Sockets.Select(l => StationHealthText.Cells(l, health.Options)), c => c is > 0 and < 6) { IsBad = r => r[^1].StartsWith("WARNING", StringComparison.Ordinal) });
        page.Element("h3", "Per adapter");
        page.Table(new HtmlTable("health-adapters", ["adapter", .. StationHealthText.Header, "sockets"], health.Adapters.Select(l => (IReadOnlyList<string>)[.. StationHealthText.Cells(l, health.Options), string.Join(", ", l.Stations)]), c => c is > 0 and < 6) { IsBad = r => r[^2].StartsWith("WARNING", StringComparison.Ordinal) });
        page.Figure(YieldCharts.SocketTrend(health.Days, handshakes: false));
        page.Figure(YieldCharts.SocketTrend(health.Days, handshakes: true));
        page.Element("h3", "Per socket per day");
        page.Table(new HtmlTable(
            "socket-days",
            ["socket", "day (UTC)", "attempts", "handshake attempts", "retries", "handshakes/attempt", "retries/attempt"],
            health.Days.Select(d => (IReadOnlyList<string>)[
                d.Socket, d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), YieldReportText.N(d.Attempts), YieldReportText.N(d.HandshakeAttempts),
                YieldReportText.N(d.Retries), StationHealthText.Rate(d.HandshakesPerAttempt), StationHealthText.Rate(d.RetriesPerAttempt)]),
            c => c > 1));
    }

    private static void Listings(HtmlPage page, YieldReportResult yield, ReportDetailsResult details)
    {
        page.Element("h2", "Units that never passed", id: "s-never-passed");
        page.Table(new HtmlTable(
            "never-passed",
            ["unit", "first attempt in", "attempts", "last verdict", "last code", "last attempt (UTC)", "last row"],
            details.NeverPassed.Items.Select(u => (IReadOnlyList<string>)[
                u.Mac.Length == 0 ? "(no chip id or MAC)" : u.Mac, u.Group, YieldReportText.N(u.Attempts), u.LastVerdict.ToText(), u.LastCode,
                u.LastAttempt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), u.LastRow.ToString()]),
            c => c == 2,
            Note(details.NeverPassed, "units", "None of their counted attempts passed; REWORK units are set aside. A unit is known by its chip id (older rows: its MAC); one without either is known by its unit id (see the row) or by nothing.")));

        page.Element("h2", "Passes with a weak-supply warning", id: "s-weak");
        page.Table(new HtmlTable(
            "weak-supply",
            ["row", "socket", "MAC", "unit id", "handshake attempts", "power-off (ms)", "bootrom current (mA)"],
            details.WeakSupplyPasses.Items.Select(w => (IReadOnlyList<string>)[w.Row.ToString(), w.Socket, w.Mac, w.UnitId, YieldReportText.N(w.HandshakeAttempts), w.PowerOffMs, w.BootromCurrentMa]),
            c => c >= 4,
            Note(details.WeakSupplyPasses, "passes", "These units passed only thanks to power-cycle retries, or drew current out of range: keep an eye on them.")));

        page.Element("h2", "Duplicate identities", id: "s-duplicates");
        var flagged = yield.Flags.Select(f => (IReadOnlyList<string>)[f.Kind, f.Value, f.Lot, f.Detail, ""])
            .Concat(details.IdentityProblems.Items.Select(p => (IReadOnlyList<string>)[p.Kind, p.Value, p.Lot, p.Problem, string.Join(", ", p.Rows)]));
        page.Table(new HtmlTable(
            "duplicates",
            ["kind", "value", "lot", "what was seen", "rows"],
            flagged,
            _ => false,
            string.Create(CultureInfo.InvariantCulture, $"{yield.FlagCount:N0} MAC/SSID flags within lots (a MAC on two unit ids, an SSID on two MACs){(yield.FlagCount > yield.Flags.Count ? $", first {yield.Flags.Count:N0} listed" : "")}; "
                + $"{details.IdentityProblems.Count:N0} chip-id findings across lots (a MAC on two chips, a chip id with two MACs or unit ids){(details.IdentityProblems.Truncated ? $", first {details.IdentityProblems.Items.Count:N0} listed" : "")}."))
        {
            IsBad = _ => true,
        });

        page.Element("h2", "Attempt numbers, torn lines, unreadable rows", id: "s-sequence");
        page.Element("h3", "Gaps in a station's attempt numbers");
        page.Table(new HtmlTable(
            "attempt-gaps",
            ["station", "missing", "count", "row before", "row after", "explained by"],
            details.Gaps.Items.Select(g => (IReadOnlyList<string>)[
                g.Station, g.Numbers, YieldReportText.N(g.Missing), $"{g.Before} (attempt {g.BeforeAttempt})", $"{g.After} (attempt {g.AfterAttempt})", Explanation(g)]),
            c => c == 2,
            Note(details.Gaps, "gaps", "Each attempt gets the next number; a missing number is a deleted row, a torn line moved aside, or an attempt cut off by a power loss before its row was written."))
        {
            IsBad = r => r[^1].Length == 0 || r[^1].EndsWith("unexplained", StringComparison.Ordinal),
        });
        page.Element("h3", "Attempt numbers on two rows");
        page.Table(new HtmlTable(
            "repeated-attempts",
            ["station", "attempt", "first row", "again"],
            details.RepeatedAttempts.Items.Select(r => (IReadOnlyList<string>)[r.Station, YieldReportText.N(r.Attempt), r.First.ToString(), r.Again.ToString()]),
            c => c == 1,
            Note(details.RepeatedAttempts, "repeats", "A station never hands out a number twice: a repeated number is a copied row.")));
        page.Element("h3", "Torn lines repaired (moved aside after a power loss)");
        page.Table(new HtmlTable(
            "torn-lines",
            ["sidecar", "note line", "moved at (UTC)", "from file", "at byte", "attempt", "reason", "torn bytes"],
            details.TornLines.Select(t => (IReadOnlyList<string>)[
                t.Sidecar, YieldReportText.N(t.Note), t.MovedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "?", t.From,
                t.Offset?.ToString(CultureInfo.InvariantCulture) ?? "?", t.Attempt?.ToString(CultureInfo.InvariantCulture) ?? "-", t.Reason, t.Fragment]),
            c => c is 1 or 4 or 5));
        page.Element("h3", "Unreadable rows (skipped)");
        page.Table(new HtmlTable(
            "unreadable-rows",
            ["row", "reason"],
            yield.Input.SkippedRows.Select(s => (IReadOnlyList<string>)[$"{Path.GetFileName(s.File)}:{s.Line}", s.Reason]),
            _ => false,
            yield.Input.SkippedRowCount > yield.Input.SkippedRows.Count ? $"First {yield.Input.SkippedRows.Count} of {YieldReportText.N(yield.Input.SkippedRowCount)} listed." : null)
        {
            IsBad = _ => true,
        });

        page.Element("h2", "Recipes, firmware, configurations", id: "s-versions");
        page.Table(new HtmlTable(
            "versions",
            ["what", "SHA-256", "name", "rows", "first row"],
            details.Recipes.Select(h => Version("recipe", h))
                .Concat(details.Firmware.Select(h => Version("firmware", h)))
                .Concat(details.Configs.Select(h => Version("station config", h))),
            c => c == 3,
            "Production rows inside the dates; one recipe, one firmware and one configuration is the normal case for a lot."));
    }

    private static IReadOnlyList<string> Version(string what, HashUse use) =>
        [what, use.Sha256.Length == 0 ? "(empty)" : use.Sha256, use.Name, YieldReportText.N(use.Rows), use.First.ToString()];

    private static string Explanation(AttemptGap gap) =>
        string.Join("; ", gap.TornLines.Select(t => $"attempt {t.Attempt}: torn line in {t.Sidecar}:{t.Note}")
            .Concat(gap.UnreadableRow is { } row ? [$"unreadable row {row}"] : []))
        + (gap.Explained || gap.TornLines.Count == 0 ? "" : "; the other numbers: unexplained");

    private static string? Note<T>(Listing<T> listing, string what, string text) =>
        listing.Truncated ? $"{text} First {listing.Items.Count:N0} of {listing.Count:N0} {what} listed." : text;

    private static string Seconds(double? ms) => ms is { } v ? (v / 1000).ToString("0.000", CultureInfo.InvariantCulture) : "-";

    private static string Seconds(long? ms) => Seconds(ms is { } v ? (double)v : null);
}
