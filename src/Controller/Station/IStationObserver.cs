using Fixture.Controller.Reports;

namespace Fixture.Controller.Station;

/// <summary>
/// What the station tells whoever shows it to the operator (the Spectre console, plain line output,
/// tests). Calls arrive from the sockets' own loops, several sockets at once: implementations must be
/// thread-safe and must not block (hand the snapshot over and return).
/// </summary>
public interface IStationObserver
{
    /// <summary>A socket's state changed or its progress moved.</summary>
    void OnSocketChanged(SocketSnapshot snapshot);

    /// <summary>A unit attempt ended; its report row is already on disk.</summary>
    void OnUnitFinished(UnitOutcome outcome);

    /// <summary>Something the operator or the technician must read (refused config, repaired report, station fault).</summary>
    void OnStationMessage(StationMessage message);

    /// <summary>The day's counts changed (after every unit).</summary>
    void OnCountsChanged(StationCounts counts);
}

/// <summary>Where one socket is, for a tile on the operator console.</summary>
/// <param name="Socket">Socket number, from 1.</param>
/// <param name="State">Workflow state name (Idle, Handshaking, Flashing, VerifyingBoot, ...).</param>
/// <param name="Step">What is happening in words, e.g. "erasing firmware", "waiting for boot complete (Time 4)".</param>
/// <param name="Region">Flash region being worked on, or null.</param>
/// <param name="BytesDone">Progress of the current step, or null when it has none.</param>
/// <param name="BytesTotal">Size of the current step, or null.</param>
/// <param name="Mac">The unit's MAC once read.</param>
/// <param name="UnitId">Scanned barcode bound to this socket, or null.</param>
/// <param name="Elapsed">Time since the start button for this unit.</param>
/// <param name="Attempt">Handshake / retry information worth showing ("power-cycle 2 of 4, off 600 ms"), or null.</param>
public sealed record SocketSnapshot(
    int Socket,
    string State,
    string Step,
    string? Region,
    long? BytesDone,
    long? BytesTotal,
    string? Mac,
    string? UnitId,
    TimeSpan Elapsed,
    string? Attempt = null)
{
    public double? Fraction => BytesDone is { } done && BytesTotal is { } total && total > 0 ? (double)done / total : null;
}

/// <summary>A finished unit: the row that was written plus the words the operator needs.</summary>
/// <param name="Row">The report row, already flushed to disk.</param>
/// <param name="Headline">PASS, FAIL: CODE, or REWORK: CODE.</param>
/// <param name="Explanation">What happened, in the operator's words (from the failure-code catalogue).</param>
/// <param name="NextStep">What to do now ("re-seat the unit", "set aside for rework", "take the next unit").</param>
public sealed record UnitOutcome(UnitReportRow Row, string Headline, string Explanation, string NextStep);

public enum StationMessageLevel
{
    Info,
    Warning,
    Error,
}

/// <param name="Socket">The socket concerned, or null for the whole station.</param>
public sealed record StationMessage(StationMessageLevel Level, string Text, int? Socket = null);

/// <summary>Today's counts on this station (verification units excluded from yield).</summary>
/// <param name="Attempts">Unit attempts today.</param>
/// <param name="Pass">PASS rows today.</param>
/// <param name="Fail">FAIL rows today.</param>
/// <param name="Rework">REWORK rows today.</param>
/// <param name="FirstPassYield">Share of today's units whose first attempt passed, or null before the first unit.</param>
public sealed record StationCounts(int Attempts, int Pass, int Fail, int Rework, double? FirstPassYield);
