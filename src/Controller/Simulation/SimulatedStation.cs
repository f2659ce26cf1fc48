using Fixture.Controller.Workflow;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Protocol.Identity;
using Fixture.Protocol.Plans;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Hardware;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;
using Fixture.Simulator.Unit;

namespace Fixture.Controller.Simulation;

/// <summary>
/// The `--sim` station's units and wiring: the simulated GPIO chips and INA219s (plugged into Hal's
/// catalog like any driver), one simulated serial link per socket on that socket's clock, and a new
/// simulated unit put into a socket for every unit the operator would insert, its identity (eFuse, flash
/// part, what its flash holds) from the setup function or else the <see cref="UnitPopulation"/>, its
/// faults from the setup function. Station faults are
/// applied here: a sagging supply reads low on the socket's monitor, a crossed port wires the socket's
/// adapter to a neighbouring unit that another socket keeps powered in its bootrom.
/// </summary>
internal sealed class SimulatedStation : IUnitFeeder
{
    /// <summary>What a sagging station supply reads under a normal load.</summary>
    public const double SaggedRailVolts = 2.7;

    private readonly StationConfig _config;
    private readonly IReadOnlyList<TimeProvider> _clocks;
    private readonly Func<int, int, SimulatedUnitSetup> _setups;
    private readonly TimingModel _timing;
    private readonly ImageSet _recipeImages;
    private readonly SimulatedSerialLink?[] _links;
    private readonly int[] _inserted;
    private readonly SimulatedUnit?[] _current;
    private readonly List<SimulatedUnit> _all = [];
    private readonly Lock _gate = new();
    private readonly UnitPopulation _population;

    private readonly bool _retainUnits;

    /// <param name="population">Who the units are when a setup does not say.</param>
    /// <param name="adapterTurnaround">The adapters' turnaround instead of the configuration's simulation.adapterTurnaroundMs.</param>
    /// <param name="retainUnits">Keep every unit for <see cref="Units"/> (tests); off, only the unit now in each socket is kept (a long soak).</param>
    public SimulatedStation(StationConfig config, SimulationConfig simulation, TimeProvider hardwareTime, IReadOnlyList<TimeProvider> socketClocks, FlashPlan plan, Func<int, int, SimulatedUnitSetup> setups, UnitPopulation population, TimeSpan? adapterTurnaround = null, bool retainUnits = true)
    {
        _population = population;
        _retainUnits = retainUnits;
        _config = config;
        _clocks = socketClocks;
        _setups = setups;
        _timing = TimingModel.Default with { HostTurnaround = adapterTurnaround ?? TimeSpan.FromMilliseconds(simulation.AdapterTurnaroundMs) };
        _recipeImages = ImagesOf(plan);
        Hardware = new SimulatedStationHardware(hardwareTime);
        _links = new SimulatedSerialLink?[config.Sockets.Count];
        _inserted = new int[config.Sockets.Count];
        _current = new SimulatedUnit?[config.Sockets.Count];
    }

    public SimulatedStationHardware Hardware { get; }

    /// <summary>Every unit put into any socket so far, in order (empty unless units are retained).</summary>
    public IReadOnlyList<SimulatedUnit> Units
    {
        get
        {
            lock (_gate)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>A unit was put into a socket (0-based index), before anything powers it: the lab's soak follows its boots.</summary>
    public event Action<int, SimulatedUnit>? UnitInserted;

    /// <summary>The unit now in a socket (0-based), or null before the first.</summary>
    public SimulatedUnit? UnitIn(int socketIndex) => _current[socketIndex];

    /// <summary>Adds the simulated line driver, I2C bus and serial links to a catalog.</summary>
    public void Register(HardwareCatalog catalog)
    {
        Hardware.Register(catalog);
        catalog.OpenSerialLink = request => Link(request.SocketIndex);
    }

    /// <summary>The wiring of the (validated, widened) configuration.</summary>
    public void Wire() => Hardware.Wire(_config);

    public SimulatedSerialLink Link(int socketIndex)
    {
        lock (_gate)
        {
            return _links[socketIndex] ??= new SimulatedSerialLink($"sim:{socketIndex + 1}", _clocks[socketIndex], _timing);
        }
    }

    /// <summary>The station's unit feeder: every start gets the socket's next simulated unit.</summary>
    void IUnitFeeder.UnitStarting(int socketIndex) => Insert(socketIndex);

    /// <summary>Puts the socket's next unit in (the previous one is taken out), on the socket's clock.</summary>
    public SimulatedUnit Insert(int socketIndex)
    {
        int unitIndex;
        lock (_gate)
        {
            unitIndex = _inserted[socketIndex]++;
        }

        var setup = _setups(socketIndex, unitIndex);
        var clock = _clocks[socketIndex];
        var globalIndex = (unitIndex * _config.Sockets.Count) + socketIndex;
        var unit = new SimulatedUnit(clock, new SimulatedUnitOptions
        {
            Name = $"socket {socketIndex + 1} unit {unitIndex + 1}",
            Identity = setup.Identity ?? (setup.Mac is { } mac ? UnitIdentity.WithOnlyChipMac(mac) : _population.IdentityFor(globalIndex)),
            Faults = setup.Faults,
            Timing = _timing,
            Seed = setup.Seed ?? globalIndex + 1,
            FirmwareStarter = FlashBoot.Starter(setup.Faults),
        });
        try
        {
            UnitFlashSetup.Apply(unit, _recipeImages, SyntheticAssets.Get(1));
        }
        catch (ArgumentOutOfRangeException)
        {
            // A smaller flash part (a 1 MB JEDEC id) cannot hold the 2 MB stock layout: the unit arrives with what fitted.
        }
        ISimulatedSupplyLoad load = setup.Station.SaggingSupply ? new SaggingSupply(unit, SaggedRailVolts) : unit;
        Hardware.ConnectUnit(socketIndex, unit, load);
        var link = Link(socketIndex);
        link.MaximumBaud = setup.Station.AdapterMaximumBaud;
        link.MaximumTransmitBaud = setup.Station.AdapterTransmitMaximumBaud;
        if (setup.Station.CrossedPort)
        {
            link.Attach(NeighbourInItsBootrom(clock, globalIndex));
        }
        else
        {
            link.Attach(unit);
        }

        lock (_gate)
        {
            _current[socketIndex] = unit;
            if (_retainUnits)
            {
                // Each unit holds its 2 MB flash: thousands of them would not fit in memory.
                _all.Add(unit);
            }
        }

        UnitInserted?.Invoke(socketIndex, unit);
        return unit;
    }

    /// <summary>Who the units are when a setup does not say.</summary>
    public UnitPopulation Population => _population;

    private SimulatedUnit NeighbourInItsBootrom(TimeProvider clock, int globalIndex)
    {
        var neighbour = new SimulatedUnit(clock, new SimulatedUnitOptions { Name = "neighbouring socket's unit", Identity = _population.IdentityFor(globalIndex + 4096), Timing = _timing });
        neighbour.SetBootStrap(true);
        neighbour.SetChipEnable(true);
        neighbour.SetPower(true);
        return neighbour;
    }

    private static ImageSet ImagesOf(FlashPlan plan)
    {
        byte[] Of(FlashRegionKind kind) => plan.Regions.First(r => r.Kind == kind).Data.ToArray();
        return new ImageSet(Of(FlashRegionKind.Boot2), Of(FlashRegionKind.PartitionTable), Of(FlashRegionKind.Firmware), Of(FlashRegionKind.FactoryParameters));
    }
}
