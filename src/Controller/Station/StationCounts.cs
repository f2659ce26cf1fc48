using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Yield;

namespace Fixture.Controller.Station;

/// <summary>
/// Today's counts for the operator: attempts, PASS, FAIL, REWORK and first-pass yield over the day's
/// units (a unit is its chip id; an attempt without one is a unit of its own). Verification units are left
/// out, and a fixture fault is neither an attempt nor a FAIL (as in the yield report). Seeded from today's report file at start-up.
/// </summary>
internal sealed class StationCountsTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, bool> _firstAttemptPassed = [];
    private DateOnly _day;
    private int _attempts;
    private int _pass;
    private int _fail;
    private int _rework;
    private int _anonymousUnits;
    private int _anonymousPasses;

    public StationCountsTracker(DateOnly today)
    {
        _day = today;
    }

    public static StationCountsTracker Load(string reportDirectory, string station, DateOnly today)
    {
        var counts = new StationCountsTracker(today);
        var path = ReportLayout.DailyFile(reportDirectory, station, today);
        if (File.Exists(path))
        {
            foreach (var row in YieldRowReader.Read(path, (_, _) => { }).OrderBy(r => r.Timestamp))
            {
                counts.Add(today, row.UnitKey, row.Verdict, row.Code, row.Verification);
            }
        }

        return counts;
    }

    public StationCounts Add(UnitReportRow row)
    {
        var unit = YieldRowReader.UnitKeyOf(row.ChipId, row.Mac);
        Add(DateOnly.FromDateTime(row.TimestampUtc.UtcDateTime), unit, row.Verdict, row.FailureCode, row.VerificationUnit);
        return Snapshot();
    }

    public StationCounts Snapshot()
    {
        lock (_gate)
        {
            var units = _firstAttemptPassed.Count + _anonymousUnits;
            var firstPass = _firstAttemptPassed.Values.Count(p => p) + _anonymousPasses;
            return new StationCounts(_attempts, _pass, _fail, _rework, units == 0 ? null : (double)firstPass / units);
        }
    }

    private void Add(DateOnly day, ulong unit, UnitVerdict verdict, FailureCode? code, VerificationUnitKind verification)
    {
        if (verification != VerificationUnitKind.None)
        {
            return;
        }

        lock (_gate)
        {
            if (day > _day)
            {
                // A new UTC day: the day's file starts over, and so do the counts.
                _day = day;
                _firstAttemptPassed.Clear();
                _attempts = _pass = _fail = _rework = _anonymousUnits = _anonymousPasses = 0;
            }

            if (code == FailureCode.FixtureFault)
            {
                // The station's fault, not the unit's: no attempt, no FAIL (as the yield report counts).
                return;
            }

            _attempts++;
            switch (verdict)
            {
                case UnitVerdict.Pass: _pass++; break;
                case UnitVerdict.Fail: _fail++; break;
                default: _rework++; break;
            }

            if (unit == 0)
            {
                _anonymousUnits++;
                _anonymousPasses += verdict == UnitVerdict.Pass ? 1 : 0;
            }
            else
            {
                _firstAttemptPassed.TryAdd(unit, verdict == UnitVerdict.Pass);
            }
        }
    }
}
