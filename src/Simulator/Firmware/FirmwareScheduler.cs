namespace Fixture.Simulator.Firmware;

/// <summary>
/// The event queue of one firmware run: steps at modelled times after reset, run in time order
/// (then in the order they were scheduled) from a single timer on the chip's clock. Ordering never
/// depends on how the clock delivers timers: a clock that jumps still runs the steps in order, and
/// a step scheduled "after" another is timed from that step's own time, not from the jump target.
/// </summary>
internal sealed class FirmwareScheduler : IDisposable
{
    private readonly TimeProvider _clock;
    private readonly long _started;
    private readonly PriorityQueue<Action, (TimeSpan At, long Sequence)> _queue = new();
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private long _sequence;
    private bool _pumping;
    private volatile bool _stopped;

    public FirmwareScheduler(TimeProvider clock)
    {
        _clock = clock;
        _started = clock.GetTimestamp();
        _timer = clock.CreateTimer(_ => Pump(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The modelled time of the step being run (time since reset).</summary>
    public TimeSpan Now { get; private set; }

    public bool IsStopped => _stopped;

    /// <summary>Schedules a step at <paramref name="at"/> after reset.</summary>
    public void At(TimeSpan at, Action step)
    {
        lock (_gate)
        {
            _queue.Enqueue(step, (at < Now ? Now : at, _sequence++));
            if (!_pumping)
            {
                Rearm();
            }
        }
    }

    /// <summary>Schedules a step <paramref name="delay"/> after the current step's time.</summary>
    public void After(TimeSpan delay, Action step) => At(Now + delay, step);

    /// <summary>
    /// Stops the run: no further step starts. Does not wait for a step already running (the unit may
    /// call this while it holds its own lock, which a running step's chip calls may need).
    /// </summary>
    public void Stop()
    {
        _stopped = true;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        Stop();
        _timer.Dispose();
    }

    private void Pump()
    {
        lock (_gate)
        {
            _pumping = true;
            try
            {
                var elapsed = _clock.GetElapsedTime(_started);
                while (!_stopped && _queue.TryPeek(out var step, out var key) && key.At <= elapsed)
                {
                    _queue.Dequeue();
                    Now = key.At;
                    step();
                }
            }
            finally
            {
                _pumping = false;
            }

            Rearm();
        }
    }

    private void Rearm()
    {
        if (_stopped || !_queue.TryPeek(out _, out var next))
        {
            return;
        }

        // Never early: Pump only runs steps that are due, so an early callback would re-arm and spin.
        _timer.Change(Timing.TimerDue.NotEarly(_clock, next.At - _clock.GetElapsedTime(_started)), Timeout.InfiniteTimeSpan);
    }
}
