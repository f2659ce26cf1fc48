using Fixture.Controller.Reports;
using Fixture.Controller.Station;
using Fixture.Controller.Simulation;

namespace Fixture.Lab.Benchmarks.Gang;

/// <summary>
/// `fixture-lab bench gang`: N sockets of the simulated station in parallel, in real time — the simulated
/// units on the system clock (or a sped-up one), the real workflow on each socket's own thread and loop,
/// the one serialised report writer — with healthy units, measuring aggregate units per hour, the process
/// CPU per unit and where it goes, threads, and how many units really were in flight at once.
/// </summary>
/// <param name="configPath">The simulated station's configuration; null: config/station.sim.json.</param>
/// <param name="wallClock">Paces the thread sampler (the runs themselves are timed on the station's clock).</param>
public sealed class GangBenchmark(string? configPath, TimeProvider wallClock)
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="unitsPerSocket"/> units on each of <paramref name="sockets"/> sockets at once.</summary>
    /// <param name="speed">1 = real time; more runs the simulated station's clock faster (tests), figures are then in station time.</param>
    public async Task<GangRun> RunAsync(int sockets, int unitsPerSocket, double speed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(unitsPerSocket, 1);
        var reports = Directory.CreateTempSubdirectory("fixture-bench-gang-");
        try
        {
            var observer = new GangObserver(wallClock);
            using var station = StationFactory.Open(
                new StationOptions { ConfigPath = configPath, ReportDirectory = reports.FullName },
                observer,
                new SimulationComposition(new SimulationOptions { Sockets = sockets, RealTime = true, Speed = speed, UnitSetups = (_, _) => SimulatedUnitSetup.Healthy }));
            var clock = station.Sockets[0].Environment.Time;
            var sampler = new Sampler(ThreadCpu.Sample());
            using (wallClock.CreateTimer(_ => sampler.Take(), null, SampleEvery, SampleEvery))
            {
                var loadBefore = ProcessCpu.LoadAverage();
                var cpuBefore = ProcessCpu.Used();
                var started = clock.GetTimestamp();
                var wallStarted = wallClock.GetTimestamp();
                var summary = await station.RunUnitsAsync(unitsPerSocket, cancellationToken);
                var elapsed = clock.GetElapsedTime(started);
                var wallElapsed = wallClock.GetElapsedTime(wallStarted);
                var cpu = ProcessCpu.Used() - cpuBefore;
                sampler.Take();
                var rows = summary.Outcomes.Select(o => o.Row).ToList();
                return new GangRun(sockets, rows, elapsed, wallElapsed, cpu, sampler.Split(), sampler.PeakThreads, MostInFlight(rows, speed), summary.SocketErrors)
                {
                    Load = (loadBefore, ProcessCpu.LoadAverage()),
                    ReportTimes = observer.ReportTimes,
                };
            }
        }
        finally
        {
            reports.Delete(recursive: true);
        }
    }

    /// <summary>Units run in modelled time before the real-time runs.</summary>
    public const int WarmUpUnits = 3;

    /// <summary>The speed of the one real-time warm-up unit.</summary>
    public const double WarmUpSpeed = 4;

    /// <summary>
    /// The process's one-offs before anything is measured: <see cref="WarmUpUnits"/> units in modelled time
    /// (JIT of the whole cycle, the simulator's images), then one real-time unit at <see cref="WarmUpSpeed"/>
    /// times real time (JIT of the real-time loop and timers; its verdict does not matter).
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var reports = Directory.CreateTempSubdirectory("fixture-bench-gang-warm-");
        try
        {
            using (var modelled = StationFactory.Open(
                new StationOptions { ConfigPath = configPath, ReportDirectory = reports.FullName },
                new GangObserver(wallClock),
                new SimulationComposition(new SimulationOptions { UnitSetups = (_, _) => SimulatedUnitSetup.Healthy })))
            {
                await modelled.RunUnitsAsync(WarmUpUnits, cancellationToken);
            }

            await RunAsync(1, 1, WarmUpSpeed, cancellationToken);
        }
        finally
        {
            reports.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The most units whose test spans (row time minus its duration, to row time) overlap. Row times are wall
    /// clock; durations are the sped-up clock's, so they are divided by <paramref name="speed"/>.
    /// </summary>
    internal static int MostInFlight(IEnumerable<UnitReportRow> rows, double speed = 1)
    {
        var edges = rows
            .SelectMany(r => new[] { (At: r.TimestampUtc - (r.TotalTime ?? TimeSpan.Zero) / speed, Change: 1), (At: r.TimestampUtc, Change: -1) })
            .OrderBy(e => e.At)
            .ThenBy(e => e.Change);
        int now = 0, most = 0;
        foreach (var edge in edges)
        {
            now += edge.Change;
            most = Math.Max(most, now);
        }

        return most;
    }

    /// <summary>Thread samples on the timer's thread: peak thread count, and every thread's last CPU seen (sockets' threads end with the run).</summary>
    private sealed class Sampler(ThreadCpu? first)
    {
        private readonly Lock _gate = new();
        private readonly ThreadCpu? _first = first;
        private ThreadCpu? _latest = first;

        public int PeakThreads { get; private set; } = ProcessCpu.Threads();

        public void Take()
        {
            var sample = ThreadCpu.Sample();
            var threads = ProcessCpu.Threads();
            lock (_gate)
            {
                PeakThreads = Math.Max(PeakThreads, threads);
                if (sample is not null && _latest is not null)
                {
                    _latest = sample.Keeping(_latest);
                }
            }
        }

        public ThreadCpuSplit? Split()
        {
            lock (_gate)
            {
                return _first is not null && _latest is not null ? _latest.Since(_first) : null;
            }
        }
    }
}
