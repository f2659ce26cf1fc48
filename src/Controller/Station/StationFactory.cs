using System.Reflection;
using System.Security.Cryptography;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Station.Simulation;
using Fixture.Controller.Workflow;
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
    public const string DefaultSimulatedConfig = "config/station.sim.json";

    /// <summary>The pin file beside a configuration: its SHA-256 as approved by `fixture config pin`.</summary>
    public static string PinFile(string configPath) => configPath + ".sha256";

    /// <exception cref="StationSetupException">Bad input (exit 2) or a station fault (exit 3).</exception>
    public static FixtureStation Open(StationOptions options, IStationObserver observer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        var unit = LoadUnitFile(options);
        var checkedStation = Check(options);
        return OpenChecked(checkedStation, options, observer, unit);
    }

    /// <summary>Loads and validates configuration and recipe without touching anything (`fixture config validate`).</summary>
    public static CheckedStation Check(StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configPath = ResolveConfig(options);
        var validation = HardwareCatalog.CreateForHardware();
        if (options.Simulated)
        {
            new SimulatedStationHardware(TimeProvider.System).Register(validation);
        }

        StationConfig config;
        try
        {
            config = StationConfigLoader.Load(configPath, validation);
        }
        catch (ConfigurationException e)
        {
            var hint = !options.Simulated && e.Problems.Any(p => p.Message.Contains("'simulated'", StringComparison.Ordinal))
                ? " (this is a simulated station: add --sim)"
                : "";
            throw new StationSetupException(StationSetupException.BadInput, e.Message + hint, e);
        }

        CheckPin(configPath, config.Sha256);
        try
        {
            _ = ConfiguredIdentities.Read(config, configPath);
        }
        catch (ConfigurationException e)
        {
            throw new StationSetupException(StationSetupException.BadInput, e.Message, e);
        }

        var configSha256 = config.Sha256;
        if (options.Sockets is { } sockets)
        {
            if (!options.Simulated)
            {
                throw new StationSetupException(StationSetupException.BadInput, "--sockets only widens the simulated station (--sim); a real station's sockets are its configuration's.");
            }

            if (sockets is < 1 or > StationConfigValidator.MaxSockets)
            {
                throw new StationSetupException(StationSetupException.BadInput, $"--sockets {sockets}: a station has 1 to {StationConfigValidator.MaxSockets} sockets.");
            }

            config = SimulatedStationLayout.WithSockets(config, sockets);
        }

        var recipePath = ResolveRecipe(options, config, configPath);
        Recipe recipe;
        FlashPlan plan;
        try
        {
            recipe = RecipeLoader.Load(recipePath);
            plan = FlashPlanBuilder.Build(recipe);
        }
        catch (RecipeException e)
        {
            throw new StationSetupException(StationSetupException.BadInput, e.Message, e);
        }
        catch (FlashPlanException e)
        {
            throw new StationSetupException(StationSetupException.BadInput, $"recipe {recipePath}: {e.Message}", e);
        }

        var reportDirectory = Path.GetFullPath(options.ReportDirectory ?? config.Workflow.ReportDirectory);
        return new CheckedStation(configPath, config, configSha256, recipePath, recipe, plan, reportDirectory);
    }

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
        var (configPath, config, configSha256, _, recipe, plan, reportDirectory) = checkedStation;
        var stationId = config.Station!.Id!;
        var simulation = config.Simulation ?? new SimulationConfig();
        var setups = options.Simulated ? UnitSetups(options, config) : null;
        var modelled = options.Simulated && !options.RealTime && simulation.Time == "modelled";
        var speed = options.Speed ?? simulation.RealTimeScale;
        TimeProvider shared = options.Simulated && speed != 1.0 ? new ScaledTimeProvider(TimeProvider.System, speed) : TimeProvider.System;
        var clocks = Enumerable.Range(0, config.Sockets.Count)
            .Select(_ => modelled ? new SimulationClock(TimeProvider.System.GetUtcNow()) : shared)
            .ToList();

        var recorder = OpenRecorder(reportDirectory, stationId, config.Workflow, observer);
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
                    : UnitPopulation.ForConfiguration(ConfiguredIdentities.Read(config, configPath), recorder.LastAttemptNumber);
                sim = new SimulatedStation(config, shared, clocks, plan, setups!, population, options.AdapterTurnaround, options.RetainSimulatedUnits);
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
                config.Workflow,
                SocketTimings.From(config.Timing),
                TimeSpan.FromMilliseconds(config.Timing.PowerOnStaggerMs),
                recipe,
                plan,
                configSha256,
                FixtureVersion,
                ConfiguredIdentities.Read(config, configPath));
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
                var workflow = new UnitWorkflow(new UnitPhases(environment, settings, recorder, gate), observer)
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

    private static string ResolveConfig(StationOptions options)
    {
        if (options.ConfigPath is { } given)
        {
            return Path.GetFullPath(given);
        }

        if (!options.Simulated)
        {
            throw new StationSetupException(StationSetupException.BadInput, "No station configuration: give --config FILE for a real station, or --sim for the simulated one.");
        }

        foreach (var folder in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var candidate = Path.Combine(folder, DefaultSimulatedConfig);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new StationSetupException(StationSetupException.BadInput, $"The default simulated station {DefaultSimulatedConfig} was not found here or beside the program: run from the repository folder or give --config FILE.");
    }

    private static string ResolveRecipe(StationOptions options, StationConfig config, string configPath)
    {
        if (options.RecipePath is { } given)
        {
            return Path.GetFullPath(given);
        }

        if (config.Workflow.Recipe is not { File: { } file } reference)
        {
            throw new StationSetupException(StationSetupException.BadInput, $"Station configuration {configPath}: workflow.recipe.file is missing: name the recipe this station flashes, or give --recipe FILE.");
        }

        var path = Path.GetFullPath(file, Path.GetDirectoryName(configPath)!);
        if (reference.Sha256 is { } pinned)
        {
            string actual;
            try
            {
                actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StationSetupException(StationSetupException.BadInput, $"Station configuration {configPath}: workflow.recipe.file {file}: cannot be read ({e.Message}).", e);
            }

            if (!string.Equals(actual, pinned, StringComparison.OrdinalIgnoreCase))
            {
                throw new StationSetupException(StationSetupException.BadInput,
                    $"Station configuration {configPath}: workflow.recipe.sha256: recipe {file} has SHA-256 {actual}, but the configuration pins {pinned.ToLowerInvariant()}: the recipe changed since it was approved. Restore the approved recipe, or re-approve it with `fixture config pin`.");
            }
        }

        return path;
    }

    /// <summary>A configuration approved with `fixture config pin` is refused once its bytes change.</summary>
    private static void CheckPin(string configPath, string sha256)
    {
        var pinFile = PinFile(configPath);
        if (!File.Exists(pinFile))
        {
            return;
        }

        var pinned = File.ReadAllText(pinFile).Trim();
        if (!string.Equals(pinned, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new StationSetupException(StationSetupException.BadInput,
                $"Station configuration {configPath} has SHA-256 {sha256}, but {pinFile} pins {pinned}: the configuration changed since it was approved. Restore the approved file, or re-approve it with `fixture config pin --config {configPath}`.");
        }
    }

    private static StationRecorder OpenRecorder(string reportDirectory, string station, WorkflowConfig workflow, IStationObserver observer)
    {
        CsvReportWriter? writer = null;
        try
        {
            writer = CsvReportWriter.Open(reportDirectory, station, TimeProvider.System);
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

    private static Func<int, int, SimulatedUnitSetup> UnitSetups(StationOptions options, StationConfig config)
    {
        if (options.UnitSetups is { } given)
        {
            return given;
        }

        var profileName = options.FaultProfile ?? config.Simulation?.FaultProfile ?? "none";
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

/// <summary>A configuration and recipe that passed every check, and what they resolve to.</summary>
/// <param name="ConfigSha256">SHA-256 of the configuration file's bytes (the widened simulated layout keeps the file's).</param>
public sealed record CheckedStation(string ConfigPath, StationConfig Config, string ConfigSha256, string RecipePath, Recipe Recipe, FlashPlan Plan, string ReportDirectory);
