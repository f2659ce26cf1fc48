using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fixture.Protocol.Text;

namespace Fixture.Controller.Reports.Yield;

/// <summary>The yield report as QA reads it on a terminal, or as JSON for scripts.</summary>
public static class YieldReportText
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    internal static readonly string[] GroupHeader =
        ["group", "attempts", "units", "first pass", "FPY", "final pass", "final yield", "rework", "fixture faults", "top failure"];

    private static readonly string[] ParetoHeader = ["  code", "count", "share", "cumulative"];

    public static string ToJson(YieldReportResult result) => JsonSerializer.Serialize(result, Json);

    /// <param name="more">Further sections (station health), printed before the list of unreadable rows.</param>
    public static void Write(TextWriter output, YieldReportResult result, Action<TextWriter>? more = null)
    {
        var input = result.Input;
        var by = string.Join(" + ", result.Query.GroupBy.Select(d => d.ToString().ToLowerInvariant()));
        var dates = Dates(result.Query);
        output.WriteLine($"Yield report by {by}, {dates}: {Plural.Of(input.FilesRead, "file")}, {Plural.Of(input.RowsRead, "row")} read.");
        output.WriteLine($"Left out: {Plural.Of(input.VerificationRowsExcluded, "verification-unit row")}, {(input.SelftestRowsExcluded > 0 ? Plural.Of(input.SelftestRowsExcluded, "selftest row") + ", " : "")}{Plural.Of(input.RowsOutsideDates, "row")} and {Plural.Of(input.FilesOutsideDates, "file")} outside the dates, {Plural.Of(input.SkippedRowCount, "unreadable row")} (listed below).");
        output.WriteLine();

        var table = new List<string[]> { GroupHeader };
        table.AddRange(result.Groups.Select(Row));
        table.Add(Row(result.Total));
        WriteTable(output, table, rightAligned: c => c is > 0 and < 9);

        output.WriteLine();
        output.WriteLine("Failure Pareto (FAIL attempts by code; FIXTURE_FAULT is the station's and is not in it):");
        if (result.Total.Pareto.Count == 0)
        {
            output.WriteLine("  no failures");
        }
        else
        {
            var pareto = new List<string[]> { ParetoHeader };
            pareto.AddRange(result.Total.Pareto.Select(p => new[] { "  " + p.Code, N(p.Count), Percent(p.Share), Percent(p.CumulativeShare) }));
            WriteTable(output, pareto, rightAligned: c => c > 0);
        }

        output.WriteLine();
        output.WriteLine($"Fixture faults (FIXTURE_FAULT, excluded from yield): {N(result.Total.FixtureFaults)}.");
        if (input.UnidentifiedAttempts > 0)
        {
            output.WriteLine($"Attempts with neither chip id, MAC nor unit id, each counted as a unit of its own: {N(input.UnidentifiedAttempts)} (scan unit ids to tie them to their unit).");
        }

        output.WriteLine();
        if (result.FlagCount == 0)
        {
            output.WriteLine("No lot has two units with the same MAC, chip id or SSID.");
        }
        else
        {
            output.WriteLine($"FLAGGED: {N(result.FlagCount)} duplicate identities within a lot{(result.FlagCount > result.Flags.Count ? $" (first {result.Flags.Count} listed)" : "")}:");
            foreach (var flag in result.Flags)
            {
                output.WriteLine($"  lot '{flag.Lot}': {flag.Kind} {flag.Value} {flag.Detail}");
            }
        }

        if (more is not null)
        {
            output.WriteLine();
            more(output);
        }

        if (input.SkippedRowCount > 0)
        {
            output.WriteLine();
            output.WriteLine($"Rows skipped as unreadable: {N(input.SkippedRowCount)}{(input.SkippedRowCount > input.SkippedRows.Count ? $" (first {input.SkippedRows.Count} listed)" : "")}:");
            foreach (var skipped in input.SkippedRows)
            {
                output.WriteLine($"  {skipped}");
            }
        }
    }

    internal static string Dates(YieldQuery query) => (query.From, query.To) switch
    {
        (null, null) => "all dates",
        (var from, var to) => $"{from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "start"} to {to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "end"} (UTC days)",
    };

    internal static string[] Row(YieldGroup g) =>
    [
        DisplayText.Escape(g.Key), // escaped before the columns are measured, so they still line up
        N(g.Attempts),
        N(g.Units),
        N(g.FirstPassUnits),
        Percent(g.FirstPassYield),
        N(g.FinalPassUnits),
        Percent(g.FinalYield),
        N(g.ReworkUnits),
        N(g.FixtureFaults),
        g.Pareto.Count == 0 ? "-" : $"{g.Pareto[0].Code} ({N(g.Pareto[0].Count)})",
    ];

    private static void WriteTable(TextWriter output, List<string[]> rows, Func<int, bool> rightAligned)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => rightAligned(c) ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    internal static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Percent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";
}
