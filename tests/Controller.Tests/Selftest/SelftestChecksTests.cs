using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Selftest;
using Fixture.Controller.Tests.Reports;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Selftest;

public sealed class SelftestChecksTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private static async Task<SelftestFinding> Single(ISelftestCheck check) => Assert.Single(await check.RunAsync(CancellationToken.None));

    [Fact]
    public async Task By_id_and_by_path_names_pass_and_a_numbered_tty_warns_naming_its_by_id_link()
    {
        var dev = Path.Combine(scratch.Path, "dev");
        Directory.CreateDirectory(Path.Combine(dev, "serial", "by-id"));
        File.WriteAllText(Path.Combine(dev, "ttyUSB1"), "");
        var link = Path.Combine(dev, "serial", "by-id", "usb-FTDI_FT232R_A50285BI-if00-port0");
        File.CreateSymbolicLink(link, "../../ttyUSB1");
        var check = new PortNameCheck(
            [
                new SelftestSocket(1, Path.Combine(dev, "serial", "by-id", "usb-FTDI_FT232R_A10000AA-if00-port0")),
                new SelftestSocket(2, Path.Combine(dev, "ttyUSB1")),
                new SelftestSocket(3, Path.Combine(dev, "serial", "by-path", "pci-0000:00:14.0-usb-0:3:1.0-port0")),
                new SelftestSocket(4, Path.Combine(dev, "ttyACM0")),
            ],
            dev);

        var findings = await check.RunAsync(CancellationToken.None);

        Assert.Equal([SelftestLevel.Ok, SelftestLevel.Warning, SelftestLevel.Ok, SelftestLevel.Warning], findings.Select(f => f.Level));
        Assert.Contains($"use {link} instead in sockets[1].serial.port", findings[1].Text, StringComparison.Ordinal);
        Assert.Equal(2, findings[1].Socket);
        Assert.Contains("/dev/serial/by-id/", findings[3].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("16", SelftestLevel.Warning)]
    [InlineData("2", SelftestLevel.Ok)]
    [InlineData("1\n", SelftestLevel.Ok)]
    [InlineData("fast", SelftestLevel.Warning)]
    public async Task The_FTDI_latency_timer_warns_above_2_ms(string content, SelftestLevel expected)
    {
        var sys = Path.Combine(scratch.Path, "sys");
        var port = Path.Combine(sys, "bus", "usb-serial", "devices", "ttyUSB0");
        Directory.CreateDirectory(port);
        File.WriteAllText(Path.Combine(port, "latency_timer"), content);

        var finding = await Single(new LatencyTimerCheck([new SelftestSocket(2, "/dev/ttyUSB0")], sys));

        Assert.Equal(expected, finding.Level);
        Assert.Equal(2, finding.Socket);
        if (content == "16")
        {
            Assert.Contains("latency timer of 16 ms (above 2 ms)", finding.Text, StringComparison.Ordinal);
            Assert.Contains("echo 1 | sudo tee", finding.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_adapter_without_a_latency_timer_passes_with_a_note()
    {
        var finding = await Single(new LatencyTimerCheck([new SelftestSocket(1, "/dev/ttyUSB7")], Path.Combine(scratch.Path, "empty-sys")));

        Assert.Equal(SelftestLevel.Ok, finding.Level);
        Assert.Contains("no latency_timer", finding.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100_000_000L, SelftestLevel.Problem)]
    [InlineData(1_000_000_000L, SelftestLevel.Warning)]
    [InlineData(50_000_000_000L, SelftestLevel.Ok)]
    public async Task Free_disk_below_the_limits_is_a_problem_or_a_warning(long free, SelftestLevel expected)
    {
        var asked = new List<string>();
        var check = new FreeDiskCheck([("reports", Path.Combine(scratch.Path, "not-yet", "reports"))], FreeDiskLimits.Default, path => { asked.Add(path); return free; });

        var finding = await Single(check);

        Assert.Equal(expected, finding.Level);
        Assert.Equal([scratch.Path], asked); // the nearest folder that exists
    }

    [Fact]
    public async Task A_clock_behind_the_last_report_row_is_a_problem_naming_the_file()
    {
        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", new FakeTimeProvider(SampleRows.Day1)))
        {
            writer.Append(SampleRows.Pass(1));
            writer.Append(SampleRows.Pass(2));
        }

        var behind = await Single(new ClockCheck(new FakeTimeProvider(SampleRows.Day1.AddHours(-3)), scratch.Path, "ST01"));
        var after = await Single(new ClockCheck(new FakeTimeProvider(SampleRows.Day1.AddHours(1)), scratch.Path, "ST01"));
        var none = await Single(new ClockCheck(new FakeTimeProvider(SampleRows.Day1), scratch.Path, "ST02"));

        Assert.Equal(SelftestLevel.Problem, behind.Level);
        Assert.Contains("3 hours behind the last report row (2025-03-14 09:00:40 UTC in ST01_2025-03-14.csv)", behind.Text, StringComparison.Ordinal);
        Assert.Equal(SelftestLevel.Ok, after.Level);
        Assert.Equal(SelftestLevel.Ok, none.Level);
    }

    [Fact]
    public async Task A_check_that_throws_is_a_problem_and_the_others_still_run()
    {
        var report = await SelftestReport.RunAsync([new Throwing(), new FreeDiskCheck([("logs", scratch.Path)], null, _ => long.MaxValue)], CancellationToken.None);

        Assert.Equal(1, report.ExitCode);
        Assert.Equal(2, report.Findings.Count);
        Assert.Contains("the check itself failed: no supply monitor", report.Findings[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_keep_exit_0_and_the_audit_entry_lists_them()
    {
        var report = new SelftestReport([new("port-name", 2, SelftestLevel.Warning, "/dev/ttyUSB1 may move"), new("clock", null, SelftestLevel.Ok, "fine")]);

        Assert.Equal(0, report.ExitCode);
        var entry = report.ToAuditEntry("station");
        Assert.Equal("WARNING", entry.Details["result"]);
        Assert.Equal("WARNING socket 2  port-name: /dev/ttyUSB1 may move", entry.Details["finding_1"]);
    }

    [Fact]
    public void A_sockets_selftest_row_fails_with_FIXTURE_FAULT_on_a_problem_and_carries_no_unit()
    {
        var report = new SelftestReport(
        [
            new("relay-toggle", 1, SelftestLevel.Problem, "POWER relay did not switch"),
            new("port-name", 2, SelftestLevel.Ok, "stable"),
            new("free-disk", null, SelftestLevel.Warning, "4 GB free"),
        ]);
        var template = SampleRows.Pass(7) with { Socket = 1 };

        var failed = report.ToReportRow(template);
        var passed = report.ToReportRow(template with { Socket = 2 });

        Assert.Equal((VerificationUnitKind.Selftest, UnitVerdict.Fail, FailureCode.FixtureFault, "Selftest"), (failed.VerificationUnit, failed.Verdict, failed.FailureCode, failed.FailedStep));
        Assert.Null(failed.Mac);
        Assert.Null(failed.UnitId);
        Assert.Contains("relay-toggle: POWER relay did not switch", failed.Detail, StringComparison.Ordinal);
        Assert.Equal((UnitVerdict.Pass, (FailureCode?)null), (passed.Verdict, passed.FailureCode));
        Assert.Contains("free-disk: 4 GB free", passed.Detail, StringComparison.Ordinal);
    }

    private sealed class Throwing : ISelftestCheck
    {
        public string Name => "relay-toggle";

        public Task<IReadOnlyList<SelftestFinding>> RunAsync(CancellationToken ct) => throw new InvalidOperationException("no supply monitor");
    }
}
