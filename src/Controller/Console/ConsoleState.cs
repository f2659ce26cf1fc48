using Fixture.Controller.Station;

namespace Fixture.Controller.OperatorScreen;

/// <summary>
/// The console's model, written from the sockets' loops and the input loop at once. Every change is a
/// few assignments under one lock (never I/O, never rendering), so a socket loop is never held up;
/// the render loop takes an immutable <see cref="ConsoleFrame"/> under the same lock and draws
/// outside it.
/// </summary>
internal sealed class ConsoleState
{
    // Kept for the errors-first view and for "clear"; older ones fall off.
    private const int MessageHistory = 64;

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly int[] order;
    private readonly Dictionary<int, SocketTile> tiles = [];
    private readonly List<TimedMessage> messages = [];
    private readonly HashSet<int> unknownSocketsReported = [];
    private StationCounts? counts;
    private string? lot;
    private string? operatorName;
    private long version;
    private long messageSequence;

    public ConsoleState(IReadOnlyList<int> sockets, string? lot, string? operatorName, TimeProvider time)
    {
        this.time = time;
        order = [.. sockets];
        foreach (var socket in order)
        {
            tiles[socket] = new SocketTile(socket, null, 0, null, null);
        }

        this.lot = lot;
        this.operatorName = operatorName;
    }

    public long Version => Volatile.Read(ref version);

    public void Apply(SocketSnapshot snapshot)
    {
        lock (gate)
        {
            if (!tiles.TryGetValue(snapshot.Socket, out var tile))
            {
                ReportUnknownSocket(snapshot.Socket);
                return;
            }

            // A unit leaving Idle is the next unit: the previous verdict has been seen and goes.
            var outcome = SocketTile.IsIdle(snapshot.State) ? tile.Outcome : null;
            tiles[snapshot.Socket] = tile with { Snapshot = snapshot, SnapshotTimestamp = time.GetTimestamp(), Outcome = outcome };
            Interlocked.Increment(ref version);
        }
    }

    public void Apply(UnitOutcome outcome)
    {
        lock (gate)
        {
            if (!tiles.TryGetValue(outcome.Row.Socket, out var tile))
            {
                ReportUnknownSocket(outcome.Row.Socket);
                return;
            }

            // The bound unit id belonged to this unit; the next one needs its own scan.
            tiles[outcome.Row.Socket] = tile with { Outcome = outcome, BoundUnitId = null };

            // A fixture fault is the station's own: it goes to the red ATTENTION panel with its detail, as the operator guide says.
            if (outcome.Row.FailureCode == Reports.FailureCode.FixtureFault)
            {
                var row = outcome.Row;
                var step = row.FailedStep is { } failed ? $" in {failed}" : "";
                AddMessage(new StationMessage(StationMessageLevel.Error, $"FIXTURE_FAULT{step} (attempt {row.AttemptNumber}): {row.Detail ?? outcome.Explanation} {outcome.NextStep}", row.Socket));
            }

            Interlocked.Increment(ref version);
        }
    }

    public void Apply(StationMessage message)
    {
        lock (gate)
        {
            AddMessage(message);
        }
    }

    public void Apply(StationCounts newCounts)
    {
        lock (gate)
        {
            counts = newCounts;
            Interlocked.Increment(ref version);
        }
    }

    public void BindUnitId(int socket, string unitId)
    {
        lock (gate)
        {
            if (tiles.TryGetValue(socket, out var tile))
            {
                tiles[socket] = tile with { BoundUnitId = unitId };
                Interlocked.Increment(ref version);
            }
        }
    }

    public void SetShift(string? newLot, string? newOperator)
    {
        lock (gate)
        {
            lot = newLot ?? lot;
            operatorName = newOperator ?? operatorName;
            Interlocked.Increment(ref version);
        }
    }

    /// <summary>The operator acknowledged the messages on screen.</summary>
    public void ClearMessages()
    {
        lock (gate)
        {
            messages.Clear();
            Interlocked.Increment(ref version);
        }
    }

    /// <summary>Marks a change that lives outside this model (the input bar), so the next frame is drawn.</summary>
    public void Touch() => Interlocked.Increment(ref version);

    public SocketTile Tile(int socket)
    {
        lock (gate)
        {
            return tiles[socket];
        }
    }

    public ConsoleFrame Capture()
    {
        lock (gate)
        {
            return new ConsoleFrame([.. order.Select(socket => tiles[socket])], [.. messages], counts, lot, operatorName, Version);
        }
    }

    private void AddMessage(StationMessage message)
    {
        messages.Add(new TimedMessage(message, time.GetLocalNow(), ++messageSequence));
        if (messages.Count > MessageHistory)
        {
            messages.RemoveAt(0);
        }

        Interlocked.Increment(ref version);
    }

    private void ReportUnknownSocket(int socket)
    {
        // Once per socket: a miswired composition would otherwise flood the message area.
        if (unknownSocketsReported.Add(socket))
        {
            AddMessage(new StationMessage(
                StationMessageLevel.Warning,
                $"The station reported socket {socket}, which this console does not show (sockets {string.Join(", ", order)}). Tell the technician: the console and the station configuration disagree."));
        }
    }
}
