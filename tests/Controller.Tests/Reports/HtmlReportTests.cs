using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Fixture.Controller.Tests.Reports;

/// <summary>
/// The HTML report read back with an HTML parser, as a browser would: charts present, its tables
/// equal to the text report's, values from the files escaped, and the listings naming their rows.
/// </summary>
public sealed class HtmlReportTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private string HandComputedSet()
    {
        var dir = Path.Combine(scratch.Path, "hand");
        YieldReportTests.WriteDataSet(dir);
        return dir;
    }

    private string QaLot(bool tampered)
    {
        var dir = Path.Combine(scratch.Path, tampered ? "tampered" : "clean");
        QaLotFiles.Write(dir);
        if (tampered)
        {
            QaLotFiles.Tamper(dir);
        }

        return dir;
    }

    private (IDocument Html, string Text) Report(string dir, params string[] more)
    {
        var html = Path.Combine(scratch.Path, Guid.NewGuid().ToString("N") + ".html");
        var (exit, text, error) = FixtureCli.Run(["report", "yield", "--dir", dir, "--html", html, .. more]);
        Assert.True(exit == 0, error);
        return (new HtmlParser().ParseDocument(File.ReadAllText(html)), text);
    }

    private static List<string[]> Cells(IDocument html, string table) =>
        html.QuerySelectorAll($"table#{table} tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();

    /// <summary>The rows of a text-report table: lines split on runs of two or more spaces.</summary>
    private static List<string[]> TextRows(string text, string headerStart, int rows) =>
        text.Split('\n')
            .SkipWhile(l => !Regex.IsMatch(l, "^ *" + Regex.Escape(headerStart) + "( |$)"))
            .Skip(1)
            .Take(rows)
            .Select(l => Regex.Split(l.Trim(), " {2,}"))
            .ToList();

    [Fact]
    public void Every_chart_is_an_inline_svg_with_its_title_and_marks()
    {
        var (html, _) = Report(HandComputedSet());

        foreach (var id in new[] { "chart-pareto", "chart-daily-yield", "chart-cycle-times", "chart-retries", "chart-handshakes" })
        {
            var svg = html.QuerySelector($"figure#figure-{id} svg#{id}");
            Assert.True(svg is not null, $"no svg for {id}");
            Assert.NotNull(svg.QuerySelector("title"));
            Assert.NotEmpty(svg.QuerySelectorAll("path, rect"));
            Assert.NotEmpty(svg.QuerySelectorAll("text"));
            Assert.NotNull(svg.GetAttribute("viewBox"));
        }

        // Several charts on one page: every id stays unique.
        var ids = html.QuerySelectorAll("[id]").Select(e => e.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(html.QuerySelectorAll("script"));
        Assert.DoesNotContain(html.QuerySelectorAll("[src], link[href]"), e => true);
    }

    [Fact]
    public void Pareto_chart_has_a_bar_per_code_and_a_cumulative_line_ending_at_the_top_category()
    {
        var (html, _) = Report(HandComputedSet());

        var labels = html.QuerySelectorAll("svg#chart-pareto text").Select(t => t.TextContent.Trim()).ToList();
        foreach (var code in new[] { "NO_HANDSHAKE", "VERIFY", "BOOT_LOOP", "CHIP_LOCKED" })
        {
            Assert.Contains(code, labels);
        }

        Assert.Contains("cumulative share (%)", labels);
    }

    [Fact]
    public void Group_and_pareto_tables_hold_the_text_reports_figures()
    {
        var dir = HandComputedSet();
        foreach (var by in new[] { "station", "lot", "socket" })
        {
            var (html, text) = Report(dir, "--by", by);
            var groups = Cells(html, "groups");
            Assert.Equal(TextRows(text, "group", groups.Count), groups);
            Assert.Equal("All", groups[^1][0]);
        }

        var (doc, report) = Report(dir);
        var pareto = Cells(doc, "pareto");
        Assert.Equal(4, pareto.Count);
        Assert.Equal(TextRows(report, "code", 4), pareto);
        Assert.Equal(["NO_HANDSHAKE", "2", "28.6%", "28.6%"], pareto[0]);
    }

    [Fact]
    public void Daily_table_holds_the_text_reports_figures_by_day()
    {
        var dir = HandComputedSet();
        var (html, _) = Report(dir);
        var byDay = FixtureCli.Run("report", "yield", "--dir", dir, "--by", "day").Output;

        var daily = Cells(html, "daily");
        var text = TextRows(byDay, "group", 2);
        Assert.Equal(2, daily.Count);
        for (var i = 0; i < daily.Count; i++)
        {
            // day, units, first pass, FPY, final pass, final yield
            Assert.Equal([text[i][0], text[i][2], text[i][3], text[i][4], text[i][5], text[i][6]], daily[i]);
        }

        Assert.Equal(["2025-03-14", "5", "2", "40.0%", "4", "80.0%"], daily[0]);
    }

    [Fact]
    public void Health_tables_hold_the_text_reports_cells()
    {
        var (html, text) = Report(QaLot(tampered: false));

        var sockets = Cells(html, "health-sockets");
        Assert.Equal(["QA1/s1", "QA1/s2"], sockets.Select(r => r[0]));
        Assert.Equal(TextRows(text, "socket", 2), sockets);
        var adapters = Cells(html, "health-adapters");
        Assert.Equal(TextRows(text, "adapter", 2), adapters.Select(r => r[..^1]).ToList());
        // Socket 2: U2 (3 handshakes, 2 retries), U4 and U6 (1 and 0 each): 5 handshakes, 2 retries in 3 attempts.
        Assert.Equal(["QA1/s2", "2025-03-14", "3", "5", "2", "1.667", "0.667"], Cells(html, "socket-days")[1]);
    }

    [Fact]
    public void Cycle_times_are_the_nearest_rank_median_and_p90_of_the_passes()
    {
        var (html, _) = Report(QaLot(tampered: false));

        var total = Cells(html, "cycle-times").Single(r => r[1] == "total_ms");
        Assert.Equal(["total", "total_ms", "5", "16.000", "30.000", "18.400"], total);
    }

    [Fact]
    public void Listings_name_the_file_and_line_of_each_row()
    {
        var file = "QA1_2025-03-14.csv";
        var (html, _) = Report(QaLot(tampered: true));

        var never = Assert.Single(Cells(html, "never-passed"));
        Assert.Equal([QaLotFiles.UnitLabel(3), "QA1", "2", "REWORK", "BOOT_LOOP", "2025-03-14 09:03:00", file + ":7"], never);

        var weak = Assert.Single(Cells(html, "weak-supply"));
        Assert.Equal([file + ":5", "QA1/s2", QaLotFiles.Mac(2), QaLotFiles.HtmlUnitId, "3", "900", "61.25"], weak);

        // The yield report's flag (U5's MAC under U6's unit id) and the chip check (U5's MAC on U6's chip).
        var duplicates = Cells(html, "duplicates");
        Assert.Equal(2, duplicates.Count);
        Assert.All(duplicates, d => Assert.Equal(["MAC", QaLotFiles.Mac(5), "LOT-A"], d[..3]));
        Assert.Contains($"({file}:9)", duplicates[0][3]);
        Assert.Equal($"{file}:8, {file}:9", duplicates[1][4]);

        // Attempt 7 deleted, attempt 8 torn: one gap of two numbers, only one of them explained.
        var gap = Assert.Single(Cells(html, "attempt-gaps"));
        Assert.Equal(["QA1", "7–8", "2", file + ":7 (attempt 6)", file + ":8 (attempt 9)"], gap[..5]);
        Assert.StartsWith("attempt 8: torn line in QA1_2025-03-14.csv.torn:1", gap[5]);
        Assert.EndsWith("unexplained", gap[5]);
        Assert.Equal("bad", html.QuerySelector("table#attempt-gaps tbody tr")!.ClassName);

        var torn = Assert.Single(Cells(html, "torn-lines"));
        Assert.Equal(["QA1_2025-03-14.csv.torn", "1"], torn[..2]);
        Assert.Equal([file, "8"], [torn[3], torn[5]]);

        var versions = Cells(html, "versions").Where(r => r[0] == "firmware").ToList();
        Assert.Equal(2, versions.Count);
        Assert.Equal([QaLotFiles.OtherFirmware, "1", file + ":8"], [versions[1][1], versions[1][3], versions[1][4]]);
    }

    [Fact]
    public void Values_from_the_files_are_escaped_not_markup()
    {
        var (html, _) = Report(QaLot(tampered: false));

        Assert.Empty(html.QuerySelectorAll("script, img"));
        Assert.Contains(html.QuerySelectorAll("table#weak-supply td"), c => c.TextContent == QaLotFiles.HtmlUnitId);
        Assert.Contains(html.QuerySelectorAll("table#health-adapters td"), c => c.TextContent == QaLotFiles.HtmlAdapter);
    }

    [Fact]
    public void Csv_summary_holds_the_figures_as_fractions()
    {
        var dir = QaLot(tampered: false);
        var csv = Path.Combine(scratch.Path, "summary.csv");

        var (exit, _, error) = FixtureCli.Run("report", "yield", "--dir", dir, "--csv", csv);

        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("section,key,metric,value", lines[0]);
        Assert.Contains("yield,All,units,6", lines);
        Assert.Contains("yield,All,first_pass_yield,0.833333", lines);
        Assert.Contains("cycle_time,total_ms,median_ms,16000", lines);
        Assert.Contains("cycle_time,total_ms,p90_ms,30000", lines);
        Assert.Contains("checks,,never_passed_units,1", lines);
        Assert.Contains("checks,,torn_lines,1", lines);
        Assert.Contains("checks,,attempt_gaps,1", lines);
    }

    [Fact]
    public void An_output_file_in_a_missing_folder_is_bad_input_and_nothing_is_read()
    {
        var (exit, output, error) = FixtureCli.Run("report", "yield", "--dir", HandComputedSet(), "--html", Path.Combine(scratch.Path, "no", "such", "r.html"));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("--html", error);
        Assert.Contains("folder does not exist", error);
    }
}
