using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Simulator.Faults;

namespace Fixture.Lab.Soak;

/// <summary>One noise level of the sweep: every unit with its check (verdict judged by what fired, every PASS checked on the simulator's side).</summary>
/// <param name="Sweep">"corrupted" or "dropped": which of the two the level sets (the other is 0).</param>
/// <param name="Rate">Bytes per byte, each direction.</param>
/// <param name="Units">The level's units, checked as the soak checks its own.</param>
public sealed record NoiseFigure(string Sweep, double Rate, IReadOnlyList<SoakUnit> Units)
{
    public string Noise => Rate.ToString("0e0", CultureInfo.InvariantCulture) + " " + Sweep;

    /// <summary>PASS on the first attempt (every unit here is a first attempt), confirmed on the simulator's side.</summary>
    public int Passed => Units.Count(u => u.Row?.Verdict == UnitVerdict.Pass);

    public double FirstPassYield => Units.Count == 0 ? 0 : (double)Passed / Units.Count;

    /// <summary>Units whose line noise actually hit a byte.</summary>
    public int Fired => Units.Count(u => u.LineNoiseHits > 0);

    public int Mismatched => Units.Count(u => !u.Matched);

    /// <summary>What went wrong with the level's station itself (a socket that stopped, a unit without a row).</summary>
    public IReadOnlyList<string> StationProblems { get; init; } = [];

    public IReadOnlyDictionary<FailureCode, int> Failures =>
        Units.Where(u => u.Row?.FailureCode is not null).GroupBy(u => u.Row!.FailureCode!.Value).ToDictionary(g => g.Key, g => g.Count());
}

/// <summary>
/// Sweeps line noise (issue 10 §3): units whose line corrupts (or drops) bytes at a fixed rate per byte, each
/// direction, each rate on its own gang station in modelled time, to find where first-pass yield drops below
/// <see cref="YieldFloor"/>. Every unit is checked as the soak checks its own (<see cref="SoakMonitor"/>): a PASS
/// must be confirmed on the simulator's side, a FAIL must carry a code the noise explains.
/// </summary>
public static class NoiseTolerance
{
    /// <summary>First-pass yield the line must keep (issue 10: "the noise level at which first-pass yield drops below 99 %").</summary>
    public const double YieldFloor = 0.99;

    /// <summary>Corrupted-byte rates swept (no drops), in 1-2-5 steps over the range a bad contact produces.</summary>
    public static IReadOnlyList<double> CorruptionRates { get; } = [1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4];

    /// <summary>Dropped-byte rates swept (no corruption).</summary>
    public static IReadOnlyList<double> DropRates { get; } = [1e-7, 3e-7, 1e-6, 3e-6, 1e-5];

    /// <summary>Soak indices of the sweep's units start here (MACs and line-noise seeds apart from any soak unit's).</summary>
    private const int FirstIndex = 0x200000;

    public static IReadOnlyList<NoiseFigure> Measure(SoakOptions options, string reportDirectory, int unitsPerLevel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var levels = CorruptionRates.Select(r => ("corrupted", r, new UnitFaults { LineCorruptionRate = r }))
            .Concat(DropRates.Select(r => ("dropped", r, new UnitFaults { LineDropRate = r })))
            .ToList();
        var figures = new List<NoiseFigure>();
        var perSocket = Math.Max(1, (unitsPerLevel + options.Sockets - 1) / options.Sockets);
        for (var level = 0; level < levels.Count; level++)
        {
            var (sweep, rate, faults) = levels[level];
            var first = FirstIndex + (level * 0x10000);
            var monitor = new SoakMonitor();
            using (var station = SoakRun.Open(
                options with { DrawUnit = null, BeforeFirmwareBoot = null },
                Path.Combine(reportDirectory, "noise-" + level.ToString(CultureInfo.InvariantCulture)),
                monitor,
                global => new DrawnUnit(global, global + 1, SoakRun.MacAt(global), faults, StationFaults.None, FaultKind.LineNoise),
                first))
            {
                monitor.Complete(station.RunUnitsAsync(perSocket, cancellationToken).GetAwaiter().GetResult());
            }

            figures.Add(new NoiseFigure(sweep, rate, monitor.Units) { StationProblems = monitor.StationProblems });
        }

        return figures;
    }

    /// <summary>The lowest swept rate of <paramref name="sweep"/> at which first-pass yield fell below <see cref="YieldFloor"/>, and the highest below it that kept it (null: none).</summary>
    public static (NoiseFigure? LastKept, NoiseFigure? FirstBelow) Threshold(IReadOnlyList<NoiseFigure> figures, string sweep)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var ordered = figures.Where(f => f.Sweep == sweep).OrderBy(f => f.Rate).ToList();
        var firstBelow = ordered.FirstOrDefault(f => f.FirstPassYield < YieldFloor);
        var lastKept = ordered.LastOrDefault(f => f.FirstPassYield >= YieldFloor && (firstBelow is null || f.Rate < firstBelow.Rate));
        return (lastKept, firstBelow);
    }
}
