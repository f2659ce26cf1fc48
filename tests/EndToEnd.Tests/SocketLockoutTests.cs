using Fixture.Controller.Upkeep;

namespace Fixture.EndToEnd.Tests;

/// <summary>Issue 12 §3 on the simulated station: failures in a row lock a socket until a technician unlocks it, and both are audited.</summary>
public sealed class SocketLockoutTests : IDisposable
{
    private readonly string _reports = Directory.CreateTempSubdirectory("fixture-lockout-").FullName;

    [Fact]
    public void Three_failures_in_a_row_lock_socket_3_and_its_starts_are_ignored_until_unlocked()
    {
        // Every unit in socket 3 fails (secure boot refused); the other sockets pass.
        var (exit, output, error) = FixtureCli.Run("run", "--sim", "--sockets", "4", "--units", "5", "--fault", "3:secure-boot", "--reports", _reports);

        Assert.True(exit is 0 or 1, output + error);
        var socket3Verdicts = output.Split('\n').Count(line => line.StartsWith("[socket 3] FAIL", StringComparison.Ordinal));
        Assert.True(socket3Verdicts == 3, output);
        Assert.Contains("[socket 3] warning: start ignored: Socket 3 is locked", output, StringComparison.Ordinal);
        Assert.Equal(5, output.Split('\n').Count(line => line.StartsWith("[socket 1] PASS", StringComparison.Ordinal)));

        var station = StationStateStore.For(_reports, "sim-1", TimeProvider.System).Read();
        Assert.True(station.Socket(3).IsLocked);
        Assert.Equal(3, station.Socket(3).Insertions);
        Assert.True(station.RelayOperations(3, "POWER") >= 3, "each attempt powers the unit at least once");

        // Still locked after a restart: the next run ignores socket 3's start.
        var again = FixtureCli.Run("run", "--sim", "--sockets", "4", "--units", "1", "--fault", "3:secure-boot", "--reports", _reports);
        Assert.Contains("[socket 3] warning: start ignored", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[socket 3] FAIL", again.Output, StringComparison.Ordinal);

        var unlock = FixtureCli.Run("socket", "unlock", "--socket", "3", "--by", "T042", "--reports", _reports, "--station", "sim-1");
        Assert.True(unlock.Exit == 0, unlock.Output + unlock.Error);

        var afterUnlock = FixtureCli.Run("run", "--sim", "--sockets", "4", "--units", "1", "--fault", "3:secure-boot", "--reports", _reports);
        Assert.Contains("[socket 3] FAIL", afterUnlock.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("start ignored", afterUnlock.Output, StringComparison.Ordinal);

        var audit = File.ReadAllLines(StationRecordLayout.AuditFile(_reports, "sim-1"));
        Assert.Contains(audit, line => line.Contains("\"lock\"", StringComparison.Ordinal) && line.Contains("\"station\"", StringComparison.Ordinal));
        Assert.Contains(audit, line => line.Contains("\"unlock\"", StringComparison.Ordinal) && line.Contains("T042", StringComparison.Ordinal));
        Assert.Equal(0, FixtureCli.Run("audit", "verify", "--dir", _reports).Exit);
    }

    public void Dispose() => Directory.Delete(_reports, recursive: true);
}
