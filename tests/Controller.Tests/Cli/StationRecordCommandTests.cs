using Fixture.Controller.Audit;
using Fixture.Controller.Reports;
using Fixture.Controller.Tests.Reports;
using Fixture.Controller.Upkeep;

namespace Fixture.Controller.Tests.Cli;

/// <summary><c>fixture audit verify</c>, <c>fixture socket unlock</c> and <c>fixture socket counters</c> over a scratch report folder.</summary>
public sealed class StationRecordCommandTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private static string SimConfig()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fixture.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "config", "station.sim.json");
    }

    private async Task LockSocket3()
    {
        var upkeep = StationUpkeep.For(scratch.Path, "sim-1", TimeProvider.System);
        for (var i = 0; i < 3; i++)
        {
            await upkeep.AttemptFinishedAsync(3, UnitVerdict.Fail, FailureCode.Verify, VerificationUnitKind.None, TimeProvider.System.GetUtcNow());
        }
    }

    [Fact]
    public async Task Socket_unlock_by_a_technician_unlocks_and_audit_verify_finds_the_chain_intact()
    {
        await LockSocket3();

        var unlock = FixtureCli.Run("socket", "unlock", "--socket", "3", "--by", "T042", "--reports", scratch.Path, "--station", "sim-1");
        var verify = FixtureCli.Run("audit", "verify", "--dir", scratch.Path);

        Assert.Equal((0, ""), (unlock.Exit, unlock.Error));
        Assert.StartsWith("sim-1 socket 3 unlocked by T042 (it was locked by station", unlock.Output, StringComparison.Ordinal);
        Assert.False(StationStateStore.For(scratch.Path, "sim-1", TimeProvider.System).Read().Socket(3).IsLocked);
        Assert.Equal(0, verify.Exit);
        Assert.StartsWith("sim-1: intact, 2 entries", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_one_audit_line_makes_audit_verify_exit_1_naming_the_line()
    {
        await LockSocket3();
        FixtureCli.Run("socket", "unlock", "--socket", "3", "--by", "T042", "--reports", scratch.Path, "--station", "sim-1");
        var file = StationRecordLayout.AuditFile(scratch.Path, "sim-1");
        var lines = File.ReadAllLines(file);
        lines[0] = lines[0].Replace("\"who\":\"station\"", "\"who\":\"T007\"", StringComparison.Ordinal);
        File.WriteAllLines(file, lines);

        var (exit, output, _) = FixtureCli.Run("audit", "verify", "--dir", scratch.Path);

        Assert.Equal(1, exit);
        Assert.Contains("sim-1: BROKEN", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:1: was changed after it was written", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_verify_with_nothing_to_check_or_both_options_is_bad_input()
    {
        Assert.Equal(2, FixtureCli.Run("audit", "verify", "--dir", scratch.Path).Exit);
        Assert.Equal(2, FixtureCli.Run("audit", "verify", "--dir", Path.Combine(scratch.Path, "missing")).Exit);
        Assert.Equal(2, FixtureCli.Run("audit", "verify", "--dir", scratch.Path, "--config", SimConfig()).Exit);
    }

    [Fact]
    public async Task Socket_commands_take_station_and_sockets_from_the_configuration()
    {
        await LockSocket3();

        var counters = FixtureCli.Run("socket", "counters", "--config", SimConfig(), "--reports", scratch.Path);
        var beyond = FixtureCli.Run("socket", "unlock", "--socket", "9", "--by", "T042", "--config", SimConfig(), "--reports", scratch.Path);

        Assert.Equal(0, counters.Exit);
        Assert.Contains("socket 3: LOCKED since", counters.Output, StringComparison.Ordinal);
        Assert.Contains("socket 3: 3 insertions", counters.Output, StringComparison.Ordinal);
        Assert.Contains("socket 1: not locked", counters.Output, StringComparison.Ordinal);
        Assert.Equal(2, beyond.Exit);
        Assert.Contains("--socket 9: station sim-1 has sockets 1 to", beyond.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_counter_reset_needs_an_id_and_is_audited()
    {
        await LockSocket3();

        var withoutId = FixtureCli.Run("socket", "counters", "--reset", "insertions", "--socket", "3", "--reports", scratch.Path, "--station", "sim-1");
        var reset = FixtureCli.Run("socket", "counters", "--reset", "insertions", "--socket", "3", "--by", "T042", "--reports", scratch.Path, "--station", "sim-1");

        Assert.Equal(2, withoutId.Exit);
        Assert.Contains("--by ID", withoutId.Error, StringComparison.Ordinal);
        Assert.Equal(0, reset.Exit);
        Assert.Contains("insertion counter reset to 0 by T042 (was 3)", reset.Output, StringComparison.Ordinal);
        Assert.Equal(0, StationStateStore.For(scratch.Path, "sim-1", TimeProvider.System).Read().Socket(3).Insertions);
        Assert.Contains("\"kind\":\"counter-reset\"", File.ReadAllText(StationRecordLayout.AuditFile(scratch.Path, "sim-1")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_state_file_is_bad_input_and_stays_as_it_was()
    {
        var file = StationRecordLayout.StateFile(scratch.Path, "sim-1");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "{ not json");

        var (exit, _, error) = FixtureCli.Run("socket", "unlock", "--socket", "1", "--by", "T042", "--reports", scratch.Path, "--station", "sim-1");

        Assert.Equal(2, exit);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Equal("{ not json", File.ReadAllText(file));
    }
}
