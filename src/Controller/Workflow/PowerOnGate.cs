namespace Fixture.Controller.Workflow;

/// <summary>
/// Staggers the sockets' power-on in gang mode: consecutive power-ons on one station are at least the
/// configured delay apart, so the inrush of several units on a shared supply cannot reset the
/// USB-UART bridges. Sockets on their own modelled clocks (each its own timeline) wait a fixed
/// offset by socket position instead, once per unit.
/// </summary>
internal sealed class PowerOnGate
{
    private readonly Lock _gate = new();
    private readonly TimeSpan _stagger;
    private readonly TimeProvider? _shared;
    private long? _lastPowerOn;

    /// <param name="shared">The station's one clock; null when every socket runs on its own modelled clock.</param>
    public PowerOnGate(TimeSpan stagger, TimeProvider? shared)
    {
        _stagger = stagger;
        _shared = shared;
    }

    public async Task WaitTurnAsync(int socketIndex, TimeProvider socketTime, CancellationToken cancellationToken)
    {
        if (_stagger <= TimeSpan.Zero)
        {
            return;
        }

        if (_shared is null)
        {
            if (socketIndex > 0)
            {
                await Task.Delay(_stagger * socketIndex, socketTime, cancellationToken);
            }

            return;
        }

        TimeSpan wait;
        lock (_gate)
        {
            var now = _shared.GetTimestamp();
            var due = _lastPowerOn is { } last ? last + (long)(_stagger.TotalSeconds * _shared.TimestampFrequency) : now;
            var at = Math.Max(now, due);
            _lastPowerOn = at;
            wait = _shared.GetElapsedTime(now, at);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _shared, cancellationToken);
        }
    }
}
