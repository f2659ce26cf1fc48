using System.Security.Cryptography;
using Fixture.Controller.Reports;
using Fixture.Lab.Reports.Benchmark;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Yield;

namespace Fixture.Controller.Tests.Reports;

public sealed class SyntheticReportSetTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private static string Fingerprint(string directory) =>
        Convert.ToHexString(SHA256.HashData(
            YieldReport.FindReportFiles(directory)
                .SelectMany(path => System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(directory, path)).Concat(File.ReadAllBytes(path)))
                .ToArray()));

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        var a = Path.Combine(scratch.Path, "a");
        var b = Path.Combine(scratch.Path, "b");
        var c = Path.Combine(scratch.Path, "c");

        SyntheticReportSet.Write(a, 3_000, seed: 7);
        SyntheticReportSet.Write(b, 3_000, seed: 7);
        SyntheticReportSet.Write(c, 3_000, seed: 8);

        Assert.Equal(Fingerprint(a), Fingerprint(b));
        Assert.NotEqual(Fingerprint(a), Fingerprint(c));
    }

    [Fact]
    public void Exactly_the_requested_rows_are_written_as_valid_report_rows()
    {
        var truth = SyntheticReportSet.Write(scratch.Path, 5_001, seed: 1, new SyntheticReportOptions { UnitsPerLot = 200 });

        var files = YieldReport.FindReportFiles(scratch.Path);
        var rows = files.SelectMany(UnitReportCsv.ReadAllRows).ToList();
        Assert.Equal(5_001, rows.Count);
        Assert.Equal(truth.Rows, rows.Count);
        Assert.Equal(truth.Files, files.Count);
        Assert.Equal(truth.Bytes, files.Sum(f => new FileInfo(f).Length));
        Assert.All(rows.GroupBy(r => r.Station), station =>
            Assert.Equal(station.Select(r => r.AttemptNumber).Order(), station.Select(r => r.AttemptNumber)));
        Assert.All(files, file => Assert.True(ReportLayout.TryParseDailyFileName(Path.GetFileName(file), out _, out _)));
        Assert.Contains(rows, r => r.VerificationUnit == VerificationUnitKind.Golden);
        Assert.Contains(rows, r => r.Verdict == UnitVerdict.Rework);
        Assert.Contains(rows, r => r.FailureCode == FailureCode.FixtureFault);
        Assert.Contains(rows, r => r.Mac is null && r.UnitId is null);
        Assert.Contains(rows, r => r.Mac is null && r.UnitId is not null);
    }

    [Fact]
    public void The_yield_report_finds_exactly_the_generators_truth()
    {
        // Clones raised far above real life so that merged units are certainly exercised.
        var truth = SyntheticReportSet.Write(scratch.Path, 12_000, seed: 5, new SyntheticReportOptions { CloneRate = 0.02, UnitsPerLot = 500 });

        var report = YieldReport.Run(YieldReport.FindReportFiles(scratch.Path), new YieldQuery { GroupBy = [YieldDimension.Lot] });

        Assert.True(truth.Clones > 10);
        Assert.Equal(
            (truth.Attempts, truth.Units, truth.FirstPassUnits, truth.FinalPassUnits, truth.ReworkUnits, truth.FixtureFaults),
            (report.Total.Attempts, report.Total.Units, report.Total.FirstPassUnits, report.Total.FinalPassUnits, report.Total.ReworkUnits, report.Total.FixtureFaults));
        Assert.Equal(truth.VerificationRows, report.Input.VerificationRowsExcluded);
        Assert.Equal(0, report.Input.SkippedRowCount);
        Assert.Contains(report.Flags, f => f.Kind == "MAC");
        Assert.Contains(report.Flags, f => f.Kind == "SSID");
        Assert.Equal(report.Total.Units, report.Groups.Sum(g => g.Units));
    }
}
