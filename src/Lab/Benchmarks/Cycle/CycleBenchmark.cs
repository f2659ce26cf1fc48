using Fixture.Controller.Reports;
using Fixture.Controller.Station;
using Fixture.Controller.Simulation;
using Fixture.Protocol.Flashing;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Unit;

namespace Fixture.Lab.Benchmarks.Cycle;

/// <summary>
/// `fixture-lab bench cycle`: one unit per scenario through the whole station — the real workflow on the
/// simulated station, in modelled time — from the start button to its report row on disk, cut into
/// consecutive phases; and the process CPU per unit of a modelled-time run (what `run --sim --units N` costs).
/// </summary>
/// <param name="configPath">The simulated station's configuration (its simulation.time must be "modelled"); null: config/station.sim.json.</param>
public sealed class CycleBenchmark(string? configPath)
{
    /// <summary>Units run before the CPU measurement.</summary>
    public const int WarmUpUnits = 3;

    public string? ConfigPath { get; } = configPath;

    public async Task<IReadOnlyList<CycleRun>> RunAsync(IEnumerable<CycleScenario> scenarios, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var runs = new List<CycleRun>();
        foreach (var scenario in scenarios)
        {
            runs.Add(await RunAsync(scenario, cancellationToken));
        }

        return runs;
    }

