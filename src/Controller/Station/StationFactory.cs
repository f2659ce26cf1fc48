using System.Reflection;
using Fixture.Controller.Configuration;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Station.Simulation;
using Fixture.Controller.Workflow;
using Fixture.Controller.Workflow.Configuration;
using Fixture.Hal;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Hal.Lines;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Hardware;
using Fixture.Simulator.Timing;

namespace Fixture.Controller.Station;

/// <summary>
/// Opens a station: the configuration (and its approval pin), the recipe (and its pins) and its flash
/// plan, the report folder, then the hardware — real drivers, or the simulated station. Everything
/// that can be refused is refused before any line is touched, with one message naming file and key.
/// </summary>
public static class StationFactory
{
    public const string DefaultSimulatedConfig = StationChecks.DefaultSimulatedConfig;

    /// <summary>The pin file beside a configuration: its SHA-256 as approved by `fixture config pin`.</summary>
    public static string PinFile(string configPath) => StationChecks.PinFile(configPath);

    /// <exception cref="StationSetupException">Bad input (exit 2) or a station fault (exit 3).</exception>
    public static FixtureStation Open(StationOptions options, IStationObserver observer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        var unit = LoadUnitFile(options);
        var checkedStation = Check(options);
        return OpenChecked(checkedStation, options, observer, unit);
    }

    /// <summary>Loads and validates configuration and recipe without touching anything (<see cref="StationChecks.Check"/>).</summary>
    public static CheckedStation Check(StationOptions options) => StationChecks.Check(options);

    /// <summary>`--unit FILE`: the simulated units' identity, read before anything is opened; a bad file is bad input.</summary>
    private static Fixture.Simulator.Unit.UnitIdentity? LoadUnitFile(StationOptions options)
    {
        if (options.UnitFile is not { } file)
        {
            return null;
        }

        if (!options.Simulated)
        {
            throw new StationSetupException(StationSetupException.BadInput, "--unit FILE describes a simulated unit: add --sim.");
        }

        try
        {
            return Fixture.Simulator.Unit.UnitFile.Load(file);
        }
        catch (Fixture.Simulator.Unit.UnitFileException e)
        {
            throw new StationSetupException(StationSetupException.BadInput, "--unit " + e.Message, e);
        }
    }

    private static FixtureStation OpenChecked(CheckedStation checkedStation, StationOptions options, IStationObserver observer, Fixture.Simulator.Unit.UnitIdentity? unit)
    {
        var (configuration, _, recipe, plan) = checkedStation;
        var (configPath, config, configSha256, reportDirectory) = (checkedStation.ConfigPath, checkedStation.Config, checkedStation.ConfigSha256, checkedStation.ReportDirectory);
        var workflowConfig = configuration.File.Workflow;
        var identities = configuration.File.Identities;
        var stationId = config.Station!.Id!;
        var simulation = configuration.File.Simulation ?? new SimulationConfig();
        var setups = options.Simulated ? UnitSetups(options, config, simulation) : null;
        var modelled = options.Simulated && !options.RealTime && simulation.Time == "modelled";
        var speed = options.Speed ?? simulation.RealTimeScale;
        TimeProvider shared = options.Simulated && speed != 1.0 ? new ScaledTimeProvider(TimeProvider.System, speed) : TimeProvider.System;
        var clocks = Enumerable.Range(0, config.Sockets.Count)
            .Select(_ => modelled ? new SimulationClock(TimeProvider.System.GetUtcNow()) : shared)
            .ToList();

        var recorder = OpenRecorder(configuration.ReportFolder, stationId, workflowConfig, observer);
        StationHardware? hardware = null;
        try
        {
            var catalog = HardwareCatalog.CreateForHardware();
            SimulatedStation? sim = null;
            if (options.Simulated)
            {
                // Past every attempt the folder has seen: a second run into it gets new units, not retests.
                // A unit file is one unit as data: its run starts with that very unit.
                var population = unit is not null
                    ? UnitPopulation.FromFile(unit)
                    : UnitPopulation.ForConfiguration(identities, recorder.LastAttemptNumber);
                sim = new SimulatedStation(config, simulation, shared, clocks, plan, setups!, population, options.AdapterTurnaround, options.RetainSimulatedUnits);
                sim.Register(catalog);
                sim.Wire();
            }

            try
            {
                hardware = StationHardware.Open(config, catalog, shared);
            }
            catch (HardwareFaultException e)
            {
                throw new StationSetupException(StationSetupException.StationFault, $"Station {stationId} ({configPath}): {e.Message}", e);
            }

            var settings = new WorkflowSettings(
                stationId,
                workflowConfig,
                SocketTimings.From(config.Timing),
                TimeSpan.FromMilliseconds(config.Timing.PowerOnStaggerMs),
                recipe,
                plan,
                configSha256,
                FixtureVersion,
                identities);
            var gate = new PowerOnGate(settings.PowerOnStagger, modelled ? null : shared);
            var sockets = new List<StationSocket>();
            for (var i = 0; i < hardware.Sockets.Count; i++)
            {
                var socketHardware = hardware.Sockets[i];
                var clock = clocks[i];
                var sequences = new SocketSequences(socketHardware.Lines, settings.Timings, clock, socketHardware.Link, socketHardware.SupplyMonitor, socketHardware.Thresholds);
                var environment = new SocketEnvironment(
                    socketHardware.Number, socketHardware.Label, socketHardware.Lines, sequences, socketHardware.Link, socketHardware.SupplyMonitor,
                    socketHardware.Thresholds, socketHardware.Lamps, hardware.Panel.Guard, hardware.Panel.Esd, socketHardware.Config.Serial!, clock);
                var index = i;
                var workflow = new UnitWorkflow(environment, settings, recorder, observer, gate)
                {
                    BeforeStep = options.BeforeStep is { } hook ? (state, ct) => hook(index, state, ct) : null,
                };
                sockets.Add(new StationSocket(i, environment, workflow, new SocketLoop(clock), sim, observer));
            }

            return new FixtureStation(config, configPath, recipe, settings, hardware, sockets, recorder, sim, observer, modelled);
        }
        catch
        {
            hardware?.Dispose();
            recorder.Dispose();
            throw;
        }
    }

