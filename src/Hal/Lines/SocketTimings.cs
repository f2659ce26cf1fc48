using Fixture.Hal.Configuration;

namespace Fixture.Hal.Lines;

/// <summary>The line sequences' timings, from the station configuration's "timing" section.</summary>
public sealed record SocketTimings(
    TimeSpan ResetHold,
    TimeSpan Settle,
    TimeSpan PowerOff,
    double PowerOffGrowth,
    TimeSpan PowerOffMax,
    TimeSpan DischargeTimeout,
    TimeSpan BreakLead)
{
    /// <summary>How often the rail is read while waiting for it to discharge.</summary>
    public static readonly TimeSpan DischargePollInterval = TimeSpan.FromMilliseconds(10);

    public static SocketTimings From(TimingConfig timing) => new(
        TimeSpan.FromMilliseconds(timing.ResetHoldMs),
        TimeSpan.FromMilliseconds(timing.SettleMs),
        TimeSpan.FromMilliseconds(timing.PowerOffMs),
        timing.PowerOffGrowth,
        TimeSpan.FromMilliseconds(timing.PowerOffMaxMs),
        TimeSpan.FromMilliseconds(timing.DischargeTimeoutMs),
        TimeSpan.FromMilliseconds(timing.BreakLeadMs));

    /// <summary>Off-time of the n-th power cycle (1-based): grows by <see cref="PowerOffGrowth"/>, capped at the maximum.</summary>
    public TimeSpan PowerOffFor(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ms = PowerOff.TotalMilliseconds * Math.Pow(PowerOffGrowth, attempt - 1);
        return ms >= PowerOffMax.TotalMilliseconds ? PowerOffMax : TimeSpan.FromMilliseconds(ms);
    }
}
