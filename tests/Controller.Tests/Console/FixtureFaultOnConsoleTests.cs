using Fixture.Controller.Reports;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;

namespace Fixture.Controller.Tests.Console;

/// <summary>Issue 13 §7: a FIXTURE_FAULT on the simulated station reaches the console's red ATTENTION panel with its detail.</summary>
public sealed class FixtureFaultOnConsoleTests : IDisposable
{
    private readonly string reports = Directory.CreateTempSubdirectory("fixture-console-fault-").FullName;

    [Theory]
    [InlineData(2, "2:crossed-port")]
    [InlineData(1, "1:sagging-supply")]
    public async Task A_fixture_fault_shows_its_detail_on_the_tile_and_in_the_red_attention_panel(int sockets, string fault)
    {
        using var harness = new ConsoleHarness(sockets: sockets, width: 120, height: 70);
        using (var station = StationFactory.Open(
            new StationOptions { ConfigPath = Path.Combine(AppContext.BaseDirectory, "config", "station.sim.json"), ReportDirectory = reports },
            harness.Console,
            new SimulationComposition(new SimulationOptions { Sockets = sockets, SocketFaults = [fault] })))
        {
            await station.RunUnitsAsync(1, CancellationToken.None);
        }

        var socket = int.Parse(fault[..1], System.Globalization.CultureInfo.InvariantCulture);
        var row = Directory.GetFiles(Path.Combine(reports, "sim-1"), "*.csv").SelectMany(Fixture.Controller.Reports.Csv.UnitReportCsv.ReadAllRows).Single(r => r.Socket == socket);
        Assert.Equal(FailureCode.FixtureFault, row.FailureCode);
        var screen = harness.Screen();
        Assert.Contains("ATTENTION: station messages", screen, StringComparison.Ordinal);
        Assert.Contains(" ERROR ", screen, StringComparison.Ordinal);
        var panel = SocketTileTests.Unwrapped(screen[..screen.IndexOf("Enter start", StringComparison.Ordinal)]);
        Assert.Contains($"Socket {socket}: FIXTURE_FAULT in {row.FailedStep}", panel, StringComparison.Ordinal);
        var detailStart = string.Join(' ', row.Detail!.Split(' ').Take(6));
        Assert.Contains(detailStart, panel, StringComparison.Ordinal);
        Assert.Contains("Detail:", screen, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(reports, recursive: true);
}
