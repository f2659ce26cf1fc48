using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Yield;
using Fixture.Protocol.Identity;
using Fixture.Protocol.Text;

namespace Fixture.Controller.Workflow;

/// <summary>The station's decision not to flash a unit again.</summary>
/// <param name="Code">The code that made it rework (CHIP_LOCKED, FLASH_ID, SHORT), or the last failure's for the retest limit.</param>
/// <param name="Reason">What the operator and QA read.</param>
internal sealed record ReworkDecision(FailureCode? Code, string Reason);

/// <summary>
/// Each unit's record on this station, by chip id (eFuse slot 0, readable as soon as the bootrom answers,
/// even when the helper never loads): failed attempts since its last PASS and any code a retest cannot
/// fix. Read from the recent report files at start-up (so it survives restarts; older files, whose mac
/// was the chip id, read the same way), then kept up to date row by row. Verification units, fixture
/// faults and aborts do not count against a unit. Thread-safe.
/// </summary>
internal sealed class UnitHistory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, Entry> _byUnit = [];
    private readonly Dictionary<string, FailureCode> _unfixableByUnitId = new(StringComparer.Ordinal);
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
            history.Add(row.UnitKey, row.Verdict, row.Code, row.Verification);
            history.AddByUnitId(SpreadsheetTextGuard.Unprotect(row.UnitId), row.Verdict, row.Code, row.Verification);
        }

        history.RowsRead = rows.Count;
        history.RowsSkipped = skipped;
        return history;
    }

    /// <summary>Null when the unit may be flashed; otherwise why it goes to rework.</summary>
    public ReworkDecision? Check(MacAddress chipId)
    {
        var key = YieldRowReader.UnitKeyOf(chipId);
        var unit = $"chip id {chipId}";
        lock (_gate)
        {
            if (!_byUnit.TryGetValue(key, out var entry))
            {
                return null;
            }

            if (entry.Unfixable is { } code)
            {
                return new ReworkDecision(code, $"{unit} failed {code.ToText()} before, which a retest cannot fix: set it aside for rework (not flashed).");
            }

            if (entry.FailuresSinceLastPass >= _retestLimit)
            {
                return new ReworkDecision(entry.LastCode, $"{unit} has failed {Plural.Of(entry.FailuresSinceLastPass, "attempt")} (retest limit {_retestLimit}), last {entry.LastCode?.ToText() ?? "unknown"}: set it aside for rework (not flashed).");
            }

            return null;
        }
    }

    /// <summary>
    /// Null when the scanned unit id may be powered; otherwise why it goes to rework without power: an
    /// earlier attempt with this unit id failed with a code a retest cannot fix. A SHORT ends before the
    /// bootrom answers (no chip id), so the scanned id is the only way to know the unit again.
    /// </summary>
    public ReworkDecision? Check(string? unitId)
    {
        if (string.IsNullOrEmpty(unitId))
        {
            return null;
        }

        lock (_gate)
        {
            return _unfixableByUnitId.TryGetValue(unitId, out var code)
                ? new ReworkDecision(code, $"unit id '{unitId}' failed {code.ToText()} before, which a retest cannot fix: set it aside for rework (not powered).")
                : null;
        }
    }

    public void Add(UnitReportRow row)
    {
        if (YieldRowReader.UnitKeyOf(row.ChipId, row.Mac) is var key and not 0)
        {
            Add(key, row.Verdict, row.FailureCode, row.VerificationUnit);
        }

        AddByUnitId(row.UnitId, row.Verdict, row.FailureCode, row.VerificationUnit);
    }

    private void AddByUnitId(string? unitId, UnitVerdict verdict, FailureCode? code, VerificationUnitKind verification)
    {
        if (string.IsNullOrEmpty(unitId) || verification != VerificationUnitKind.None)
        {
            return;
        }

        lock (_gate)
        {
            if (verdict == UnitVerdict.Pass)
            {
                _unfixableByUnitId.Remove(unitId);
            }
            else if (verdict == UnitVerdict.Fail && code is { } c && !c.Describe().RetestCanFix)
            {
                _unfixableByUnitId[unitId] = c;
            }
        }
    }

    private void Add(ulong unit, UnitVerdict verdict, FailureCode? code, VerificationUnitKind verification)
    {
        if (unit == 0 || verification != VerificationUnitKind.None || code is FailureCode.FixtureFault or FailureCode.Aborted)
        {
            return;
        }

        lock (_gate)
        {
            var entry = _byUnit.GetValueOrDefault(unit);
            entry = verdict switch
            {
                UnitVerdict.Pass => new Entry(0, null, null),
                UnitVerdict.Fail when code is { } c && !c.Describe().RetestCanFix => entry with { FailuresSinceLastPass = entry.FailuresSinceLastPass + 1, Unfixable = c, LastCode = c },
                UnitVerdict.Fail => entry with { FailuresSinceLastPass = entry.FailuresSinceLastPass + 1, LastCode = code },
                _ => entry,
            };
            _byUnit[unit] = entry;
        }
    }

    private readonly record struct Entry(int FailuresSinceLastPass, FailureCode? Unfixable, FailureCode? LastCode);
}
