using Fixture.Controller.Station;

namespace Fixture.Controller.OperatorScreen;

/// <summary>
/// The observer a station is opened with before its operator console can exist (the console needs the
/// opened station's sockets and recipe). It forwards to plain lines until <see cref="HandOver"/>, then
/// to the console, which also receives the station messages raised during start-up (a repaired report,
/// a refused verification unit) so they are on screen rather than scrolled away above it.
/// </summary>
public sealed class ObserverHandOver : IStationObserver
{
    private readonly Lock gate = new();
    private readonly List<StationMessage> earlyMessages = [];
    private IStationObserver target;
    private bool handedOver;

    public ObserverHandOver(IStationObserver first)
    {
        target = first;
    }

    /// <summary>From now on everything goes to <paramref name="next"/>, after the messages raised so far.</summary>
    public void HandOver(IStationObserver next)
    {
        lock (gate)
        {
            foreach (var message in earlyMessages)
            {
                next.OnStationMessage(message);
            }

            earlyMessages.Clear();
            target = next;
            handedOver = true;
        }
    }

    public void OnSocketChanged(SocketSnapshot snapshot) => Current().OnSocketChanged(snapshot);

    public void OnUnitFinished(UnitOutcome outcome) => Current().OnUnitFinished(outcome);

    public void OnCountsChanged(StationCounts counts) => Current().OnCountsChanged(counts);

    public void OnStationMessage(StationMessage message)
    {
        IStationObserver current;
        lock (gate)
        {
            current = target;
            if (!handedOver)
            {
                earlyMessages.Add(message);
            }
        }

        current.OnStationMessage(message);
    }

    private IStationObserver Current()
    {
        lock (gate)
        {
            return target;
        }
    }
}
