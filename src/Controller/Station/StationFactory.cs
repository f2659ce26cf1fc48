using System.Reflection;
using Fixture.Controller.Configuration;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Workflow;
using Fixture.Controller.Workflow.Configuration;
using Fixture.Hal;
using Fixture.Hal.Drivers;
using Fixture.Hal.Lines;

namespace Fixture.Controller.Station;

/// <summary>
/// Opens a station: everything <see cref="StationChecks"/> checks (the configuration and its approval pin,
/// the recipe and its pins and its flash plan, the report folder), then the report side, then the
/// hardware — real drivers, or what a <see cref="StationComposition"/> adds (the simulated station).
/// Everything that can be refused is refused before any line is touched, with one message naming file and key.
/// </summary>
public static class StationFactory
{
    /// <summary>The pin file beside a configuration: its SHA-256 as approved by `fixture config pin`.</summary>
    public static string PinFile(string configPath) => StationChecks.PinFile(configPath);

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

    /// <summary>Loads and validates a line station's configuration and recipe without touching anything (<see cref="StationChecks.Check(StationOptions)"/>).</summary>
    public static CheckedStation Check(StationOptions options) => StationChecks.Check(options);

    /// <summary>Loads and validates configuration and recipe as <paramref name="composition"/> runs them, touching nothing.</summary>
    internal static CheckedStation Check(StationOptions options, StationComposition composition) => StationChecks.Check(options, composition);

    private static FixtureStation OpenChecked(CheckedStation checkedStation, StationOptions options, IStationObserver observer, StationComposition composition)
    {
        var configuration = checkedStation.Configuration;
        var (configPath, config, configSha256) = (checkedStation.ConfigPath, checkedStation.Config, checkedStation.ConfigSha256);
        var workflowConfig = configuration.File.Workflow;
        var stationId = config.Station!.Id!;
        var recorder = OpenRecorder(configuration.ReportFolder, stationId, workflowConfig, observer, options.WallClock);
        StationHardware? hardware = null;
        var sockets = new List<StationSocket>();
        try
        {
            var catalog = HardwareCatalog.CreateForHardware();
            var runtime = composition.Open(checkedStation, recorder.LastAttemptNumber, catalog);
            var loops = runtime.Loops;
            var prompts = new OperatorPrompts(observer);
            try
            {
                hardware = StationHardware.Open(config, catalog, loops.StationTime, prompts);
            }
            catch (HardwareFaultException e)
            {
                throw new StationSetupException(ExitCodes.StationFault, $"Station {stationId} ({configPath}): {e.Message}", e);
            }

            var settings = new WorkflowSettings(
                stationId,
                workflowConfig,
                SocketTimings.From(config.Timing),
                TimeSpan.FromMilliseconds(config.Timing.PowerOnStaggerMs),
                checkedStation.Recipe,
                checkedStation.Plan,
                configSha256,
                FixtureVersion,
                configuration.File.Identities)
            {
                Plans = checkedStation.Plans,
                BackupDirectory = options.Restore is null ? BackupDirectory(options, workflowConfig) : null,
                Restore = options.Restore,
            };
            settings = options.Host?.Settings(settings) ?? settings;
            var upkeep = Upkeep.StationUpkeep.For(configuration.ReportDirectory, stationId, TimeProvider.System, workflowConfig, configuration.File.Identities, options.WallClock, options.Lockout);
            try
            {
                // Off the caller's context: the file locks wait on the system clock.
                Task.Run(() => upkeep.StationStartedAsync(configPath, configSha256, checkedStation.RecipePath, checkedStation.Recipe.Sha256)).GetAwaiter().GetResult();
            }
            catch (Upkeep.StationRecordException e)
            {
                throw new StationSetupException(e.BadContent ? ExitCodes.BadInput : ExitCodes.StationFault, $"Station {stationId}: {e.Message}", e);
            }

            var gate = new PowerOnGate(settings.PowerOnStagger, loops.SeparateTimelines ? null : loops.StationTime);
            for (var i = 0; i < hardware.Sockets.Count; i++)
            {
                var loop = loops.Create(i);
                var relays = new Upkeep.RelayOperations();
                var environment = SocketEnvironment.Open(hardware.Sockets[i], hardware.Panel, settings.Timings, loop.Time, relays, options.Host?.Sequences);
                var phases = new UnitPhases(environment, settings, recorder, gate);
                var index = i;
                var workflow = new UnitWorkflow(phases, observer)
                {
                    BeforeStep = options.BeforeStep is { } hook ? (state, ct) => hook(index, state, ct) : null,
                    Recorded = options.Recorded is { } recorded ? unit => recorded(index, unit) : null,
                };
                sockets.Add(new StationSocket(i, environment, phases, workflow, loop, runtime.Feeder, observer, upkeep, relays));
            }

            return new FixtureStation(config, configPath, checkedStation.Recipe, settings, hardware, sockets, recorder, runtime, observer, upkeep) { Prompts = prompts };
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

    private static StationRecorder OpenRecorder(ReportFolder folder, string station, WorkflowConfig workflow, IStationObserver observer, TimeProvider wallClock)
    {
        var reportDirectory = folder.Path;
        CsvReportWriter? writer = null;
        try
        {
            writer = CsvReportWriter.Open(reportDirectory, station, wallClock);
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

    /// <summary>
    /// The stock-firmware backup folder (--backup, else workflow.backupDirectory) as a full path, created when missing;
    /// null when neither names one. One that cannot be created or written is refused before any unit is touched.
    /// </summary>
    private static string? BackupDirectory(StationOptions options, WorkflowConfig workflow)
    {
        var (key, directory) = options.BackupDirectory is { } given ? ("--backup", given) : ("workflow.backupDirectory", workflow.BackupDirectory);
        if (directory is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new StationSetupException(ExitCodes.BadInput, $"{key}: empty: name the folder stock-firmware backups go to, or leave it out for no backups.");
        }

        var full = Path.GetFullPath(directory);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StationSetupException(ExitCodes.BadInput, $"{key} {full}: cannot be created or written ({e.Message}); choose a writable folder for the backups.", e);
        }
    }
}
