using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;

namespace Fixture.EndToEnd.Tests;

/// <summary>Issue 13 §6: every attempt has its raw UART log, named after the MAC or <c>nomac</c>.</summary>
public sealed class RawLogTests : IDisposable
{
    private readonly string _reports = Directory.CreateTempSubdirectory("fixture-rawlog-").FullName;

    [Fact]
    public void Every_attempt_of_a_fault_mix_has_its_raw_log_named_after_its_mac_or_nomac()
    {
        // A unit that never answers, one whose chip refuses (no MAC read), a short (never powered on its retest),
        // a foreign flash chip (MAC read, never booted), one that crashes after boot, and healthy units from the mixed profile.
        var (exit, output, error) = FixtureCli.Run(
            "run", "--sim", "--sockets", "6", "--units", "3", "--faults", "mixed", "--seed", "7",
            "--fault", "1:dead", "--fault", "2:secure-boot", "--fault", "3:short", "--fault", "4:jedec=c84015", "--fault", "5:crash=2s",
            "--reports", _reports);

        Assert.True(exit == 0, output + error);
        var rows = Directory.EnumerateFiles(Path.Combine(_reports, "sim-1"), "*.csv").SelectMany(UnitReportCsv.ReadAllRows).ToList();
        Assert.Equal(18, rows.Count);
        Assert.Contains(rows, r => r.Mac is null); // the mix has attempts that never read a MAC ...
        Assert.Contains(rows, r => r.Verdict == UnitVerdict.Fail && EndsBeforeBoot(r.FailureCode)); // ... and attempts that never booted
        foreach (var row in rows)
        {
            Assert.False(string.IsNullOrEmpty(row.RawLogFile), $"attempt {row.AttemptNumber} ({row.FailureCode}) has no raw log");
            var path = Path.Combine(_reports, row.RawLogFile!);
            Assert.True(File.Exists(path), $"attempt {row.AttemptNumber}: {row.RawLogFile} is missing");
            var macPart = row.Mac is null ? "nomac" : row.Mac.Replace(":", "", StringComparison.Ordinal);
            Assert.EndsWith($"{row.AttemptNumber}_s{row.Socket}_{macPart}.log", row.RawLogFile, StringComparison.Ordinal);
        }

        var logs = Directory.EnumerateFiles(Path.Combine(_reports, "sim-1", "logs"), "*.log", SearchOption.AllDirectories).Count();
        Assert.Equal(rows.Count, logs); // no nomac file left behind beside a renamed one
        var neverBooted = rows.First(r => r.Verdict == UnitVerdict.Fail && EndsBeforeBoot(r.FailureCode));
        Assert.Contains($"attempt {neverBooted.AttemptNumber} on socket {neverBooted.Socket} ended FAIL {neverBooted.FailureCode!.Value.ToText()}", File.ReadAllText(Path.Combine(_reports, neverBooted.RawLogFile!)), StringComparison.Ordinal);
    }

    private static bool EndsBeforeBoot(FailureCode? code) =>
        code is FailureCode.NoHandshake or FailureCode.ChipLocked or FailureCode.HelperLoad or FailureCode.LoaderHandshake or FailureCode.FlashId
            or FailureCode.Erase or FailureCode.Write or FailureCode.Verify or FailureCode.Short or FailureCode.LiveRail;

    public void Dispose() => Directory.Delete(_reports, recursive: true);
}
