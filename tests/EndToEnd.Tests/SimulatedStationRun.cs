using System.Device.Gpio;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Lab.Soak;
using Fixture.Controller.Station;
using Fixture.Controller.Simulation;
using Fixture.Controller.Workflow;
using Fixture.Hal.Configuration;
using Fixture.Hal.Lines;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Hardware;

namespace Fixture.EndToEnd.Tests;

/// <summary>
/// The test harness for the simulated station: the committed default station (widened to N sockets),
/// in modelled time, with the given faults per socket and unit, reports in a temporary folder. Runs N
/// units per socket and exposes the rows written, the outcomes shown, and each socket's line transitions.
/// </summary>
internal sealed class SimulatedStationRun : IDisposable
{
    private readonly string _reports;

    private SimulatedStationRun(FixtureStation station, SimulatedStation simulation, RecordingObserver observer, string reports)
    {
        Station = station;
        Simulation = simulation;
        Observer = observer;
        _reports = reports;
    }

    public FixtureStation Station { get; }

    /// <summary>The simulated hardware and units behind <see cref="Station"/>.</summary>
    public SimulatedStation Simulation { get; }

    public RecordingObserver Observer { get; }

    public string ReportDirectory => _reports;

    /// <summary>A station whose every unit on every socket has <paramref name="faults"/>.</summary>
    public static SimulatedStationRun WithFaults(UnitFaults faults, int sockets = 1) =>
        Open(sockets, (_, _) => new SimulatedUnitSetup(faults, StationFaults.None));

    /// <param name="setups">The setup of each unit by (socket index, unit index).</param>
    /// <param name="beforeStep">Runs before each working step (socket index, state): throw to inject a fault.</param>
    /// <param name="recipePath">Another recipe than the configuration's.</param>
    /// <param name="reportDirectory">An existing report folder (a station restart); default a new temporary one.</param>
    public static SimulatedStationRun Open(
        int sockets,
        Func<int, int, SimulatedUnitSetup> setups,
        Func<int, UnitState, CancellationToken, Task>? beforeStep = null,
        string? recipePath = null,
        string? reportDirectory = null,
        string? configPath = null,
        TimeProvider? wallClock = null,
        string? backupDirectory = null,
        RestoreTarget? restore = null)
    {
        var reports = reportDirectory ?? Directory.CreateTempSubdirectory("fixture-e2e-").FullName;
        var observer = new RecordingObserver();
        var simulation = new SimulationComposition(new SimulationOptions { Sockets = sockets, UnitSetups = setups });
        var station = StationFactory.Open(
            new StationOptions
            {
                ConfigPath = configPath ?? DefaultConfig,
                ReportDirectory = reports,
                RecipePath = recipePath,
                BeforeStep = beforeStep,
                WallClock = wallClock ?? TimeProvider.System,
                BackupDirectory = backupDirectory,
                Restore = restore,
            },
            observer,
            simulation);
        return new SimulatedStationRun(station, simulation.Station, observer, reports);
    }

    /// <summary>
    /// A station whose unit loses bits at <paramref name="corruptAt"/> in its flash just before it boots:
    /// the test seam for a flash that does not keep what the verify proved (no simulator fault can).
    /// </summary>
    public static SimulatedStationRun OpenCorruptingBeforeBoot(SimulatedUnitSetup setup, uint corruptAt, string? recipePath = null)
    {
        SimulatedStationRun? run = null;
        run = Open(1, (_, _) => setup, recipePath: recipePath, beforeStep: (socket, state, _) =>
        {
            if (state == UnitState.Booting)
            {
                run!.Simulation.UnitIn(socket)!.Flash.Program(corruptAt, new byte[16]);
            }

            return Task.CompletedTask;
        });
        return run;
    }

    /// <summary>What the expectation table depends on, from this station's settings.</summary>
    public ExpectationContext Expectations => ExpectationContext.From(Station.Settings);

    /// <summary>The table's expectation for a unit with these faults on this station.</summary>
    public ExpectedOutcome Expect(UnitFaults faults, StationFaults? station = null) =>
        FaultExpectations.For(faults, station ?? StationFaults.None, Expectations);

