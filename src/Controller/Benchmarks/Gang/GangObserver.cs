using Fixture.Controller.Station;

namespace Fixture.Controller.Benchmarks.Gang;

/// <summary>A quiet observer for the gang benchmark: it keeps the station's messages and prints nothing.</summary>
internal sealed class GangObserver : IStationObserver
{
    private readonly Lock _gate = new();
    private readonly List<string> _messages = [];

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

    public void OnSocketChanged(SocketSnapshot snapshot)
    {
    }

    public void OnUnitFinished(UnitOutcome outcome)
    {
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
