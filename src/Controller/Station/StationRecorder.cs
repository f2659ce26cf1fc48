using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Workflow;

namespace Fixture.Controller.Station;

/// <summary>
/// The station's one report side, shared by its sockets: attempt numbers, the serialised CSV writer,
/// each unit's history (by chip id) and today's counts. A row is on disk before its outcome goes to the observer.
/// </summary>
internal sealed class StationRecorder : IUnitRecorder, IDisposable
{
    private readonly CsvReportWriter _writer;
    private readonly AttemptCounter _counter;
    private readonly UnitHistory _history;
    private readonly StationCountsTracker _counts;
    private readonly IStationObserver _observer;
    private readonly TimeProvider _wallClock;
    private readonly Lock _countsGate = new();
    private readonly Lock _clockGate = new();
    private DateTimeOffset _lastTimestamp;

    public StationRecorder(CsvReportWriter writer, AttemptCounter counter, UnitHistory history, StationCountsTracker counts, IStationObserver observer, TimeProvider wallClock, AdapterBaudBook adapterBauds)
    {
        _wallClock = wallClock;
        AdapterBauds = adapterBauds;
        _writer = writer;
        _counter = counter;
        _history = history;
        _counts = counts;
        _observer = observer;
    }

    public string ReportDirectory => _writer.ReportDirectory;

    public AdapterBaudBook AdapterBauds { get; }

    /// <summary>Today's report file.</summary>
    public string TodaysFile(DateOnly day) => ReportLayout.DailyFile(_writer.ReportDirectory, _writer.Station, day);

    public StationCounts Counts => _counts.Snapshot();

    public long NextAttemptNumber() => _counter.Next();

    /// <summary>Wall-clock UTC, never earlier than a timestamp handed out before (a clock stepped back does not reorder rows).</summary>
    public DateTimeOffset UtcNow()
    {
        var now = _wallClock.GetUtcNow().ToUniversalTime();
        lock (_clockGate)
        {
            _lastTimestamp = now > _lastTimestamp ? now : _lastTimestamp;
            return _lastTimestamp;
        }
    }

    /// <summary>The last attempt number handed out so far (0 in a new report folder).</summary>
    public long LastAttemptNumber => _counter.Last;

    public ReworkDecision? ReworkFor(Fixture.Protocol.Identity.MacAddress chipId) => _history.Check(chipId);

    public ReworkDecision? ReworkFor(string? unitId) => _history.Check(unitId);

    public UnitOutcome Record(UnitReportRow row)
    {
        _writer.Append(row);
        _history.Add(row);
        var outcome = Describe(row);
        _observer.OnUnitFinished(outcome);

        // Counted and shown under one lock: sockets finishing together must not show an older count after a newer one.
        lock (_countsGate)
        {
            _observer.OnCountsChanged(_counts.Add(row));
        }

        return outcome;
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>The words the operator sees for a row: headline, what happened, what to do.</summary>
    public static UnitOutcome Describe(UnitReportRow row)
    {
        switch (row.Verdict)
        {
            case UnitVerdict.Pass:
                return row.WeakSupplyWarning
                    ? new UnitOutcome(row, "PASS", $"Flashed, verified and booted ({row.SsidSeen}), but its supply looks weak: it needed power-cycle retries or drew too much current.", "Take the unit out and put the next one in; if many units warn, tell the technician to check the supply and contacts.")
                    : new UnitOutcome(row, "PASS", $"Flashed, verified and booted ({row.SsidSeen}).", "Take the unit out and put the next one in.");
            case UnitVerdict.Rework:
                return new UnitOutcome(row, row.FailureCode is { } c ? $"REWORK: {c.ToText()}" : "REWORK",
                    row.Detail ?? "The unit reached its retest limit.", "Set the unit aside for rework; do not retest it.");
            default:
                var info = row.FailureCode!.Value.Describe();
                return new UnitOutcome(row, $"FAIL: {info.Text}", info.Explanation, info.NextStep);
        }
    }
}
