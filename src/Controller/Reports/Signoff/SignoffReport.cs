using System.Globalization;
using Fixture.Controller.Reports.Html;
using Fixture.Controller.Reports.Yield;
using Fixture.Protocol.Text;

namespace Fixture.Controller.Reports.Signoff;

/// <summary>The sign-off certificate: one page of text for the terminal, or one HTML page to print and sign.</summary>
public static class SignoffReport
{
    public static void WriteText(TextWriter output, SignoffResult result)
    {
        var verdict = result.Met ? "MET" : "NOT MET";
        output.WriteLine($"LOT SIGN-OFF: {result.Subject}: {verdict}");
        output.WriteLine($"Report folder: {result.Folder} ({Plural.Of(result.Input.FilesRead, "file")}, {Plural.Of(result.Input.RowsRead, "row")} read)");
        output.WriteLine($"Criteria: {result.CriteriaFile} (SHA-256 {result.CriteriaSha256})");
        foreach (var station in result.Stations)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Station {station.Station}: {station.Rows:N0} production rows, {station.First.UtcDateTime:yyyy-MM-dd HH:mm} to {station.Last.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({station.FirstRow} to {station.LastRow})"));
        }

        output.WriteLine(Figures(result));
        output.WriteLine();
        var width = result.Checks.Max(c => c.Key.Length);
        var indent = new string(' ', 2 + 7 + 2 + width + 2);
        foreach (var check in result.Checks)
        {
            output.WriteLine($"  {(check.Met ? "met    " : "NOT MET")}  {check.Key.PadRight(width)}  {check.Finding}");
            if (!check.Met)
            {
                output.WriteLine($"{indent}required: {check.Requirement}");
                foreach (var row in check.Rows)
                {
                    output.WriteLine($"{indent}- {row}");
                }

                if (check.MoreRows > 0)
                {
                    output.WriteLine($"{indent}- and {check.MoreRows:N0} more");
                }
            }
        }

        output.WriteLine();
        var failed = result.Checks.Where(c => !c.Met).ToList();
        output.WriteLine(result.Met
            ? $"Result: MET: all {result.Checks.Count} checks passed. Exit code 0."
            : $"Result: NOT MET: {failed.Count} of {result.Checks.Count} checks failed ({string.Join(", ", failed.Select(c => c.Key))}). Exit code 1.");
    }

    public static void WriteHtml(TextWriter output, SignoffResult result)
    {
        var page = new HtmlPage(output);
        page.Begin($"Lot sign-off — {result.Subject}");
        page.Element("h1", $"Lot sign-off certificate — {result.Subject}");
        page.Element("p", result.Met ? "MET" : "NOT MET", result.Met ? "verdict met" : "verdict not-met", "verdict");
        page.Element("p", $"Report folder {result.Folder}: {Plural.Of(result.Input.FilesRead, "file")}, {Plural.Of(result.Input.RowsRead, "row")} read. Criteria {result.CriteriaFile}, SHA-256 {result.CriteriaSha256}. "
            + $"Generated {result.Generated.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.", "meta");
        page.Element("p", Figures(result), "meta");
        page.Table(new HtmlTable(
            "stations",
            ["station", "production rows", "first (UTC)", "last (UTC)", "first row", "last row"],
            result.Stations.Select(s => (IReadOnlyList<string>)[
                s.Station, YieldReportText.N(s.Rows), s.First.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                s.Last.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), s.FirstRow.ToString(), s.LastRow.ToString()]),
            c => c == 1));
        page.Table(new HtmlTable(
            "checks",
            ["check", "required", "result", "found", "rows behind it"],
            result.Checks.Select(c => (IReadOnlyList<string>)[
                c.Key, c.Requirement, c.Met ? "met" : "NOT MET", c.Finding,
                string.Join("\n", c.Rows) + (c.MoreRows > 0 ? $"\nand {c.MoreRows:N0} more" : "")]),
            _ => false)
        {
            IsBad = r => r[2] == "NOT MET",
        });
        page.Element("p", "Checked by: ______________________    Date: ____________    Signature: ______________________", "meta");
        page.Element("p", "Made by 'fixture report signoff' from the stations' CSV files (docs/qa-guide.md §10). Exit code 0 = met, 1 = not met.", "meta");
        page.End();
    }

    private static string Figures(SignoffResult result)
    {
        var f = result.Figures;
        return $"Figures: {Plural.Of(f.Units, "unit")}, {Plural.Of(f.Attempts, "attempt")}; first-pass yield {YieldReportText.Percent(f.FirstPassYield)} ({YieldReportText.N(f.FirstPassUnits)}), "
            + $"final yield {YieldReportText.Percent(f.FinalYield)} ({YieldReportText.N(f.FinalPassUnits)}), rework {YieldReportText.N(f.ReworkUnits)}, fixture faults {YieldReportText.N(f.FixtureFaults)}.";
    }
}
