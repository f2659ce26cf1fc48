using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;
using Fixture.Simulator.Unit;

namespace Fixture.Lab.Benchmarks;

/// <summary>
/// One fresh simulated unit on its own modelled clock behind a port whose RTS works CHIP_EN (the Dev Cube's
/// wiring), with the unit's serial stream wrapped to count round trips and bytes: the backup-read benchmark's unit.
/// </summary>
internal sealed class BenchUnit
{
    /// <param name="timing">The unit's and the adapter's timing.</param>
    /// <param name="faults">What is special about the unit; its flash is laid out by <see cref="UnitFlashSetup"/> (factory-fresh stock firmware by default, the synthetic recipe's images for <see cref="UnitFaults.AlreadyFlashed"/>).</param>
    public BenchUnit(TimingModel timing, UnitFaults faults)
    {
        Clock = new SimulationClock();
        Unit = new SimulatedUnit(Clock, new SimulatedUnitOptions { Name = "bench", Timing = timing, Faults = faults });
        var assets = SyntheticAssets.Get(1);
        UnitFlashSetup.Apply(Unit.Flash, Unit.Efuse, faults, assets.OpenBl602Set, assets);

        Link = new SimulatedSerialLink("sim:bench", Clock, timing, ModemLineWiring.DevCube);
        Link.Attach(Unit);
    }

    public SimulationClock Clock { get; }

    public SimulatedUnit Unit { get; }

    public SimulatedSerialLink Link { get; }

    /// <summary>The open port's stream with counters; valid after <see cref="Open"/>.</summary>
    public ExchangeCountingStream Wire { get; private set; } = new(Stream.Null);

    public void Open(int baud)
    {
        Link.Open(baud);
        Wire = new ExchangeCountingStream(Link.Stream);
    }

    /// <summary>The fixture's entry into UART boot mode: power on with BOOT high and CHIP_EN held 5 ms (the reference's reset hold), then released.</summary>
    public async Task EnterBootModeAsync(CancellationToken cancellationToken)
    {
        Unit.SetBootStrap(true);
        Link.RequestToSend = true;
        Unit.SetPower(true);
        await Task.Delay(TimeSpan.FromMilliseconds(5), Clock, cancellationToken);
        Link.RequestToSend = false;
    }
}
