using Fixture.Controller.Station;
using Fixture.Controller.Simulation;
using Fixture.Controller.Upkeep;
using Fixture.Controller.Workflow;
using Fixture.Simulator.Faults;

namespace Fixture.Lab.Soak;

/// <summary>Everything a soak found: every unit with its check, the report audit, the restart check.</summary>
public sealed record SoakResult(
    SoakOptions Options,
    string ReportDirectory,
    IReadOnlyList<SoakUnit> Units,
    ReportAudit Audit,
    IReadOnlyList<string> StationProblems,
    RestartCheck Restart,
    TimeSpan WallTime)
{
    /// <summary>The line-noise tolerance measured after the soak (empty when not asked for).</summary>
    public IReadOnlyList<NoiseFigure> Noise { get; init; } = [];

    /// <summary>Units whose row the file does not hold as shown to the operator, or rows no unit accounts for.</summary>
    public IReadOnlyList<string> RowProblems { get; init; } = [];

    public int Mismatched => Units.Count(u => !u.Matched);

    /// <summary>Modelled station time: every unit's total time, over the sockets that ran in parallel.</summary>
    public TimeSpan ModelledTimePerSocket => TimeSpan.FromTicks(Units.Where(u => u.Row?.TotalTime is not null).Sum(u => u.Row!.TotalTime!.Value.Ticks) / Math.Max(1, Options.Sockets));

    public bool Passed => Mismatched == 0 && Audit.IsSound && RowProblems.Count == 0 && StationProblems.Count == 0 && Restart.IsSound
        && Noise.All(n => n.Mismatched == 0 && n.StationProblems.Count == 0);
}

/// <summary>
/// fixture-design §8 "Reliability": runs thousands of simulated units with random faults from a profile
/// on a gang station in modelled time and checks every one (<see cref="SoakMonitor"/>), then reads the
/// report back whole (<see cref="ReportFileAudit"/>), then tears the report's last line as a power loss
/// mid-write would and restarts the station on it (<see cref="RestartCheck"/>). Each unit's expected
/// verdict comes from <see cref="FaultExpectations"/>, the table the end-to-end tests use too.
/// </summary>
public static class SoakRun
{
    /// <summary>Soak units' MACs count up from here, apart from the station's MAC base and its crossed-port neighbours.</summary>
    private static readonly byte[] MacBase = [0x70, 0x3E, 0x97, 0x40, 0x00, 0x00];

    /// <exception cref="ArgumentException">Bad options or an unknown profile; nothing was run.</exception>
    /// <exception cref="StationSetupException">The station could not be opened (configuration, recipe, report folder).</exception>
    public static SoakResult Run(SoakOptions options, TimeProvider wallClock, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(wallClock);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var profile = FaultProfile.Named(options.Profile);
        var draw = options.DrawUnit ?? (global => profile.Draw(global, unchecked((options.Seed * 7919) + global)));
        var started = wallClock.GetTimestamp();
        var reports = options.ReportDirectory is { } given ? Path.GetFullPath(given) : Directory.CreateTempSubdirectory("fixture-soak-").FullName;
        var total = options.UnitsPerSocket * options.Sockets;

        var monitor = new SoakMonitor();
        var reporter = new SoakProgress(total, progress, wallClock);
        monitor.UnitChecked = reporter.OnUnitChecked;
        string stationId;
        using (var station = Open(options, reports, monitor, draw, firstIndex: 0))
        {
            stationId = station.StationId;
            var summary = station.RunUnitsAsync(options.UnitsPerSocket, cancellationToken).GetAwaiter().GetResult();
            monitor.Complete(summary);
        }

        var audit = ReportFileAudit.Check(reports, stationId);
        var restart = RestartCheck.Run(reports, stationId, audit, monitor.Units.Count, () =>
        {
            var after = new SoakMonitor();
            using var station = Open(options, reports, after, draw, firstIndex: total);
            var summary = station.RunUnitsAsync(options.UnitsAfterRestart, cancellationToken).GetAwaiter().GetResult();
            after.Complete(summary);
            return after;
        });

        var rowProblems = RowsAsShown(monitor.Units, audit);
        var wallTime = wallClock.GetElapsedTime(started);
        var noise = options.NoiseUnitsPerLevel > 0 ? NoiseTolerance.Measure(options, reports, options.NoiseUnitsPerLevel, cancellationToken) : [];
        return new SoakResult(options, reports, monitor.Units, audit, monitor.StationProblems, restart, wallTime)
        {
            RowProblems = rowProblems,
            Noise = noise,
        };
    }

