using System.Reflection;
using System.Security.Cryptography;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Workflow;
using Fixture.Hal;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Hal.Lines;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;

namespace Fixture.Controller.Station;

/// <summary>
/// Opens a station: the configuration (and its approval pin), the recipe (and its pins) and its flash
/// plan, the report folder, then the hardware — real drivers, or what a <see cref="StationComposition"/>
/// adds (the simulated station). Everything that can be refused is refused before any line is touched,
/// with one message naming file and key.
/// </summary>
public static class StationFactory
{
    /// <summary>The pin file beside a configuration: its SHA-256 as approved by `fixture config pin`.</summary>
    public static string PinFile(string configPath) => configPath + ".sha256";

    /// <summary>Opens a line station.</summary>
    /// <exception cref="StationSetupException">Bad input (exit 2) or a station fault (exit 3).</exception>
    public static FixtureStation Open(StationOptions options, IStationObserver observer) =>
        Open(options, observer, LineStation.Instance);

    /// <summary>Opens a station as <paramref name="composition"/> composes it.</summary>
    /// <exception cref="StationSetupException">Bad input (exit 2) or a station fault (exit 3).</exception>
    internal static FixtureStation Open(StationOptions options, IStationObserver observer, StationComposition composition)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(composition);
        composition.Prepare();
        var checkedStation = Check(options, composition);
        return OpenChecked(checkedStation, options, observer, composition);
    }

    /// <summary>Loads and validates a line station's configuration and recipe without touching anything (`fixture config validate`).</summary>
    public static CheckedStation Check(StationOptions options) => Check(options, LineStation.Instance);

    /// <summary>Loads and validates configuration and recipe as <paramref name="composition"/> runs them, touching nothing.</summary>
    internal static CheckedStation Check(StationOptions options, StationComposition composition)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(composition);
        var configPath = options.ConfigPath is { } given ? Path.GetFullPath(given) : composition.DefaultConfigPath();
        var validation = HardwareCatalog.CreateForHardware();
        composition.Register(validation);

        StationConfig config;
        try
        {
            config = StationConfigLoader.Load(configPath, validation);
        }
        catch (ConfigurationException e)
        {
            throw new StationSetupException(ExitCodes.BadInput, composition.Explain(e), e);
        }

        CheckPin(configPath, config.Sha256);
        try
        {
            _ = ConfiguredIdentities.Read(config, configPath);
        }
        catch (ConfigurationException e)
        {
            throw new StationSetupException(ExitCodes.BadInput, e.Message, e);
        }

        var configSha256 = config.Sha256;
        config = composition.Shape(config, configPath);

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
            throw new StationSetupException(ExitCodes.BadInput, e.Message, e);
        }
        catch (FlashPlanException e)
        {
            throw new StationSetupException(ExitCodes.BadInput, $"recipe {recipePath}: {e.Message}", e);
        }

        var reportDirectory = Path.GetFullPath(options.ReportDirectory ?? config.Workflow.ReportDirectory);
        return new CheckedStation(configPath, config, configSha256, recipePath, recipe, plan, reportDirectory);
    }

    private static FixtureStation OpenChecked(CheckedStation checkedStation, StationOptions options, IStationObserver observer, StationComposition composition)
    {
        var (configPath, config, configSha256, _, recipe, plan, reportDirectory) = checkedStation;
        var stationId = config.Station!.Id!;
        var recorder = OpenRecorder(reportDirectory, stationId, config.Workflow, observer, options.WallClock);
        StationHardware? hardware = null;
        var sockets = new List<StationSocket>();
        try
        {
            var catalog = HardwareCatalog.CreateForHardware();
            var runtime = composition.Open(checkedStation, recorder.LastAttemptNumber, catalog);
            var loops = runtime.Loops;
            try
            {
                hardware = StationHardware.Open(config, catalog, loops.StationTime);
            }
            catch (HardwareFaultException e)
            {
                throw new StationSetupException(ExitCodes.StationFault, $"Station {stationId} ({configPath}): {e.Message}", e);
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
            var upkeep = Upkeep.StationUpkeep.For(reportDirectory, stationId, TimeProvider.System);
            var gate = new PowerOnGate(settings.PowerOnStagger, loops.SeparateTimelines ? null : loops.StationTime);
            for (var i = 0; i < hardware.Sockets.Count; i++)
            {
                var loop = loops.Create(i);
                var relays = new Upkeep.RelayOperations();
                var environment = SocketEnvironment.Open(hardware.Sockets[i], hardware.Panel, settings.Timings, loop.Time, relays);
                var phases = new UnitPhases(environment, settings, recorder, gate);
                var index = i;
                var workflow = new UnitWorkflow(phases, observer)
                {
                    BeforeStep = options.BeforeStep is { } hook ? (state, ct) => hook(index, state, ct) : null,
                    Recorded = options.Recorded is { } recorded ? unit => recorded(index, unit) : null,
                };
                sockets.Add(new StationSocket(i, environment, phases, workflow, loop, runtime.Feeder, observer, upkeep, relays));
            }

            return new FixtureStation(config, configPath, recipe, settings, hardware, sockets, recorder, runtime, observer, upkeep);
        }
        catch
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            hardware?.Dispose();
            recorder.Dispose();
            throw;
        }
    }

    /// <summary>The version written into every row.</summary>
    public static string FixtureVersion { get; } =
        typeof(StationFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static string ResolveRecipe(StationOptions options, StationConfig config, string configPath)
    {
        if (options.RecipePath is { } given)
        {
            return Path.GetFullPath(given);
        }

        if (config.Workflow.Recipe is not { File: { } file } reference)
        {
            throw new StationSetupException(ExitCodes.BadInput, $"Station configuration {configPath}: workflow.recipe.file is missing: name the recipe this station flashes, or give --recipe FILE.");
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
                throw new StationSetupException(ExitCodes.BadInput, $"Station configuration {configPath}: workflow.recipe.file {file}: cannot be read ({e.Message}).", e);
            }

            if (!string.Equals(actual, pinned, StringComparison.OrdinalIgnoreCase))
            {
                throw new StationSetupException(ExitCodes.BadInput,
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
            throw new StationSetupException(ExitCodes.BadInput,
                $"Station configuration {configPath} has SHA-256 {sha256}, but {pinFile} pins {pinned}: the configuration changed since it was approved. Restore the approved file, or re-approve it with `fixture config pin --config {configPath}`.");
        }
    }

    private static StationRecorder OpenRecorder(string reportDirectory, string station, WorkflowConfig workflow, IStationObserver observer, TimeProvider wallClock)
    {
        CsvReportWriter? writer = null;
        try
        {
            writer = CsvReportWriter.Open(reportDirectory, station, wallClock);
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

            var today = DateOnly.FromDateTime(wallClock.GetUtcNow().UtcDateTime);
            var history = UnitHistory.Load(reportDirectory, station, today, workflow.HistoryDays, workflow.RetestLimit);
            var adapterBauds = AdapterBaudBook.In(ReportLayout.StationDirectory(reportDirectory, station));
            if (adapterBauds.Problem is { } problem)
            {
                observer.OnStationMessage(new StationMessage(StationMessageLevel.Warning, problem));
            }

            return new StationRecorder(writer, counter, history, StationCountsTracker.Load(reportDirectory, station, today), observer, wallClock, adapterBauds);
        }
        catch (Exception e) when (e is ReportFileException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            writer?.Dispose();
            throw new StationSetupException(ExitCodes.BadInput, $"Report folder {reportDirectory}: {e.Message}", e);
        }
    }
}

/// <summary>A configuration and recipe that passed every check, and what they resolve to.</summary>
/// <param name="ConfigSha256">SHA-256 of the configuration file's bytes (the widened simulated layout keeps the file's).</param>
public sealed record CheckedStation(string ConfigPath, StationConfig Config, string ConfigSha256, string RecipePath, Recipe Recipe, FlashPlan Plan, string ReportDirectory);
