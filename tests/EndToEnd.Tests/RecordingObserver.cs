using Fixture.Controller.Station;

namespace Fixture.EndToEnd.Tests;

/// <summary>Keeps everything the station tells the operator, for assertions; optionally reacts to snapshots (an abort mid-flash).</summary>
internal sealed class RecordingObserver : IStationObserver
{
    private readonly Lock _gate = new();
    private readonly List<SocketSnapshot> _snapshots = [];
    private readonly List<UnitOutcome> _outcomes = [];
    private readonly List<StationMessage> _messages = [];
    private readonly List<StationCounts> _counts = [];

    /// <summary>Called for every snapshot, on the socket's loop.</summary>
    public Action<SocketSnapshot>? OnSnapshot { get; set; }

    public IReadOnlyList<SocketSnapshot> Snapshots
    {
        get
        {
            lock (_gate)
            {
                return [.. _snapshots];
            }
        }
    }

    public IReadOnlyList<UnitOutcome> Outcomes
    {
        get
        {
            lock (_gate)
            {
                return [.. _outcomes];
            }
        }
    }

    public IReadOnlyList<StationMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<StationCounts> Counts
    {
        get
        {
            lock (_gate)
            {
                return [.. _counts];
            }
        }
    }

    public void OnSocketChanged(SocketSnapshot snapshot)
    {
        lock (_gate)
        {
            _snapshots.Add(snapshot);
        }

        OnSnapshot?.Invoke(snapshot);
    }

    public void OnUnitFinished(UnitOutcome outcome)
    {
        lock (_gate)
        {
            _outcomes.Add(outcome);
        }
    }

    public void OnStationMessage(StationMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message);
        }
    }

    public void OnCountsChanged(StationCounts counts)
    {
        lock (_gate)
        {
            _counts.Add(counts);
        }
    }
}
