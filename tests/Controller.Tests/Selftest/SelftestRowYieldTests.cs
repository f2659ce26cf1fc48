using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Details;
using Fixture.Controller.Reports.Yield;
using Fixture.Controller.Selftest;
using Fixture.Controller.Tests.Reports;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Selftest;

/// <summary>SELFTEST rows (the station's check of a socket) stay in the CSV and out of every yield figure.</summary>
public sealed class SelftestRowYieldTests : IDisposable
{
    private static readonly DateTimeOffset Morning = SampleRows.Day1.AddHours(-3);
    private readonly ScratchDirectory scratch = new();

    public SelftestRowYieldTests()
    {
        // Hand-made shift: selftest of sockets 1 and 2 (socket 2 fails), a GOLDEN unit, then unit 1
        // fails once and passes, unit 2 passes. Production: 3 attempts, 2 units, FPY 1/2, final 2/2.
        var selftest = new SelftestReport([new("latency-timer", 2, SelftestLevel.Problem, "ttyUSB1 latency timer 16 ms"), new("clock", null, SelftestLevel.Ok, "fine")]);
        using var writer = CsvReportWriter.Open(scratch.Path, "ST01", new FakeTimeProvider(Morning));
        writer.Append(selftest.ToReportRow(SampleRows.Pass(1, Morning, socket: 1)));
        writer.Append(selftest.ToReportRow(SampleRows.Pass(2, Morning.AddSeconds(1), socket: 2)));
        writer.Append(SampleRows.Pass(3, Morning.AddMinutes(5)) with { UnitId = "GOLD", VerificationUnit = VerificationUnitKind.Golden });
        writer.Append(SampleRows.Pass(4, Morning.AddMinutes(10)) with { Verdict = UnitVerdict.Fail, FailureCode = FailureCode.Verify, SsidSeen = null });
        writer.Append(SampleRows.Pass(4, Morning.AddMinutes(11)) with { AttemptNumber = 5 });
        writer.Append(SampleRows.Pass(6, Morning.AddMinutes(12)));
    }

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void The_csv_keeps_the_selftest_rows_marked_SELFTEST()
    {
        var rows = UnitReportCsv.ReadAllRows(ReportLayout.DailyFile(scratch.Path, "ST01", DateOnly.FromDateTime(Morning.UtcDateTime)));

        Assert.Equal(6, rows.Count);
        Assert.Equal([VerificationUnitKind.Selftest, VerificationUnitKind.Selftest], rows.Take(2).Select(r => r.VerificationUnit));
        Assert.Equal([UnitVerdict.Pass, UnitVerdict.Fail], rows.Take(2).Select(r => r.Verdict));
        Assert.Contains(",SELFTEST,", File.ReadAllText(ReportLayout.DailyFile(scratch.Path, "ST01", DateOnly.FromDateTime(Morning.UtcDateTime))), StringComparison.Ordinal);
    }

    [Fact]
    public void The_yield_report_leaves_selftest_rows_out_and_counts_them_apart_from_verification_units()
    {
        var result = YieldReport.Run(YieldReport.FindReportFiles(scratch.Path), new YieldQuery());

        var total = result.Total;
        Assert.Equal((3L, 2L, 1L, 2L, 0L), (total.Attempts, total.Units, total.FirstPassUnits, total.FinalPassUnits, total.FixtureFaults));
        Assert.Equal((6L, 1L, 2L), (result.Input.RowsRead, result.Input.VerificationRowsExcluded, result.Input.SelftestRowsExcluded));
        using var text = new StringWriter();
        YieldReportText.Write(text, result);
        Assert.Contains("Left out: 1 verification-unit row, 2 selftest rows,", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_detail_pass_lists_the_golden_unit_but_not_the_selftest_rows()
    {
        var (_, details) = QaReports.YieldWithDetails(YieldReport.FindReportFiles(scratch.Path), new YieldQuery(), new DetailScope(null));

        var verification = Assert.Single(details.VerificationRows);
        Assert.Equal(VerificationUnitKind.Golden, verification.Kind);
        Assert.Equal(3, details.RowsInScope);
    }
}