    /// <summary>
    /// The socket's one row ends as <paramref name="expected"/> says: verdict and code, retries and warning
    /// where required, the unit's own chip id where the bootrom answered, the lines off on the transition log (POWER
    /// asserted on the way unless the unit must never be powered), and the verdict shown once.
    /// </summary>
    public UnitReportRow AssertEndsAs(int socketIndex, ExpectedOutcome expected)
    {
        var row = Assert.Single(Rows, r => r.Socket == socketIndex + 1);
        var unit = Simulation.UnitIn(socketIndex)!;
        var differences = expected.Differences(row, unit.Record.Fired, unit.Record.Boots);
        Assert.True(differences.Count == 0, $"{string.Join("; ", differences)} ({expected.Rule}); row: {row.FailureCode} in {row.FailedStep}: {row.Detail}");
        if (expected.ChipIdRead && !expected.IsExplainedFailure(row))
        {
            Assert.Equal(Fixture.Protocol.Identity.MacAddress.FromBytes(unit.Efuse.Mac.Span[..6]).ToString(), row.ChipId);
        }

        AssertDeenergised(socketIndex, wasPowered: expected.Powered);
        Assert.Single(Observer.Outcomes, o => o.Row.Socket == socketIndex + 1);
        return row;
    }

    public static string DefaultConfig => Path.Combine(AppContext.BaseDirectory, "config", "station.sim.json");

    public static string DefaultRecipeFolder => Path.Combine(AppContext.BaseDirectory, "config", "recipes", "openbl602-sim");

    /// <summary>Presses start <paramref name="unitsPerSocket"/> times on every socket; a socket that crashed fails the test.</summary>
    public StationRunSummary Run(int unitsPerSocket = 1)
    {
        var summary = Station.RunUnitsAsync(unitsPerSocket, CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(summary.SocketErrors.Count == 0, string.Join(Environment.NewLine, summary.SocketErrors.Concat(Observer.Messages.Select(m => m.Text))));
        return summary;
    }

    /// <summary>Every row in the report folder, oldest first.</summary>
    public IReadOnlyList<UnitReportRow> Rows =>
        [.. Directory.EnumerateFiles(Path.Combine(_reports, Station.StationId), "*.csv").Order().SelectMany(UnitReportCsv.ReadAllRows).OrderBy(r => r.AttemptNumber)];

    public UnitReportRow SingleRow() => Assert.Single(Rows);

    /// <summary>The transitions of one socket's POWER, BOOT or CHIP_EN pin on the simulated GPIO chip.</summary>
    public IReadOnlyList<PinTransition> Transitions(int socketIndex, SimulatedStationHardware.SocketSignal signal)
    {
        var line = Line(socketIndex, signal);
        var chip = Simulation.Hardware.Chip(line.Chip ?? 0);
        return [.. chip.Transitions.Where(t => t.Pin == line.Line && t.Kind != PinTransitionKind.InputDriven)];
    }

    /// <summary>Whether the transition left the line asserted (an open output at its asserted level).</summary>
    public bool Asserts(int socketIndex, SimulatedStationHardware.SocketSignal signal, PinTransition transition) =>
        transition.IsDriving && Line(socketIndex, signal).Polarity!.Value.IsAsserted(transition.Level);

    /// <summary>
    /// Power, BOOT and CHIP_EN of the socket are de-energised at the end of the transition log, and POWER
    /// was (or, for a refused unit, was never) asserted on the way.
    /// </summary>
    public void AssertDeenergised(int socketIndex, bool wasPowered = true)
    {
        foreach (var signal in Enum.GetValues<SimulatedStationHardware.SocketSignal>())
        {
            var transitions = Transitions(socketIndex, signal);
            Assert.NotEmpty(transitions);
            Assert.False(Asserts(socketIndex, signal, transitions[^1]), $"socket {socketIndex + 1} {signal} is left asserted: {transitions[^1]}");
            Assert.False(Simulation.Hardware.IsEnergised(socketIndex, signal), $"socket {socketIndex + 1} {signal} is energised");
        }

        var powerOns = Transitions(socketIndex, SimulatedStationHardware.SocketSignal.Power).Count(t => Asserts(socketIndex, SimulatedStationHardware.SocketSignal.Power, t));
        if (wasPowered)
        {
            Assert.True(powerOns > 0, $"socket {socketIndex + 1} was never powered");
        }
        else
        {
            Assert.Equal(0, powerOns);
        }
    }

    public void Dispose()
    {
        Station.Dispose();
        try
        {
            Directory.Delete(_reports, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    /// <summary>Keeps the report folder (a restart test opens a second station on it).</summary>
    public void DisposeKeepingReports() => Station.Dispose();

    private LineConfig Line(int socketIndex, SimulatedStationHardware.SocketSignal signal)
    {
        var lines = Station.Config.Sockets[socketIndex].Lines!;
        return signal switch
        {
            SimulatedStationHardware.SocketSignal.Power => lines.Power!,
            SimulatedStationHardware.SocketSignal.Boot => lines.Boot!,
            _ => lines.Reset!,
        };
    }
}