    /// <summary>The version written into every row.</summary>
    public static string FixtureVersion { get; } =
        typeof(StationFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static StationRecorder OpenRecorder(ReportFolder folder, string station, WorkflowConfig workflow, IStationObserver observer)
    {
        var reportDirectory = folder.Path;
        CsvReportWriter? writer = null;
        try
        {
            writer = CsvReportWriter.Open(reportDirectory, station, TimeProvider.System);
            if (!folder.Exists)
            {
                observer.OnStationMessage(new StationMessage(StationMessageLevel.Info, $"report folder {reportDirectory} created"));
            }

            foreach (var repair in writer.Repairs)
            {
                observer.OnStationMessage(new StationMessage(StationMessageLevel.Warning, $"report repaired at start-up: {repair}"));
            }

            foreach (var notice in writer.Notices)
            {
                observer.OnStationMessage(new StationMessage(StationMessageLevel.Warning, notice));
            }

            var counter = AttemptCounter.Open(reportDirectory, station);
            if (counter.Warning is { } warning)
            {
                observer.OnStationMessage(new StationMessage(StationMessageLevel.Warning, warning));
            }

            var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            var history = UnitHistory.Load(reportDirectory, station, today, workflow.HistoryDays, workflow.RetestLimit);
            return new StationRecorder(writer, counter, history, StationCountsTracker.Load(reportDirectory, station, today), observer);
        }
        catch (Exception e) when (e is ReportFileException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            writer?.Dispose();
            throw new StationSetupException(StationSetupException.BadInput, $"Report folder {reportDirectory}: {e.Message}", e);
        }
    }

    private static Func<int, int, SimulatedUnitSetup> UnitSetups(StationOptions options, StationConfig config, SimulationConfig simulation)
    {
        if (options.UnitSetups is { } given)
        {
            return given;
        }

        var profileName = options.FaultProfile ?? simulation.FaultProfile;
        FaultProfile profile;
        try
        {
            profile = FaultProfile.Named(profileName);
        }
        catch (ArgumentException e)
        {
            throw new StationSetupException(StationSetupException.BadInput, $"--faults: {e.Message}", e);
        }

        var perSocket = new Dictionary<int, (List<string> Unit, StationFaults Station)>();
        foreach (var item in options.SocketFaults)
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !int.TryParse(item.AsSpan(0, colon), out var socket) || socket < 1 || socket > config.Sockets.Count)
            {
                throw new StationSetupException(StationSetupException.BadInput, $"--fault \"{item}\": write SOCKET:FAULT with a socket from 1 to {config.Sockets.Count}, e.g. 1:weak-supply=2 or 2:crossed-port.");
            }

            var entry = perSocket.TryGetValue(socket - 1, out var existing) ? existing : ([], StationFaults.None);
            var fault = item[(colon + 1)..].Trim();
            entry = fault.ToLowerInvariant() switch
            {
                "sagging-supply" => (entry.Unit, entry.Station with { SaggingSupply = true }),
                "crossed-port" => (entry.Unit, entry.Station with { CrossedPort = true }),
                _ => ([.. entry.Unit, fault], entry.Station),
            };
            perSocket[socket - 1] = entry;
        }

        var fixedSetups = new Dictionary<int, SimulatedUnitSetup>();
        foreach (var (socket, (unitItems, station)) in perSocket)
        {
            try
            {
                fixedSetups[socket] = new SimulatedUnitSetup(UnitFaultsText.Parse(unitItems), station);
            }
            catch (FormatException e)
            {
                throw new StationSetupException(StationSetupException.BadInput, $"--fault for socket {socket + 1}: {e.Message} (station faults: sagging-supply, crossed-port)", e);
            }
        }

        return SimulatedStation.FromProfile(profile, options.Seed, config.Sockets.Count, fixedSetups);
    }
}
