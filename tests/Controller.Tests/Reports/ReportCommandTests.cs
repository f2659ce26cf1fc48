using System.Text.Json;

namespace Fixture.Controller.Tests.Reports;

public sealed class ReportCommandTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public ReportCommandTests()
    {
        YieldReportTests.WriteDataSet(scratch.Path);
    }

    public void Dispose() => scratch.Dispose();

    private static (int ExitCode, string Output, string Error) Fixture(params string[] args) => FixtureCli.Run(args);

    [Fact]
    public void The_yield_report_prints_groups_total_pareto_and_flags()
    {
        var (exitCode, output, error) = Fixture("report", "yield", "--dir", scratch.Path, "--by", "lot");

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        Assert.Contains("Yield report by lot, all dates: 2 files, 19 rows read.", output);
        Assert.Contains("Left out: 2 verification-unit rows", output);
        Assert.Matches(@"\nL1 +8 +5 +2 +40\.0% +4 +80\.0% +1 +1 +NO_HANDSHAKE \(1\)\n", output); // a tie goes to the code listed first
        Assert.Matches(@"\nAll +16 +10 +4 +40\.0% +7 +70\.0% +1 +1 +NO_HANDSHAKE \(2\)\n", output);
        Assert.Matches(@"\n +NO_HANDSHAKE +2 +28\.6% +28\.6%\n", output);
        Assert.Contains("Fixture faults (FIXTURE_FAULT, excluded from yield): 1.", output);
        Assert.Contains("FLAGGED: 2 duplicate identities within a lot", output);
        Assert.Contains("lot 'L2': SSID OpenBL602_971E9608 shown by MAC", output);
    }

    [Theory]
    [InlineData("yield")]
    [InlineData("signoff")]
    public void Help_lists_the_options_only_and_an_unknown_argument_is_bad_input(string report)
    {
        var (_, help, _) = Fixture("report", report, "--help");
        Assert.Contains("--dir", help);
        Assert.DoesNotContain("Additional Arguments", help);

        var (exitCode, output, error) = Fixture("report", report, "--dir", scratch.Path, "--bogus");
        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Contains("--bogus", error);
    }

    [Fact]
    public void One_file_reads_as_one_file_and_a_lot_from_a_file_is_shown_escaped()
    {
        using var single = new ScratchDirectory();
        using (var writer = global::Fixture.Controller.Reports.Csv.CsvReportWriter.Open(single.Path, "ST09", new Microsoft.Extensions.Time.Testing.FakeTimeProvider(YieldReportTests.Day14)))
        {
            writer.Append(SampleRows.Pass(1, YieldReportTests.Day14.AddHours(9), "ST09", 1) with { Lot = "LOT-MARK" });
        }

        // The station flattens control characters when it writes; a file edited by hand or exported by another tool need not.
        var file = Directory.GetFiles(single.Path, "*.csv", SearchOption.AllDirectories).Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("LOT-MARK", "\u001b[2JL9", StringComparison.Ordinal));

        var (exitCode, output, _) = Fixture("report", "yield", "--dir", single.Path, "--by", "lot");

        Assert.Equal(0, exitCode);
        Assert.Contains(": 1 file, 1 row read.", output);
        Assert.DoesNotContain('\u001b', output);
        Assert.True(output.Contains("\\x1B[2JL9", StringComparison.Ordinal), output);
    }

    [Fact]
    public void The_report_reads_and_prints_the_same_under_a_comma_decimal_culture()
    {
        var commaDecimal = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
        commaDecimal.NumberFormat.NumberDecimalSeparator = ",";
        commaDecimal.NumberFormat.NumberGroupSeparator = ".";
        commaDecimal.NumberFormat.PercentDecimalSeparator = ",";
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        string output;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = commaDecimal;
            output = Fixture("report", "yield", "--dir", scratch.Path, "--json").Output + Fixture("report", "yield", "--dir", scratch.Path).Output;
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }

        Assert.Contains("\"first_pass_yield\": 0.4,", output);
        Assert.Matches(@"\nAll +16 +10 +4 +40\.0% +7 +70\.0%", output);
    }

    [Fact]
    public void Json_output_carries_the_same_figures()
    {
        var (exitCode, output, _) = Fixture("report", "yield", "--dir", scratch.Path, "--by", "station,socket", "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var total = json.RootElement.GetProperty("total");
        Assert.Equal(10, total.GetProperty("units").GetInt64());
        Assert.Equal(0.4, total.GetProperty("first_pass_yield").GetDouble());
        Assert.Equal(0.7, total.GetProperty("final_yield").GetDouble());
        Assert.Equal("ST01 | ST01/s1", json.RootElement.GetProperty("groups")[0].GetProperty("key").GetString());
        Assert.Equal(["station", "socket"], json.RootElement.GetProperty("query").GetProperty("group_by").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Repeated_by_options_combine_in_the_order_given()
    {
        var (exitCode, output, _) = Fixture("report", "yield", "--dir", scratch.Path, "--by", "day", "--by", "station");

        Assert.Equal(0, exitCode);
        Assert.Contains("Yield report by day + station", output);
        Assert.Contains("\n2025-03-14 | ST01 ", output);
    }

    [Theory]
    [InlineData("--by", "colour")]
    [InlineData("--from", "14.03.2025")]
    [InlineData("--to", "2025-02-30")]
    [InlineData("--from", "2025-03-15", "--to", "2025-03-14")]
    [InlineData("--frmo", "2025-03-15")]
    public void Bad_options_exit_2_with_a_message(params string[] options)
    {
        var (exitCode, output, error) = Fixture(["report", "yield", "--dir", scratch.Path, .. options]);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith("fixture report yield: ", error);
    }

    [Fact]
    public void A_missing_or_empty_folder_exits_2()
    {
        Assert.Equal(2, Fixture("report", "yield").ExitCode);
        var missing = Fixture("report", "yield", "--dir", Path.Combine(scratch.Path, "nope"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error);
        var empty = Path.Combine(scratch.Path, "empty");
        Directory.CreateDirectory(empty);
        Assert.Contains("no report files", Fixture("report", "yield", "--dir", empty).Error);
    }

    [Fact]
    public void A_foreign_csv_in_the_folder_exits_2_naming_it()
    {
        var foreign = Path.Combine(scratch.Path, "notes.csv");
        File.WriteAllText(foreign, "date,what\n2025-03-14,coffee\n");

        var (exitCode, output, error) = Fixture("report", "yield", "--dir", scratch.Path);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Contains(foreign, error);
    }

    [Fact]
    public void Skipped_rows_are_listed_on_stderr_and_the_report_still_prints()
    {
        File.AppendAllText(Path.Combine(scratch.Path, "ST02", "ST02_2025-03-15.csv"), "garbage\n");

        var (exitCode, output, error) = Fixture("report", "yield", "--dir", scratch.Path);

        Assert.Equal(0, exitCode);
        Assert.Contains($"ST02_2025-03-15.csv:10: 1 fields where the header has {(global::Fixture.Controller.Reports.Csv.UnitReportCsv.ColumnCount)}", error);
        Assert.Contains("Rows skipped as unreadable: 1", output);
    }
}