    /// <exception cref="InvalidOperationException">The station did not run the unit to a row (a defect, not a figure).</exception>
    public async Task<CycleRun> RunAsync(CycleScenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var reports = Directory.CreateTempSubdirectory("fixture-bench-cycle-");
        try
        {
            var timeline = new CycleTimeline();
            var simulation = Simulation(scenario);
            using var station = Open(simulation, reports.FullName, timeline);
            var socket = station.Sockets[0];
            var clock = socket.Environment.Time;
            timeline.Watch(clock);
            var lines = new SocketLineLog(simulation.Station, station.Config.Sockets[0].Lines!, clock);
            var summary = await station.RunUnitsAsync(1, cancellationToken);
            if (summary.SocketErrors.Count > 0 || timeline.Outcome is not { } outcome || timeline.RowWritten is not { } rowWritten)
            {
                throw new InvalidOperationException($"bench cycle, {scenario.Name}: the station did not finish the unit: {string.Join("; ", summary.SocketErrors.Concat(timeline.Messages))}");
            }

            var unit = simulation.Station.UnitIn(0)!;
            var phases = Phases(scenario, timeline, lines, clock, outcome.Row, unit, rowWritten);
            var flashing = new FlashBenchmark(station.Recipe.Path, station.Recipe.HelperImage, station.Settings.Plan, ConfigPath).RunFixture(scenario.Flash).Time;
            return new CycleRun(scenario, outcome.Row, phases, outcome.Row.TimeToBootComplete!.Value, flashing);
        }
        finally
        {
            reports.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Process CPU per unit of <paramref name="units"/> healthy units run one after another through the
    /// modelled-time station (host workflow, report rows and raw logs, and the simulated unit's model),
    /// after <see cref="WarmUpUnits"/> units so what is paid once per process (JIT, the simulator's synthetic images) is left out.
    /// </summary>
    public async Task<TimeSpan> CpuPerUnitAsync(int units, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        var reports = Directory.CreateTempSubdirectory("fixture-bench-cycle-cpu-");
        try
        {
            var timeline = new CycleTimeline();
            using var station = Open(Simulation(CycleScenario.Standard[0]), reports.FullName, timeline);
            await RunCheckedAsync(station, WarmUpUnits, cancellationToken);
            var before = ProcessCpu.Used();
            await RunCheckedAsync(station, units, cancellationToken);
            return (ProcessCpu.Used() - before) / units;
        }
        finally
        {
            reports.Delete(recursive: true);
        }
    }

    private static async Task RunCheckedAsync(FixtureStation station, int units, CancellationToken cancellationToken)
    {
        var summary = await station.RunUnitsAsync(units, cancellationToken);
        if (summary.SocketErrors.Count > 0 || summary.Outcomes.Any(o => o.Row.Verdict != UnitVerdict.Pass))
        {
            throw new InvalidOperationException($"bench cycle CPU run: a healthy unit did not pass: {string.Join("; ", summary.SocketErrors.Concat(summary.Outcomes.Where(o => o.Row.Verdict != UnitVerdict.Pass).Select(o => $"{o.Headline} {o.Row.Detail}")))}");
        }
    }

    private static SimulationComposition Simulation(CycleScenario scenario) =>
        new(new SimulationOptions
        {
            UnitSetups = (_, _) => new SimulatedUnitSetup(scenario.Flash.Unit, StationFaults.None),
            AdapterTurnaround = scenario.Flash.Timing.HostTurnaround,
        });

    private FixtureStation Open(SimulationComposition simulation, string reports, IStationObserver observer)
    {
        var station = StationFactory.Open(new StationOptions { ConfigPath = ConfigPath, ReportDirectory = reports }, observer, simulation);
        if (!station.ModelledTime)
        {
            var path = station.ConfigPath;
            station.Dispose();
            throw new StationSetupException(ExitCodes.BadInput, $"{path}: simulation.time is not \"modelled\": the cycle benchmark measures modelled time; give a station configuration with \"time\": \"modelled\".");
        }

        return station;
    }

    /// <summary>
    /// The cycle cut at the socket's line transitions on the simulated GPIO chip (POWER on, CHIP_EN released, BOOT
    /// released, CHIP_EN released again for the firmware) and at the workflow's state changes, consecutive and complete.
    /// </summary>
    private static List<CyclePhase> Phases(CycleScenario scenario, CycleTimeline timeline, SocketLineLog lines, TimeProvider clock, UnitReportRow row, SimulatedUnit unit, TimeSpan rowWritten)
    {
        var start = timeline.StartedAt;
        TimeSpan Since(LineMark mark) => clock.GetElapsedTime(start, mark.At);
        long At(TimeSpan sinceStart) => start + (long)((Int128)sinceStart.Ticks * clock.TimestampFrequency / TimeSpan.TicksPerSecond);
        LineMark Line(SocketSignal signal, bool asserted, long after, string what) =>
            lines.First(signal, asserted, after) ?? throw new InvalidOperationException($"bench cycle, {scenario.Name}: the GPIO chip never saw {what} ({row.Verdict.ToText()} {row.FailureCode?.ToText()}: {row.Detail}).");

        var powerOn = Line(SocketSignal.Power, asserted: true, start, "POWER asserted");
        var chipRuns = Line(SocketSignal.Reset, asserted: false, powerOn.At, "CHIP_EN released after power-on");
        var handshaking = timeline.Entered("Handshaking");
        var helper = timeline.Entered("LoadingHelper");
        var identify = timeline.Entered("Identifying");
        var flashing = timeline.Entered("Flashing");
        var booting = timeline.Entered("Booting");
        var poweringDown = timeline.Entered("PoweringDown");
        var reporting = timeline.Entered("Reporting");
        var bootReleased = Line(SocketSignal.Boot, asserted: false, At(flashing), "BOOT released for the firmware");
        var firmwareReset = Line(SocketSignal.Reset, asserted: false, bootReleased.At, "CHIP_EN released for the firmware");

        if (!unit.Record.Boots.Any(b => b.Target == BootTarget.Flash))
        {
            throw new InvalidOperationException($"bench cycle, {scenario.Name}: the unit never booted its firmware ({row.Verdict.ToText()} {row.FailureCode?.ToText()}: {row.Detail}).");
        }

        // The fixture times boot complete from its own CHIP_EN release, the transition seen above.
        var bootComplete = row.TimeToBootComplete
            ?? throw new InvalidOperationException($"bench cycle, {scenario.Name}: the row has no time to boot complete ({row.Verdict.ToText()} {row.FailureCode?.ToText()}: {row.Detail}).");
        var reset = Since(firmwareReset);
        var bootCompleteSeen = reset + bootComplete;
        if (Since(chipRuns) > handshaking || Since(bootReleased) < booting || bootCompleteSeen > poweringDown)
        {
            throw new InvalidOperationException($"bench cycle, {scenario.Name}: the lines and the states disagree: CHIP_EN released {Since(chipRuns)} (handshake from {handshaking}), BOOT released {Since(bootReleased)} (Booting from {booting}), boot complete read {bootCompleteSeen} (PoweringDown from {poweringDown}).");
        }

        return
        [
            new("checks before power-on (rail, port probe, power-on stagger)", CycleGroup.PowerUpAndHandshake, Since(powerOn), InFlashing: false),
            new("power-on with BOOT high, CHIP_EN held", CycleGroup.PowerUpAndHandshake, Since(chipRuns) - Since(powerOn), InFlashing: true, "POWER on to CHIP_EN released (GPIO)"),
            new("settle before the first burst", CycleGroup.PowerUpAndHandshake, handshaking - Since(chipRuns), InFlashing: true),
            new("bootrom handshake, boot info", CycleGroup.PowerUpAndHandshake, helper - handshaking, InFlashing: true),
            new("helper load", CycleGroup.Helper, identify - helper, InFlashing: true),
            new("loader handshake, MAC, JEDEC id", CycleGroup.Identify, flashing - identify, InFlashing: true),
            new("flash plan to the last SHA-256", CycleGroup.EraseWriteVerify, Since(bootReleased) - flashing, InFlashing: true,
                $"erase {Ms(row.EraseTime)}, write {Ms(row.WriteTime)}, verify and hash checks {Ms(row.VerifyTime)}"),
            new("firmware start (BOOT released, CHIP_EN pulsed)", CycleGroup.BootToBootComplete, reset - Since(bootReleased), InFlashing: false, "BOOT released to CHIP_EN released (GPIO)"),
            new("firmware boot to \"Boot complete\" read", CycleGroup.BootToBootComplete, bootComplete, InFlashing: false),
            new("after boot complete, before power-down", CycleGroup.BootToBootComplete, poweringDown - bootCompleteSeen, InFlashing: false),
            new("power-down (break, lines released, rail discharged)", CycleGroup.PowerDownAndReport, reporting - poweringDown, InFlashing: false),
            new("report row on disk", CycleGroup.PowerDownAndReport, rowWritten - reporting, InFlashing: false),
        ];
    }

    private static string Ms(TimeSpan? time) => time is { } t ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0} ms") : "-";
}
