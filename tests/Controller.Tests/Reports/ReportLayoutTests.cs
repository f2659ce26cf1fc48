using Fixture.Controller.Reports.Csv;

namespace Fixture.Controller.Tests.Reports;

public sealed class ReportLayoutTests
{
    [Fact]
    public void Raw_logs_are_named_by_day_attempt_socket_and_mac()
    {
        Assert.Equal(
            Path.Combine("/data/reports", "ST01", "logs", "2025-03-14", "1234_s3_703E971E9666.log"),
            ReportLayout.RawLogFile("/data/reports", "ST01", new DateOnly(2025, 3, 14), 1234, 3, "70:3E:97:1E:96:66"));
        Assert.Equal("ST01/logs/2025-03-14/7_s1_nomac.log", ReportLayout.RawLogRelativePath("ST01", new DateOnly(2025, 3, 14), 7, 1, null));
    }

    [Fact]
    public void Daily_file_names_are_read_back_and_other_files_are_not()
    {
        Assert.True(ReportLayout.TryParseDailyFileName("ST-01_2025-03-14.csv", out var station, out var day));
        Assert.Equal(("ST-01", new DateOnly(2025, 3, 14)), (station, day));
        Assert.False(ReportLayout.TryParseDailyFileName("ST01_2025-03-14.csv.torn", out _, out _));
        Assert.False(ReportLayout.TryParseDailyFileName("ST01_2025-13-14.csv", out _, out _));
        Assert.False(ReportLayout.TryParseDailyFileName("summary.csv", out _, out _));
    }
}
