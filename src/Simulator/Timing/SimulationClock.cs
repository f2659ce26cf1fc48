namespace Fixture.Simulator.Timing;

/// <summary>
/// Virtual time for the simulator: nothing moves until someone advances it, and timers (one-shot
/// and periodic) fire on the thread that advances, in due-time order (ties in creation order), so
/// a run is the same on every machine. <see cref="VirtualTime.Run(SimulationClock, Func{Task})"/>
/// advances it whenever its loop is idle.
/// </summary>
public sealed class SimulationClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly PriorityQueue<VirtualTimer, (long Due, long Sequence)> _queue = new();
    private readonly DateTimeOffset _epoch;
    private long _nowTicks;
    private long _sequence;

    /// <param name="start">Wall-clock reading at virtual time zero (default 2025-01-01 00:00 UTC).</param>
    public SimulationClock(DateTimeOffset? start = null)
    {
        _epoch = start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Virtual time elapsed since the clock was made.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(_nowTicks);
            }
        }
    }

    /// <summary>The due time of the next live timer, or null when none is pending.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            lock (_gate)
            {
                return PeekLive() is { } timer ? TimeSpan.FromTicks(timer.DueTicks) : null;
            }
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _epoch + Elapsed;

    public override long GetTimestamp() => Elapsed.Ticks;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time to the next pending timer and fires every timer due then. False when none is pending.</summary>
    public bool AdvanceToNextTimer()
    {
        long target;
        lock (_gate)
        {
            if (PeekLive() is not { } next)
            {
                return false;
            }

            target = Math.Max(next.DueTicks, _nowTicks);
        }

        AdvanceToTicks(target);
        return true;
    }

    /// <summary>Moves time forward by <paramref name="delta"/>, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        long target;
        lock (_gate)
        {
            target = _nowTicks + delta.Ticks;
        }

        AdvanceToTicks(target);
    }

    private void AdvanceToTicks(long target)
    {
        while (true)
        {
            VirtualTimer? due;
            lock (_gate)
            {
                due = PeekLive();
                if (due is null || due.DueTicks > target)
                {
                    _nowTicks = Math.Max(_nowTicks, target);
                    return;
                }

                _queue.Dequeue();
                _nowTicks = Math.Max(_nowTicks, due.DueTicks);
                due.Queued = false;
                if (due.PeriodTicks > 0)
                {
                    // Periodic: re-arm before firing so the callback may change or dispose it.
                    Enqueue(due, _nowTicks + due.PeriodTicks);
                }
                else
                {
                    due.DueTicks = long.MaxValue;
                }
            }

            // Fire outside the lock: callbacks create timers and complete host reads.
            due.Fire();
        }
    }

    private VirtualTimer? PeekLive()
    {
        while (_queue.TryPeek(out var timer, out var key))
        {
            if (timer.Queued && timer.DueTicks == key.Due && timer.Sequence == key.Sequence)
            {
                return timer;
            }

            _queue.Dequeue(); // stale entry of a changed or disposed timer
        }

        return null;
    }

    private void Enqueue(VirtualTimer timer, long due)
    {
        timer.DueTicks = due;
        timer.Sequence = ++_sequence;
        timer.Queued = true;
        _queue.Enqueue(timer, (due, timer.Sequence));
    }

    private sealed class VirtualTimer(SimulationClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long DueTicks { get; set; } = long.MaxValue;

        public long PeriodTicks { get; private set; }

        public long Sequence { get; set; }

        public bool Queued { get; set; }

        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                Queued = false;
                PeriodTicks = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    DueTicks = long.MaxValue;
                    return true;
                }

                ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
                clock.Enqueue(this, clock._nowTicks + dueTime.Ticks);
                return true;
            }
        }

        public void Fire()
        {
            lock (clock._gate)
            {
                if (_disposed)
                {
                    return;
                }
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                _disposed = true;
                Queued = false;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