    /// <summary>Exactly one row per unit in the file, the same the operator was shown (socket, MAC, verdict, code).</summary>
    private static List<string> RowsAsShown(IReadOnlyList<SoakUnit> units, ReportAudit audit)
    {
        var problems = new List<string>();
        var inFile = audit.Rows.GroupBy(r => r.AttemptNumber).ToDictionary(g => g.Key, g => g.First());
        foreach (var unit in units.Where(u => u.Row is not null))
        {
            var shown = unit.Row!;
            if (!inFile.Remove(shown.AttemptNumber, out var kept))
            {
                problems.Add($"attempt {shown.AttemptNumber} (socket {shown.Socket}) was shown to the operator but is not in the report");
            }
            else if ((kept.Socket, kept.Mac, kept.Verdict, kept.FailureCode, kept.FailedStep) != (shown.Socket, shown.Mac, shown.Verdict, shown.FailureCode, shown.FailedStep))
            {
                problems.Add($"attempt {shown.AttemptNumber}: the report holds socket {kept.Socket} {kept.Mac} {ExpectedOutcome.Describe(kept.Verdict, kept.FailureCode)}, the operator saw socket {shown.Socket} {shown.Mac} {ExpectedOutcome.Describe(shown.Verdict, shown.FailureCode)}");
            }
        }

        problems.AddRange(inFile.Keys.Order().Select(n => $"attempt {n} is in the report but belongs to no unit of this run"));
        return problems;
    }

    /// <summary>The soak unit <paramref name="globalIndex"/>'s eFuse MAC.</summary>
    public static byte[] MacAt(int globalIndex)
    {
        var mac = (byte[])MacBase.Clone();
        var value = ((mac[3] << 16) | (mac[4] << 8) | mac[5]) + globalIndex;
        mac[3] = (byte)(value >> 16);
        mac[4] = (byte)(value >> 8);
        mac[5] = (byte)value;
        return mac;
    }

    /// <summary>
    /// A gang station of <paramref name="options"/>' sockets in modelled time whose units come from
    /// <paramref name="draw"/> (by soak index, from <paramref name="firstIndex"/>), each announced to
    /// <paramref name="monitor"/>, which follows the station.
    /// </summary>
    internal static FixtureStation Open(SoakOptions options, string reports, SoakMonitor monitor, Func<int, DrawnUnit> draw, int firstIndex)
    {
        var sockets = options.Sockets;
        SimulatedUnitSetup Setup(int socket, int unit)
        {
            // Same draw as the station's own profile runs (seeded per unit), with a MAC of its own.
            var global = firstIndex + (unit * sockets) + socket;
            var drawn = draw(global);
            var mac = MacAt(global);
            monitor.Inserted(socket, unit, global, drawn, mac);

            // The unit's seed (its line noise) from its soak index: any unit can be run again on its own.
            return new SimulatedUnitSetup(drawn.Faults, drawn.Station, mac, Seed: global + 1);
        }

        var simulation = new SimulationComposition(new SimulationOptions { Sockets = sockets, UnitSetups = Setup, RetainUnits = false });
        Func<int, UnitState, CancellationToken, Task>? beforeStep = options.BeforeFirmwareBoot is { } inject
            ? (socket, state, _) =>
            {
                if (state == UnitState.Booting && simulation.Station.UnitIn(socket) is { } unit)
                {
                    inject(unit);
                }

                return Task.CompletedTask;
            }
            : null;
        var station = StationFactory.Open(new StationOptions
        {
            ConfigPath = options.ConfigPath,
            ReportDirectory = reports,
            BeforeStep = beforeStep,
            Lockout = new LockoutSettings { ConsecutiveFailures = 0, ConsecutiveFixtureFaults = 0 },
        }, monitor, simulation);
        monitor.Attach(station, simulation.Station);
        return station;
    }
}

/// <summary>A progress line every tenth of the run (and at its end), from whichever socket finished the unit.</summary>
internal sealed class SoakProgress(int total, Action<string>? report, TimeProvider wallClock)
{
    private readonly Lock _gate = new();
    private readonly long _started = wallClock.GetTimestamp();
    private int _done;
    private int _mismatched;

    public void OnUnitChecked(SoakUnit unit)
    {
        if (report is null)
        {
            return;
        }

        string? line = null;
        lock (_gate)
        {
            _done++;
            _mismatched += unit.Matched ? 0 : 1;
            var step = Math.Max(1, total / 10);
            if (_done % step == 0 || _done == total)
            {
                line = $"  {_done,6} of {total} units checked, {_mismatched} mismatched, {wallClock.GetElapsedTime(_started).TotalSeconds:0} s";
            }
        }

        if (line is not null)
        {
            report(line);
        }
    }
}
