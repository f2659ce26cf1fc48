using Fixture.Controller.Station;

namespace Fixture.Lab.Benchmarks.Gang;

/// <summary>
/// A quiet observer for the gang benchmark: it prints nothing, keeps the station's messages, and times
/// each unit's report step (Reporting entered → row on disk: the one serialised writer, fsync included).
/// </summary>
internal sealed class GangObserver(TimeProvider clock) : IStationObserver
{
    private readonly Lock _gate = new();
    private readonly List<string> _messages = [];
    private readonly Dictionary<int, long> _reporting = [];
    private readonly List<TimeSpan> _reportTimes = [];

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

    /// <summary>Each unit's time from entering Reporting to its row on disk, on the wall clock.</summary>
    public IReadOnlyList<TimeSpan> ReportTimes
    {
        get
        {
            lock (_gate)
            {
                return [.. _reportTimes];
            }
        }
    }

    public void OnSocketChanged(SocketSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.State == "Reporting")
        {
            lock (_gate)
            {
                _reporting.TryAdd(snapshot.Socket, clock.GetTimestamp());
            }
        }
    }

    public void OnUnitFinished(UnitOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var now = clock.GetTimestamp();
        lock (_gate)
        {
            if (_reporting.Remove(outcome.Row.Socket, out var started))
            {
                _reportTimes.Add(clock.GetElapsedTime(started, now));
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
