namespace Fixture.Simulator.Timing;

/// <summary>
/// Due times for timers that must not fire early. The system timer counts whole milliseconds and
/// truncates: a timer armed for 0.3 ms fires at once. A callback that then finds nothing due and
/// re-arms spins on the thread pool until the time has passed (a real-time unit at 2 Mbaud did so
/// about 80 000 times per flash). On the system clock the due time is rounded up to the next whole
/// millisecond; modelled and test clocks fire exactly when due and keep the exact time.
/// </summary>
public static class TimerDue
{
    /// <summary>The timer resolution of <see cref="TimeProvider.System"/>.</summary>
    public static readonly TimeSpan SystemResolution = TimeSpan.FromMilliseconds(1);

    /// <summary><paramref name="due"/> as a timer on <paramref name="clock"/> must be armed so that it never fires before it.</summary>
    public static TimeSpan NotEarly(TimeProvider clock, TimeSpan due)
    {
        if (due <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return ReferenceEquals(clock, TimeProvider.System) ? RoundUp(due, SystemResolution) : due;
    }

    /// <summary><paramref name="span"/> rounded up to a whole multiple of <paramref name="resolution"/>.</summary>
    public static TimeSpan RoundUp(TimeSpan span, TimeSpan resolution)
    {
        var steps = (span.Ticks + resolution.Ticks - 1) / resolution.Ticks;
        return TimeSpan.FromTicks(steps * resolution.Ticks);
    }
}
