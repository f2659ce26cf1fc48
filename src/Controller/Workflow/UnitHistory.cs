using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Yield;

namespace Fixture.Controller.Workflow;

/// <summary>The station's decision not to flash a unit again.</summary>
/// <param name="Code">The code that made it rework (CHIP_LOCKED, FLASH_ID, SHORT), or the last failure's for the retest limit.</param>
/// <param name="Reason">What the operator and QA read.</param>
internal sealed record ReworkDecision(FailureCode? Code, string Reason);

/// <summary>
/// Each MAC's record on this station: failed attempts since its last PASS and any code a retest cannot
/// fix. Read from the recent report files at start-up (so it survives restarts), then kept up to date
/// row by row. Verification units, fixture faults and aborts do not count against a unit. Thread-safe.
/// </summary>
internal sealed class UnitHistory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, Entry> _byMac = [];
    private readonly int _retestLimit;

    public UnitHistory(int retestLimit)
    {
        _retestLimit = retestLimit;
    }

    /// <summary>Rows read at start-up, and the unreadable ones skipped.</summary>
    public int RowsRead { get; private set; }

    public int RowsSkipped { get; private set; }

    /// <summary>Reads the station's daily files of the last <paramref name="days"/> days (today included), oldest row first.</summary>
    public static UnitHistory Load(string reportDirectory, string station, DateOnly today, int days, int retestLimit)
    {
        var history = new UnitHistory(retestLimit);
        var folder = ReportLayout.StationDirectory(reportDirectory, station);
        if (!Directory.Exists(folder))
        {
            return history;
        }

        var first = today.AddDays(1 - days);
        var rows = new List<YieldRow>();
        var skipped = 0;
        foreach (var path in Directory.EnumerateFiles(folder, "*" + ReportLayout.DailyFileExtension))
        {
            if (ReportLayout.TryParseDailyFileName(Path.GetFileName(path), out var name, out var day) && name == station && day >= first && day <= today)
            {
                try
                {
                    rows.AddRange(YieldRowReader.Read(path, (_, _) => skipped++));
                }
                catch (ReportFileException)
                {
                    // A foreign file is refused by the writer and named by the yield report; it holds no history of ours.
                }
            }
        }

        foreach (var row in rows.OrderBy(r => r.Timestamp))
        {
            history.Add(row.Mac, row.Verdict, row.Code, row.Verification);
        }

        history.RowsRead = rows.Count;
        history.RowsSkipped = skipped;
        return history;
    }

    /// <summary>Null when the unit may be flashed; otherwise why it goes to rework.</summary>
    public ReworkDecision? Check(string mac)
    {
        if (!YieldRowReader.TryParseMac(mac, out var key))
        {
            return null;
        }

        lock (_gate)
        {
            if (!_byMac.TryGetValue(key, out var entry))
            {
                return null;
            }

            if (entry.Unfixable is { } code)
            {
                return new ReworkDecision(code, $"{mac} failed {code.ToText()} before, which a retest cannot fix: set it aside for rework (not flashed).");
            }

            if (entry.FailuresSinceLastPass >= _retestLimit)
            {
                return new ReworkDecision(entry.LastCode, $"{mac} has failed {entry.FailuresSinceLastPass} attempts (retest limit {_retestLimit}), last {entry.LastCode?.ToText() ?? "unknown"}: set it aside for rework (not flashed).");
            }

            return null;
        }
    }

    public void Add(UnitReportRow row)
    {
        if (row.Mac is { } mac && YieldRowReader.TryParseMac(mac, out var key))
        {
            Add(key, row.Verdict, row.FailureCode, row.VerificationUnit);
        }
    }

    private void Add(ulong mac, UnitVerdict verdict, FailureCode? code, VerificationUnitKind verification)
    {
        if (mac == 0 || verification != VerificationUnitKind.None || code is FailureCode.FixtureFault or FailureCode.Aborted)
        {
            return;
        }

        lock (_gate)
        {
            var entry = _byMac.GetValueOrDefault(mac);
            entry = verdict switch
            {
                UnitVerdict.Pass => new Entry(0, null, null),
                UnitVerdict.Fail when code is { } c && !c.Describe().RetestCanFix => entry with { FailuresSinceLastPass = entry.FailuresSinceLastPass + 1, Unfixable = c, LastCode = c },
                UnitVerdict.Fail => entry with { FailuresSinceLastPass = entry.FailuresSinceLastPass + 1, LastCode = code },
                _ => entry,
            };
            _byMac[mac] = entry;
        }
    }

    private readonly record struct Entry(int FailuresSinceLastPass, FailureCode? Unfixable, FailureCode? LastCode);
}
