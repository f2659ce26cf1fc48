using Fixture.Controller.Station;

namespace Fixture.Lab.Benchmarks.Cycle;

/// <summary>
/// Watches one socket of a station for the cycle benchmark: when each workflow state was first entered
/// and when the unit's report row was on disk, as time since the start button on the socket's clock.
/// State changes always reach the observer (progress snapshots may be thinned, state changes never).
/// </summary>
internal sealed class CycleTimeline : IStationObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TimeSpan> _entered = [];
    private readonly List<string> _messages = [];
    private TimeProvider? _clock;
    private long? _attemptStarted;

    /// <summary>Attaches the socket's clock once the station is open (before the unit starts).</summary>
    public void Watch(TimeProvider socketClock) => _clock = socketClock;

    public UnitOutcome? Outcome { get; private set; }

    /// <summary>The start button's instant as a timestamp on the socket's clock.</summary>
    public long StartedAt
    {
        get
        {
            lock (_gate)
            {
                return _attemptStarted ?? throw new InvalidOperationException("No unit has started.");
            }
        }
    }

    /// <summary>When the row was on disk (the observer hears of a unit only after its row is written).</summary>
    public TimeSpan? RowWritten { get; private set; }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>When <paramref name="state"/> was first entered, since the start button.</summary>
    public TimeSpan Entered(string state)
    {
        lock (_gate)
        {
            return _entered.TryGetValue(state, out var at)
                ? at
                : throw new InvalidOperationException($"The unit never entered {state}; states seen: {string.Join(", ", _entered.Keys)}.");
        }
    }

    public void OnSocketChanged(SocketSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            if (_clock is { } clock && _attemptStarted is null)
            {
                // Elapsed is measured on the socket's clock from the start button: that instant, as a timestamp.
                _attemptStarted = clock.GetTimestamp() - (long)((Int128)snapshot.Elapsed.Ticks * clock.TimestampFrequency / TimeSpan.TicksPerSecond);
            }

            _entered.TryAdd(snapshot.State, snapshot.Elapsed);
        }
    }

    public void OnUnitFinished(UnitOutcome outcome)
    {
        lock (_gate)
        {
            Outcome = outcome;
            if (_clock is { } clock && _attemptStarted is { } started)
            {
                RowWritten = clock.GetElapsedTime(started);
            }
        }
    }

    public void OnStationMessage(StationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _messages.Add(message.Text);
        }
    }

    public void OnCountsChanged(StationCounts counts)
    {
    }
}
