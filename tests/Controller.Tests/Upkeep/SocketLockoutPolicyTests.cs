using Fixture.Controller.Reports;
using Fixture.Controller.Upkeep;

namespace Fixture.Controller.Tests.Upkeep;

public sealed class SocketLockoutPolicyTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);
    private readonly SocketLockoutPolicy policy = new(new LockoutSettings { ConsecutiveFailures = 3, ConsecutiveFixtureFaults = 2 });

    private SocketRecord Feed(SocketRecord record, params (UnitVerdict Verdict, FailureCode? Code)[] attempts)
    {
        foreach (var (verdict, code) in attempts)
        {
            record = policy.Observe(record, verdict, code, VerificationUnitKind.None, At).Record;
        }

        return record;
    }

    [Fact]
    public void Three_failures_in_a_row_lock_the_socket_and_say_why()
    {
        var record = Feed(new SocketRecord(3), (UnitVerdict.Fail, FailureCode.NoHandshake), (UnitVerdict.Fail, FailureCode.Verify));

        var decision = policy.Observe(record, UnitVerdict.Fail, FailureCode.Erase, VerificationUnitKind.None, At);

        Assert.True(decision.Locked);
        Assert.Equal("station", decision.NewLock!.By);
        Assert.Equal(At, decision.NewLock.AtUtc);
        Assert.StartsWith("3 failures in a row on socket 3 (last: ERASE)", decision.NewLock.Reason, StringComparison.Ordinal);
        Assert.Contains("fixture socket unlock --socket 3", decision.NewLock.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pass_between_failures_starts_the_count_again()
    {
        var record = Feed(new SocketRecord(1), (UnitVerdict.Fail, FailureCode.Verify), (UnitVerdict.Fail, FailureCode.Verify), (UnitVerdict.Pass, null), (UnitVerdict.Fail, FailureCode.Verify), (UnitVerdict.Fail, FailureCode.Verify));

        Assert.False(record.IsLocked);
        Assert.Equal(2, record.FailureStreak);
    }

    [Fact]
    public void Two_fixture_faults_in_a_row_lock_before_the_failure_limit()
    {
        var record = Feed(new SocketRecord(2), (UnitVerdict.Fail, FailureCode.FixtureFault));

        var decision = policy.Observe(record, UnitVerdict.Fail, FailureCode.FixtureFault, VerificationUnitKind.None, At);

        Assert.True(decision.Locked);
        Assert.StartsWith("2 FIXTURE_FAULTs in a row on socket 2", decision.NewLock!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_failure_between_fixture_faults_ends_their_run_but_not_the_failure_run()
    {
        var record = Feed(new SocketRecord(2), (UnitVerdict.Fail, FailureCode.FixtureFault), (UnitVerdict.Fail, FailureCode.Verify));

        Assert.Equal(0, record.FixtureFaultStreak);
        Assert.Equal(2, record.FailureStreak);
        var decision = policy.Observe(record, UnitVerdict.Fail, FailureCode.FixtureFault, VerificationUnitKind.None, At);
        Assert.StartsWith("3 failures in a row", decision.NewLock!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Aborts_rework_and_known_bad_units_neither_count_nor_end_a_run()
    {
        var record = Feed(new SocketRecord(1), (UnitVerdict.Fail, FailureCode.Verify), (UnitVerdict.Fail, FailureCode.Aborted), (UnitVerdict.Rework, FailureCode.ChipLocked));
        record = policy.Observe(record, UnitVerdict.Fail, FailureCode.Verify, VerificationUnitKind.KnownBad, At).Record;

        Assert.Equal(1, record.FailureStreak);
        Assert.False(record.IsLocked);
    }

    [Fact]
    public void A_failing_golden_unit_counts_as_a_failure()
    {
        var record = Feed(new SocketRecord(1), (UnitVerdict.Fail, FailureCode.Verify), (UnitVerdict.Fail, FailureCode.Verify));

        Assert.True(policy.Observe(record, UnitVerdict.Fail, FailureCode.Verify, VerificationUnitKind.Golden, At).Locked);
    }

    [Fact]
    public void A_locked_socket_is_not_locked_again()
    {
        var locked = policy.Observe(Feed(new SocketRecord(1), (UnitVerdict.Fail, FailureCode.Verify), (UnitVerdict.Fail, FailureCode.Verify)), UnitVerdict.Fail, FailureCode.Verify, VerificationUnitKind.None, At).Record;

        var again = policy.Observe(locked, UnitVerdict.Fail, FailureCode.Verify, VerificationUnitKind.None, At.AddMinutes(1));

        Assert.False(again.Locked);
        Assert.Equal(locked.Lock, again.Record.Lock);
    }

    [Fact]
    public void A_limit_of_zero_turns_its_rule_off()
    {
        var off = new SocketLockoutPolicy(new LockoutSettings { ConsecutiveFailures = 0, ConsecutiveFixtureFaults = 0 });
        var record = new SocketRecord(1);
        for (var i = 0; i < 10; i++)
        {
            record = off.Observe(record, UnitVerdict.Fail, FailureCode.FixtureFault, VerificationUnitKind.None, At).Record;
        }

        Assert.False(record.IsLocked);
    }

    [Fact]
    public void Unlocking_needs_a_technician_id_and_starts_both_runs_afresh()
    {
        var locked = new SocketRecord(3, new SocketLock("x", At, "station"), 3, 1, 50);

        Assert.Throws<ArgumentException>(() => SocketLockoutPolicy.Unlock(locked, " "));
        var unlocked = SocketLockoutPolicy.Unlock(locked, "T042");

        Assert.Equal(new SocketRecord(3, null, 0, 0, 50), unlocked);
    }
}
