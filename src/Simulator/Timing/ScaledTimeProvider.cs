namespace Fixture.Simulator.Timing;

/// <summary>
/// Real time, sped up or slowed down by <see cref="Speed"/> (2.0 = twice as fast), for the
/// interactive demo: modelled durations shrink on the wall clock, timestamps run fast.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly long _origin;
    private readonly DateTimeOffset _originUtc;

    public ScaledTimeProvider(TimeProvider inner, double speed)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(speed > 0) || double.IsInfinity(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed must be a positive finite factor, e.g. 1 (real time) or 4 (four times faster)");
        }

        _inner = inner;
        Speed = speed;
        _origin = inner.GetTimestamp();
        _originUtc = inner.GetUtcNow();
    }

    public double Speed { get; }

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override long GetTimestamp() => _origin + (long)((_inner.GetTimestamp() - _origin) * Speed);

    public override DateTimeOffset GetUtcNow() => _originUtc + TimeSpan.FromTicks((long)((_inner.GetUtcNow() - _originUtc).Ticks * Speed));

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_inner.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    /// <summary>A modelled span as the inner clock's timer must be armed: scaled, and never early (<see cref="TimerDue"/>).</summary>
    internal TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimerDue.NotEarly(_inner, TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling(span.Ticks / Speed))));

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Scale(dueTime), owner.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
