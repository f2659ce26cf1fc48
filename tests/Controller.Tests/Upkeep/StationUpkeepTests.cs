using Fixture.Controller.Audit;
using Fixture.Controller.Reports;
using Fixture.Controller.Tests.Reports;
using Fixture.Controller.Upkeep;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Upkeep;

public sealed class StationUpkeepTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 14, 6, 0, 0, TimeSpan.Zero));

    public void Dispose() => scratch.Dispose();

    private StationUpkeep Upkeep(WearLimits? wear = null) => StationUpkeep.For(scratch.Path, "ST01", time, LockoutSettings.Default, wear);

    private string[] AuditKindsWritten() =>
        [.. File.ReadAllLines(StationRecordLayout.AuditFile(scratch.Path, "ST01")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()!)];

    [Fact]
    public async Task Three_failures_on_socket_3_lock_it_refuse_its_start_and_an_unlock_opens_it_both_audited()
    {
        var upkeep = Upkeep();
        AttemptUpkeep last = null!;
        foreach (var code in new[] { FailureCode.NoHandshake, FailureCode.Verify, FailureCode.Verify })
        {
            last = await upkeep.AttemptFinishedAsync(3, UnitVerdict.Fail, code, VerificationUnitKind.None, time.GetUtcNow());
        }

        Assert.NotNull(last.NewLock);
        var refused = Upkeep().WhyRefused(3); // a restarted station reads the same
        Assert.StartsWith("Socket 3 is locked since 2025-03-14 06:00 UTC by station: 3 failures in a row", refused, StringComparison.Ordinal);
        Assert.Null(upkeep.WhyRefused(2));

        var (unlocked, was) = await Upkeep().UnlockAsync(3, "T042");

        Assert.True(unlocked);
        Assert.Equal(last.NewLock, was);
        Assert.Null(upkeep.WhyRefused(3));
        Assert.Equal(["lock", "unlock"], AuditKindsWritten());
        Assert.True(AuditVerifier.Verify(upkeep.Audit.FilePath, "ST01").Intact);
    }

    [Fact]
    public async Task Unlocking_a_socket_that_is_not_locked_changes_and_records_nothing()
    {
        var (unlocked, _) = await Upkeep().UnlockAsync(1, "T042");

        Assert.False(unlocked);
        Assert.False(File.Exists(StationRecordLayout.AuditFile(scratch.Path, "ST01")));
    }

    [Fact]
    public async Task Counters_survive_a_restart_and_warn_then_stop_at_their_limits()
    {
        var limits = new WearLimits { InsertionWarning = 3, InsertionStop = 5, RelayWarning = 6, RelayStop = 100 };
        var operations = new Dictionary<string, long> { ["POWER"] = 1, ["BOOT"] = 2 };
        for (var i = 0; i < 2; i++)
        {
            var quiet = await Upkeep(limits).AttemptFinishedAsync(3, UnitVerdict.Pass, null, VerificationUnitKind.None, time.GetUtcNow(), operations);
            Assert.Empty(quiet.Wear);
        }

        var third = await Upkeep(limits).AttemptFinishedAsync(3, UnitVerdict.Pass, null, VerificationUnitKind.None, time.GetUtcNow(), operations);

        Assert.Equal(3, third.Record.Insertions);
        var warnings = third.Wear.Select(w => w.Text).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("socket 3: 3 insertions, past its warning limit of 3: replace the pogo block of socket 3 soon", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("socket 3 BOOT relay: 6 operations, past its warning limit of 6: replace the BOOT relay of socket 3 soon", warnings[1], StringComparison.Ordinal);
        Assert.Null(Upkeep(limits).WhyRefused(3));

        for (var i = 0; i < 2; i++)
        {
            await Upkeep(limits).AttemptFinishedAsync(3, UnitVerdict.Pass, null, VerificationUnitKind.None, time.GetUtcNow());
        }

        Assert.StartsWith("socket 3: 5 insertions, at its stop limit of 5: replace the pogo block of socket 3 now", Upkeep(limits).WhyRefused(3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_counter_reset_needs_an_id_is_audited_with_the_old_count_and_reopens_the_socket()
    {
        var limits = new WearLimits { InsertionWarning = 1, InsertionStop = 2 };
        var upkeep = Upkeep(limits);
        await upkeep.AttemptFinishedAsync(1, UnitVerdict.Pass, null, VerificationUnitKind.None, time.GetUtcNow(), new Dictionary<string, long> { ["POWER"] = 2 });
        await upkeep.AttemptFinishedAsync(1, UnitVerdict.Pass, null, VerificationUnitKind.None, time.GetUtcNow());
        Assert.NotNull(upkeep.WhyRefused(1));

        await Assert.ThrowsAsync<ArgumentException>(() => upkeep.ResetInsertionsAsync(1, ""));
        Assert.Equal(2, await upkeep.ResetInsertionsAsync(1, "T042"));
        Assert.Equal(2, await upkeep.ResetRelayAsync(1, "POWER", "T042"));
        await Assert.ThrowsAsync<ArgumentException>(() => upkeep.ResetRelayAsync(1, "RESET", "T042"));

        Assert.Null(upkeep.WhyRefused(1));
        var lines = File.ReadAllLines(upkeep.Audit.FilePath);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"kind\":\"counter-reset\",\"details\":{\"counter\":\"insertions\",\"socket\":\"1\",\"was\":\"2\"}", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"counter\":\"relay\",\"line\":\"POWER\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_selftest_row_is_not_an_insertion()
    {
        var after = await Upkeep().AttemptFinishedAsync(2, UnitVerdict.Fail, FailureCode.FixtureFault, VerificationUnitKind.Selftest, time.GetUtcNow());

        Assert.Equal(0, after.Record.Insertions);
        Assert.Equal(0, after.Record.FixtureFaultStreak);
    }
}
