using Fixture.Controller.Station;

namespace Fixture.Controller.OperatorScreen;

/// <summary>
/// What one socket's tile shows, as an immutable value: the latest snapshot (and when it arrived, so
/// the elapsed clock keeps running between snapshots), the last unit's outcome until the next unit
/// starts, and a unit id the operator bound at this console.
/// </summary>
internal sealed record SocketTile(
    int Socket,
    SocketSnapshot? Snapshot,
    long SnapshotTimestamp,
    UnitOutcome? Outcome,
    string? BoundUnitId)
{
    /// <summary>A unit is in the socket's workflow (anything but Idle, or Locked).</summary>
    public bool IsBusy => Snapshot is { } snapshot && !IsIdle(snapshot.State) && !IsLocked;

    /// <summary>The station refuses this socket's starts (locked, a wear counter at its stop limit, or waiting for its verification); the snapshot's step says why.</summary>
    public bool IsLocked => Snapshot is { } snapshot && StationSocketStates.IsRefusal(snapshot.State);

    /// <summary>The unit id to show: the station's once it has one, else the one bound here.</summary>
    public string? UnitId => Snapshot?.UnitId ?? BoundUnitId;

    public static bool IsIdle(string state) => string.Equals(state, "Idle", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A station message with the local time it arrived (shown as HH:mm:ss).</summary>
internal sealed record TimedMessage(StationMessage Message, DateTimeOffset ArrivedLocal, long Sequence);

/// <summary>Everything the screen shows of the station at one moment (the input bar comes from <see cref="OperatorKeys"/>).</summary>
internal sealed record ConsoleFrame(
    IReadOnlyList<SocketTile> Tiles,
    IReadOnlyList<TimedMessage> Messages,
    StationCounts? Counts,
    string? Lot,
    string? Operator,
    long Version);
