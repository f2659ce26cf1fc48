using Fixture.Controller.Reports.Csv;

namespace Fixture.Controller.Tests.Reports;

/// <summary>
/// Files of the version before loader_baud and baud_stepdowns (48 columns, ending at efuse_sha256): they read back
/// whole, and a station whose attempt counter is lost continues after their highest attempt.
/// </summary>
public sealed class PreviousVersionReportTests : IDisposable
{
    private const int PreviousColumns = 48;
    private readonly string _folder = Directory.CreateTempSubdirectory("fixture-previous-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WritePreviousVersionFile()
    {
        var path = ReportLayout.DailyFile(_folder, "ST01", new DateOnly(2026, 3, 2));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var writer = new StringWriter())
        {
            UnitReportCsv.WriteRows(writer, [SampleRows.Pass(7) with { MacSource = "efuse-slot1" }, SampleRows.Pass(8) with { MacSource = "efuse-slot1" }], writeHeader: true);
            var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, line => Assert.Equal(UnitReportCsv.ColumnCount, line.Split(',').Length)); // no commas inside fields, so cutting is safe
            File.WriteAllText(path, string.Concat(lines.Select(line => string.Join(',', line.Split(',').Take(PreviousColumns)) + "\n")));
        }

        Assert.EndsWith(",mac_source,efuse_sha256", File.ReadLines(path).First(), StringComparison.Ordinal);
        return path;
    }

    [Fact]
    public void A_file_without_the_loader_rate_columns_reads_back_with_them_empty()
    {
        var rows = UnitReportCsv.ReadAllRows(WritePreviousVersionFile());

        Assert.Equal([7L, 8L], rows.Select(r => r.AttemptNumber));
        Assert.All(rows, r => Assert.Equal("efuse-slot1", r.MacSource));
        Assert.All(rows, r => Assert.Null(r.LoaderBaud));
        Assert.All(rows, r => Assert.Null(r.BaudStepDowns));
    }

    [Fact]
    public void A_file_without_the_variant_and_backup_columns_reads_back_with_them_empty()
    {
        var rows = UnitReportCsv.ReadAllRows(WritePreviousVersionFile());

        Assert.All(rows, r => Assert.Null(r.RecipeVariant));
        Assert.All(rows, r => Assert.Null(r.BackupFile));
    }

    [Fact]
    public void A_lost_attempt_counter_continues_after_the_highest_attempt_of_a_previous_version_file()
    {
        WritePreviousVersionFile();

        var counter = AttemptCounter.Open(_folder, "ST01");

        Assert.Equal(9, counter.Next());
    }
}
