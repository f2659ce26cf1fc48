namespace Fixture.Controller.Station;

/// <summary>
/// What the operator asks of the station, from whatever they use: the GPIO start/abort buttons, Enter
/// and keys on the console, a barcode scanner (which types a code and presses Enter). The station
/// subscribes; sources raise on any thread and the station marshals onto the socket's loop.
/// </summary>
public interface IOperatorInput
{
    /// <summary>Start a unit on one socket, or on every idle socket when <see cref="StartRequest.Socket"/> is null.</summary>
    event EventHandler<StartRequest>? StartRequested;

    /// <summary>Abort the unit on one socket, or on every socket when null.</summary>
    event EventHandler<int?>? AbortRequested;

    /// <summary>A scanned or typed unit id, bound to one socket (never to "the console").</summary>
    event EventHandler<UnitIdEntry>? UnitIdEntered;

    /// <summary>Lot and operator for the rows that follow (null leaves a value unchanged).</summary>
    event EventHandler<ShiftEntry>? ShiftEntered;

    /// <summary>A technician unlocks a locked socket (their id is recorded in the audit log).</summary>
    event EventHandler<UnlockEntry>? UnlockRequested;
}

/// <param name="Socket">Socket number from 1, or null for all idle sockets.</param>
/// <param name="VerificationUnit">The operator marked this unit as a golden or known-bad verification unit.</param>
public sealed record StartRequest(int? Socket, Reports.VerificationUnitKind VerificationUnit = Reports.VerificationUnitKind.None);

public sealed record UnitIdEntry(int Socket, string UnitId);

public sealed record ShiftEntry(string? Lot, string? Operator);

/// <param name="Socket">Socket number from 1.</param>
/// <param name="TechnicianId">Who unlocks it (audited).</param>
public sealed record UnlockEntry(int Socket, string TechnicianId);
