using Fixture.Protocol.Identity;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Details;
using Fixture.Controller.Reports.Health;
using Fixture.Controller.Reports.Yield;

namespace Fixture.Controller.Tests.Reports;

/// <summary>
/// Station health on rows with known retry counts: a socket whose recent attempts retry far more
/// than its own earlier ones warns, a steady socket does not, whatever the order rows are read in.
/// </summary>
public sealed class StationHealthTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 6, 0, 0, TimeSpan.Zero);

    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    /// <summary>
    /// ST01/s1 (adapter A): 300 attempts without a retry, then 100 with 1 retry and 2 handshakes each.
    /// ST01/s2 (adapter B): 400 attempts, every 10th with 1 retry (0.1 per attempt throughout).
    /// ST01/s3 (adapter C): 250 attempts only, the last 100 with retries: too few to judge.
    /// </summary>
    private string Write(bool reversed = false)
    {
        var rows = new List<UnitReportRow>();
        var attempt = 0L;
        UnitReportRow Row(int socket, int i, int retries, string adapter) =>
            SampleRows.Pass(++attempt, Start.AddSeconds((20 * i) + socket), "ST01", socket) with
            {
                Mac = MacAddress.FromBytes([0x70, 0x3E, (byte)socket, (byte)(i >> 16), (byte)(i >> 8), (byte)i]).ToString(),
                HandshakeAttempts = 1 + retries,
                TotalRetries = retries,
                AdapterIdentity = adapter,
            };
        for (var i = 0; i < 400; i++)
        {
            rows.Add(Row(1, i, i < 300 ? 0 : 1, "A"));
            rows.Add(Row(2, i, i % 10 == 0 ? 1 : 0, "B"));
            if (i < 250)
            {
                rows.Add(Row(3, i, i < 150 ? 0 : 1, "C"));
            }
        }

        if (reversed)
        {
            rows.Reverse();
        }

        var path = ReportLayout.DailyFile(scratch.Path, "ST01", DateOnly.FromDateTime(Start.UtcDateTime));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path, append: false, UnitReportCsv.Encoding);
        UnitReportCsv.WriteRows(writer, rows, writeHeader: true);
        return scratch.Path;
    }

    private static StationHealthResult Health(string dir) =>
        QaReports.YieldWithHealth(YieldReport.FindReportFiles(dir), new YieldQuery(), new StationHealthOptions()).Health;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_socket_retrying_far_above_its_own_baseline_warns_and_a_steady_one_does_not(bool reversed)
    {
        var health = Health(Write(reversed));

        var s1 = health.Sockets.Single(s => s.Key == "ST01/s1");
        Assert.True(s1.Judged);
        Assert.Equal((0.0, 1.0, true), (s1.Retries.Baseline, s1.Retries.Recent, s1.Retries.Warning));
        Assert.True(s1.ExtraHandshakes.Warning);
        var s2 = health.Sockets.Single(s => s.Key == "ST01/s2");
        Assert.True(s2.Judged);
        Assert.False(s2.Warning);
        Assert.Equal(0.1, s2.Retries.Recent, 9);
        var s3 = health.Sockets.Single(s => s.Key == "ST01/s3");
        Assert.False(s3.Judged);
        Assert.False(s3.Warning);
        Assert.Equal(["A"], health.Adapters.Where(a => a.Warning).Select(a => a.Key));
        Assert.Equal(0.25, s1.RetriesPerAttempt, 9);
        Assert.Equal(1.25, s1.HandshakesPerAttempt, 9);
    }

    [Fact]
    public void A_few_extra_retries_on_a_clean_socket_are_not_a_warning()
    {
        var options = new StationHealthOptions();

        // Baseline without a retry; 2 retries in the recent 100 are below 3 standard deviations of an expectation of at least 1.
        Assert.False(StationHealthCollector.Judge(0, 300, 2, 100, judged: true, options).Warning);
        Assert.True(StationHealthCollector.Judge(0, 300, 4, 100, judged: true, options).Warning);
        // Twice the baseline but within its noise: 10 → 20 per 100 needs 20 - 10 ≥ 3·√10 ≈ 9.5: a warning; 10 → 18 is not.
        Assert.True(StationHealthCollector.Judge(30, 300, 20, 100, judged: true, options).Warning);
        Assert.False(StationHealthCollector.Judge(30, 300, 18, 100, judged: true, options).Warning);
    }

    [Fact]
    public void The_text_report_prints_health_and_names_the_socket_and_adapter_to_check()
    {
        var dir = Write();

        var (exit, output, _) = FixtureCli.Run("report", "yield", "--dir", dir);
        var strict = FixtureCli.Run("report", "yield", "--dir", dir, "--health-recent", "50", "--health-baseline", "100", "--health-factor", "1.5").Output;

        Assert.Equal(0, exit);
        Assert.Contains("Station health (per attempt; recent = the last 100 attempts", output);
        Assert.Matches(@"\n  ST01/s1 +400 +1\.250 +0\.250 +0\.000 → 1\.000 +0\.000 → 1\.000 +WARNING: retries 0\.000 → 1\.000 per attempt; extra handshakes", output);
        Assert.Matches(@"\n  ST01/s3 +250 .* too few attempts to judge \(250 of 300\)", output);
        Assert.Contains("HEALTH WARNING: 2 sockets or adapters well above their own baseline: ST01/s1, A.", output);
        Assert.Contains("recent = the last 50 attempts", strict);
        Assert.Contains("HEALTH WARNING: 4 sockets or adapters well above their own baseline: ST01/s1, ST01/s3, A, C.", strict);
    }

    [Theory]
    [InlineData("--health-recent", "0")]
    [InlineData("--health-baseline", "-1")]
    [InlineData("--health-factor", "1")]
    public void A_health_option_out_of_range_is_bad_input(string option, string value)
    {
        var (exit, output, error) = FixtureCli.Run("report", "yield", "--dir", Write(), option, value);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(option, error);
    }
}
