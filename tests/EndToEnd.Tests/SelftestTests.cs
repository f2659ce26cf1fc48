namespace Fixture.EndToEnd.Tests;

/// <summary>`fixture selftest` on the simulated station (issue 12 §1).</summary>
public sealed class SelftestTests : IDisposable
{
    private readonly string _reports = Directory.CreateTempSubdirectory("fixture-selftest-").FullName;

    [Fact]
    public void Crossed_ports_exit_1_naming_sockets_1_and_2_and_are_recorded()
    {
        var (exit, output, error) = FixtureCli.Run("selftest", "--sim", "--sockets", "4", "--fault", "2:crossed-port", "--reports", _reports);

        Assert.True(exit == 1, output + error);
        Assert.Contains("the ports of sockets 1 and 2 are swapped", output, StringComparison.Ordinal);
        Assert.Contains("only socket 3's unit answers", output, StringComparison.Ordinal);
        var audit = File.ReadAllText(Path.Combine(_reports, "sim-1", "audit.jsonl"));
        Assert.Contains("\"selftest\"", audit, StringComparison.Ordinal);
        Assert.Contains("PROBLEM", audit, StringComparison.Ordinal);
        var rows = Directory.GetFiles(Path.Combine(_reports, "sim-1"), "*.csv").SelectMany(File.ReadAllLines).Where(l => l.Contains("SELFTEST", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal(2, rows.Count(l => l.Contains("FIXTURE_FAULT", StringComparison.Ordinal)));
    }

    [Fact]
    public void Clean_simulated_station_exits_0()
    {
        var (exit, output, error) = FixtureCli.Run("selftest", "--sim", "--sockets", "4", "--reports", _reports);

        Assert.True(exit == 0, output + error);
        Assert.DoesNotContain("PROBLEM", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_option_is_bad_input()
    {
        Assert.Equal(2, FixtureCli.Run("selftest", "--sim", "--fault", "9:crossed-port", "--reports", _reports).Exit);
    }

    public void Dispose() => Directory.Delete(_reports, recursive: true);
}
