using Fixture.Controller.Configuration;
using Fixture.Controller.Station;
using Fixture.Controller.Workflow;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Simulator.Hardware;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Unit;

namespace Fixture.Controller.Simulation;

/// <summary>
/// The simulated station (`--sim`) as a <see cref="StationComposition"/>: config/station.sim.json by
/// default, the simulated GPIO chips, INA219s and serial links plugged into Hal's catalog, the
/// configuration's "simulation" section read and the station widened to <c>--sockets</c>, the sockets'
/// loops in modelled time (each socket its own <see cref="SimulationClock"/>) or real time, and a new
/// simulated unit put in at every start (<see cref="SimulatedStation"/> is the unit feeder). After the
/// station opened, <see cref="Station"/> holds the simulated hardware and units.
/// </summary>
internal sealed class SimulationComposition : StationComposition
{
    /// <summary>The default simulated station, relative to the working folder or the program.</summary>
    public const string DefaultConfig = "config/station.sim.json";

    /// <summary>
    /// The fastest real-time speed-up (--speed, simulation.realTimeScale) the station honours: the host's own
    /// processing time is multiplied by it, and beyond this, on the slowest machine we run on, it eats the
    /// protocol's short deadlines (false HELPER_LOAD, then NO_HANDSHAKE). Measured: docs/simulator.md.
    /// </summary>
    public const double MaxSpeed = 10;

    private UnitIdentity? _unitFile;
    private SimulationConfig _simulation = new();
    private Func<int, int, SimulatedUnitSetup>? _setups;
    private SimulatedStation? _station;

    public SimulationComposition(SimulationOptions? options = null)
    {
        Options = options ?? new SimulationOptions();
    }

    public SimulationOptions Options { get; }

    /// <summary>`--fault N:adapter-max=BAUD` for this socket (a transmit-only limit does not count: that adapter reads the console).</summary>
    public override int? AdapterReceiveLimit(int socketIndex, int sockets) => SimulatedUnitSetups.AdapterMaximumBaud(Options.SocketFaults, sockets, socketIndex);

    /// <summary>The simulated hardware and units of the opened station.</summary>
    /// <exception cref="InvalidOperationException">The station is not open yet.</exception>
    public SimulatedStation Station => _station ?? throw new InvalidOperationException("The simulated station is not open yet.");

    public override string DefaultConfigPath()
    {
        foreach (var folder in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var candidate = Path.Combine(folder, DefaultConfig);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new StationSetupException(ExitCodes.BadInput, $"The default simulated station {DefaultConfig} was not found here or beside the program: run from the repository folder or give --config FILE.");
    }

    /// <summary>`--unit FILE`: the simulated units' identity, read before anything else; a bad file is bad input.</summary>
    public override void Prepare()
    {
        if (Options.UnitFile is not { } file)
        {
            return;
        }

        try
        {
            _unitFile = UnitFile.Load(file);
        }
        catch (UnitFileException e)
        {
            throw new StationSetupException(ExitCodes.BadInput, "--unit " + e.Message, e);
        }
    }

    public override void Register(HardwareCatalog catalog) => RegisterSimulatedHardware(catalog);

    /// <summary>Makes the simulated chips and lines known to <paramref name="catalog"/>, so a simulated station's configuration validates (the station record commands read either kind).</summary>
    public static void RegisterSimulatedHardware(HardwareCatalog catalog) => new SimulatedStationHardware(TimeProvider.System).Register(catalog);

    public override string CommandLine => " --sim";

    /// <summary>The simulation section read (checked with the rest of the file), the station widened to <c>--sockets</c>, the units' faults parsed.</summary>
    public override StationConfig Shape(StationConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var config = configuration.Hardware;
        try
        {
            _simulation = SimulationConfig.Read(configuration.Simulation, configuration.File);
        }
        catch (ConfigurationException e)
        {
            throw new StationSetupException(ExitCodes.BadInput, e.Message, e);
        }

        if (Options.Sockets is { } sockets)
        {
            if (sockets is < 1 or > StationConfigValidator.MaxSockets)
            {
                throw new StationSetupException(ExitCodes.BadInput, $"--sockets {sockets}: a station has 1 to {StationConfigValidator.MaxSockets} sockets.");
            }

            config = SimulatedStationLayout.WithSockets(config, sockets);
        }

        if (Options.LoaderBaud is { } baud)
        {
            config = WithLoaderBaud(config, baud);
        }

        _setups = SimulatedUnitSetups.From(Options, _simulation, config.Sockets.Count);
        return config;
    }

    /// <summary>True when <c>--fault N:crossed-port</c> (or the fault profile) crosses the cable of socket <paramref name="socket"/> (from 1); after <see cref="Shape"/>.</summary>
    public bool HasCrossedPort(int socket) => _setups is { } setups && setups(socket - 1, 0).Station.CrossedPort;

    public override StationRuntime Open(CheckedStation station, long lastAttemptNumber, HardwareCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(station);
        ArgumentNullException.ThrowIfNull(catalog);
        var config = station.Config;
        var sockets = config.Sockets.Count;
        var modelled = !Options.RealTime && _simulation.Time == "modelled";
        var speed = Options.Speed ?? _simulation.RealTimeScale;
        if (speed > MaxSpeed)
        {
            throw new StationSetupException(ExitCodes.BadInput, $"simulation.realTimeScale {speed.ToString(System.Globalization.CultureInfo.InvariantCulture)} is too fast: the real-time simulation honours 1 to {MaxSpeed.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        TimeProvider shared = speed != 1.0 ? new ScaledTimeProvider(TimeProvider.System, speed) : TimeProvider.System;
        ISocketLoopFactory loops;
        IReadOnlyList<TimeProvider> clocks;
        if (modelled)
        {
            var modelledLoops = new ModelledSocketLoops(sockets, shared);
            loops = modelledLoops;
            clocks = modelledLoops.Clocks;
        }
        else
        {
            loops = new SingleThreadSocketLoops(shared);
            clocks = [.. Enumerable.Repeat(shared, sockets)];
        }

        // Past every attempt the folder has seen: a second run into it gets new units, not retests.
        // A unit file is one unit as data: its run starts with that very unit.
        var population = _unitFile is { } unit ? UnitPopulation.FromFile(unit) : UnitPopulation.ForConfiguration(_simulation, lastAttemptNumber);
        var simulated = new SimulatedStation(config, _simulation, shared, clocks, station.Plan, _setups!, population, Options.AdapterTurnaround, Options.RetainUnits);
        simulated.Register(catalog);
        simulated.Wire();
        _station = simulated;
        return new StationRuntime(
            loops,
            simulated,
            modelled ? "simulated, modelled time" : "simulated, real time",
            modelled,
            [$"Simulated units: {population.Description}."],
            "SIMULATED STATION: the units are simulated (training, recipe dry-runs); nothing real is flashed.")
        {
            PanelPressable = false,
        };
    }

    private static StationConfig WithLoaderBaud(StationConfig config, int baud) => new()
    {
        Station = config.Station,
        Timing = config.Timing,
        Sockets = [.. config.Sockets.Select(s => new SocketConfig
        {
            Id = s.Id,
            Lines = s.Lines,
            StartButton = s.StartButton,
            Lamps = s.Lamps,
            SupplyMonitor = s.SupplyMonitor,
            Serial = s.Serial is not { } serial ? null : new SerialConfig
            {
                Port = serial.Port,
                BootromBaud = serial.BootromBaud,
                LoaderBaud = baud,
                ConsoleBaud = serial.ConsoleBaud,
                ModemLinesInverted = serial.ModemLinesInverted,
            },
        })],
    };
}
