using Fixture.Controller.Reports;

namespace Fixture.Controller.Upkeep;

/// <summary>
/// When a socket locks itself (issue 12 §3). <see cref="ConsecutiveFailures"/>: that many FAILs in a
/// row on one socket; <see cref="ConsecutiveFixtureFaults"/>: that many FIXTURE_FAULTs in a row. 0
/// turns a rule off. From the station configuration's <c>workflow.lockout</c> (<see cref="From"/>); the
/// defaults are <see cref="Workflow.Configuration.LockoutConfig"/>'s.
/// </summary>
public sealed record LockoutSettings
{
    public static LockoutSettings Default { get; } = From(new Workflow.Configuration.LockoutConfig());

    public int ConsecutiveFailures { get; init; }

    public int ConsecutiveFixtureFaults { get; init; }

    public static LockoutSettings From(Workflow.Configuration.LockoutConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new() { ConsecutiveFailures = config.ConsecutiveFailures, ConsecutiveFixtureFaults = config.ConsecutiveFixtureFaults };
    }
}

/// <summary>What one finished attempt did to its socket: the new record and, when the socket was just locked, the lock.</summary>
public sealed record LockoutDecision(SocketRecord Record, SocketLock? NewLock)
{
    public bool Locked => NewLock is not null;
}

/// <summary>
/// The socket lockout rule, pure: fed each finished attempt's verdict and code, it keeps the socket's
/// runs of consecutive failures and FIXTURE_FAULTs and locks the socket when a run reaches its limit,
/// with the reason the operator sees. A PASS ends both runs; any other FAIL ends the FIXTURE_FAULT
/// run. Neither counts nor ends a run: ABORTED (the operator stopped it), REWORK (the unit was
/// refused for its own history, not flashed) and a KNOWN_BAD verification unit (it must fail).
/// A GOLDEN unit that fails counts like any failure. Unlocking needs a technician id.
/// </summary>
public sealed class SocketLockoutPolicy(LockoutSettings settings)
{
    private readonly LockoutSettings settings = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>The socket's record after an attempt that ended at <paramref name="atUtc"/>.</summary>
    public LockoutDecision Observe(SocketRecord record, UnitVerdict verdict, FailureCode? code, VerificationUnitKind verification, DateTimeOffset atUtc)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (verdict == UnitVerdict.Rework || code == FailureCode.Aborted || verification is VerificationUnitKind.KnownBad or VerificationUnitKind.Selftest)
        {
            return new LockoutDecision(record, null);
        }

        if (verdict == UnitVerdict.Pass)
        {
            return new LockoutDecision(record with { FailureStreak = 0, FixtureFaultStreak = 0 }, null);
        }

        var fixtureFault = code == FailureCode.FixtureFault;
        var next = record with
        {
            FailureStreak = record.FailureStreak + 1,
            FixtureFaultStreak = fixtureFault ? record.FixtureFaultStreak + 1 : 0,
        };
        if (record.IsLocked)
        {
            return new LockoutDecision(next, null);
        }

        string? reason = null;
        if (fixtureFault && settings.ConsecutiveFixtureFaults > 0 && next.FixtureFaultStreak >= settings.ConsecutiveFixtureFaults)
        {
            reason = $"{next.FixtureFaultStreak} FIXTURE_FAULTs in a row on socket {record.Socket}: the station's own hardware (cable, USB-UART adapter, relay, pogo pins) is suspect. Check socket {record.Socket}, then unlock it (fixture socket unlock --socket {record.Socket} --by ID).";
        }
        else if (settings.ConsecutiveFailures > 0 && next.FailureStreak >= settings.ConsecutiveFailures)
        {
            var last = code is { } c ? $" (last: {c.ToText()})" : "";
            reason = $"{next.FailureStreak} failures in a row on socket {record.Socket}{last}: the socket may be at fault (worn pogo pins, cable, adapter). Check it with a GOLDEN unit, then unlock it (fixture socket unlock --socket {record.Socket} --by ID).";
        }

        if (reason is null)
        {
            return new LockoutDecision(next, null);
        }

        var newLock = new SocketLock(reason, atUtc.ToUniversalTime(), Audit.AuditEntry.Station);
        return new LockoutDecision(next with { Lock = newLock }, newLock);
    }

    /// <summary>The record after a technician unlocked it: no lock, both runs started afresh.</summary>
    /// <exception cref="ArgumentException">No usable technician id.</exception>
    public static SocketRecord Unlock(SocketRecord record, string technician)
    {
        ArgumentNullException.ThrowIfNull(record);
        Audit.AuditLog.ValidateWho(technician);
        return record with { Lock = null, FailureStreak = 0, FixtureFaultStreak = 0 };
    }
}
