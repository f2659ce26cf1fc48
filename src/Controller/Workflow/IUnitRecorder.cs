using Fixture.Controller.Reports;
using Fixture.Controller.Station;

namespace Fixture.Controller.Workflow;

/// <summary>What a socket's workflow asks of the station's shared report side (one for all sockets, thread-safe).</summary>
internal interface IUnitRecorder
{
    string ReportDirectory { get; }

    /// <summary>The loader rate learned per adapter, kept beside the reports.</summary>
    AdapterBaudBook AdapterBauds { get; }

    /// <summary>The station's next attempt number, persisted before it is returned.</summary>
    long NextAttemptNumber();

    /// <summary>Wall-clock UTC for report timestamps and file days, on every station (never a simulated socket's modelled time).</summary>
    DateTimeOffset UtcNow();

    /// <summary>Null when the unit may be flashed; otherwise the rework decision from its history (by chip id).</summary>
    ReworkDecision? ReworkFor(Fixture.Protocol.Identity.MacAddress chipId);

    /// <summary>Null when the scanned unit id may be powered; otherwise the rework decision from its history (a SHORT has no chip id).</summary>
    ReworkDecision? ReworkFor(string? unitId);

    /// <summary>Appends the row and flushes it to disk, then updates history and counts; the outcome the operator sees.</summary>
    /// <exception cref="Reports.Csv.ReportFileException">The row could not be written.</exception>
    UnitOutcome Record(UnitReportRow row);
}
