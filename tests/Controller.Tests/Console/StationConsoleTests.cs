using Fixture.Controller.OperatorScreen;
using Fixture.Controller.Station;
using Spectre.Console.Testing;

namespace Fixture.Controller.Tests.Console;

/// <summary>The operator console on the simulated station (modelled time): keys in, the station's real events out.</summary>
[Trait("Category", "RealTime")]
public sealed class StationConsoleTests : IDisposable
{
    private readonly string reports = Directory.CreateTempSubdirectory("fixture-console-").FullName;

    [Fact]
    public async Task Enter_on_the_console_runs_a_simulated_unit_whose_PASS_and_counts_appear_on_its_tile()
    {
        using var terminal = new TestConsole().Width(120).Height(60).Interactive().SupportsAnsi(true);
        var plain = new CountingObserver();
        var handOver = new ObserverHandOver(plain);
        using var station = StationFactory.Open(
            new StationOptions { ConfigPath = Path.Combine(AppContext.BaseDirectory, "config", "station.sim.json"), ReportDirectory = reports },
            handOver,
            new Fixture.Controller.Simulation.SimulationComposition(new Fixture.Controller.Simulation.SimulationOptions { Sockets = 2 }));
        var console = StationConsole.Create(station, terminal, TimeProvider.System);
        using var stop = new CancellationTokenSource();

        // Typed before the loop starts: the test terminal's input queue is not safe to fill while the loop reads it.
        terminal.Input.PushText("2");
        terminal.Input.PushKey(ConsoleKey.Enter);
        var run = Task.Run(() => StationConsole.RunAsync(station, console, handOver, stop.Token));
        var finished = SpinWait.SpinUntil(() => Screen(console).Contains("Today 1 attempt   PASS 1", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(60));

        var screen = Screen(console);
        Assert.True(finished, screen);
        Assert.Contains("SIMULATED STATION", screen, StringComparison.Ordinal);
        Assert.Contains("Station Simulated station (sim-1)", screen, StringComparison.Ordinal);
        SocketTileTests.AssertBigWord("PASS", screen);
        Assert.Contains("Next: Take the unit out", SocketTileTests.Unwrapped(screen), StringComparison.Ordinal);
        Assert.Contains("Ready", screen, StringComparison.Ordinal);
        Assert.Equal(0, plain.Events);
        Assert.Single(File.ReadAllLines(Directory.GetFiles(Path.Combine(reports, "sim-1"), "*.csv").Single()).Skip(1));
    }

    [Fact]
    public void Messages_raised_before_the_hand_over_reach_the_console_and_nothing_after_it_goes_to_plain_lines()
    {
        using var harness = new ConsoleHarness();
        var plain = new CountingObserver();
        var handOver = new ObserverHandOver(plain);

        handOver.OnStationMessage(new StationMessage(StationMessageLevel.Warning, "1 torn report line moved aside."));
        handOver.HandOver(harness.Console);
        handOver.OnSocketChanged(Outcomes.Flashing(1, 1, 2));

        Assert.Equal(1, plain.Events);
        var screen = harness.Screen();
        Assert.Contains("1 torn report line moved aside.", screen, StringComparison.Ordinal);
        Assert.Contains("Flashing", screen, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(reports, recursive: true);

    private static string Screen(OperatorConsole console)
    {
        using var screen = new TestConsole().Width(120).Height(60);
        screen.Write(console.Render());
        return screen.Output;
    }

    private sealed class CountingObserver : IStationObserver
    {
        private int events;

        public int Events => Volatile.Read(ref events);

        public void OnSocketChanged(SocketSnapshot snapshot) => Interlocked.Increment(ref events);

        public void OnUnitFinished(UnitOutcome outcome) => Interlocked.Increment(ref events);

        public void OnStationMessage(StationMessage message) => Interlocked.Increment(ref events);

        public void OnCountsChanged(StationCounts counts) => Interlocked.Increment(ref events);
    }
}
