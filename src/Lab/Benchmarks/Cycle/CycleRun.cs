using Fixture.Controller.Reports;

namespace Fixture.Lab.Benchmarks.Cycle;

/// <summary>Which of the design's parts a phase of the cycle belongs to.</summary>
public enum CycleGroup
{
    PowerUpAndHandshake,
    Helper,
    Identify,
    EraseWriteVerify,
    BootToBootComplete,
    PowerDownAndReport,
}

/// <summary>One consecutive stretch of the cycle.</summary>
/// <param name="InFlashing">Part of "flashing" as the flashing benchmark counts it (power-on to the last SHA-256).</param>
public sealed record CyclePhase(string Name, CycleGroup Group, TimeSpan Duration, bool InFlashing, string Note = "");

/// <summary>
/// One unit's full cycle on the simulated station, in modelled time: consecutive phases from the start
/// button to the report row on disk (they add up to <see cref="Total"/>), beside the figures the target
/// is made of (fixture-design §8: flashing + time until boot complete + at most 1 s).
/// </summary>
/// <param name="Row">The report row the station wrote for the unit.</param>
/// <param name="BootComplete">From the firmware's reset to "Boot complete" read by the fixture (the row's time to boot complete).</param>
/// <param name="FlashingBenchmark">The flashing benchmark's figure for the same unit and adapter (`fixture-lab bench flash`: the station path, POWER on to BOOT released).</param>
public sealed record CycleRun(CycleScenario Scenario, UnitReportRow Row, IReadOnlyList<CyclePhase> Phases, TimeSpan BootComplete, TimeSpan FlashingBenchmark)
{
    /// <summary>What the fixture-design allows beyond flashing and booting.</summary>
    public static readonly TimeSpan Allowance = TimeSpan.FromSeconds(1);

    /// <summary>Start button to report row on disk.</summary>
    public TimeSpan Total => Sum(Phases);

    /// <summary>This cycle's own flashing: power-on to the last SHA-256.</summary>
    public TimeSpan FlashingInCycle => Sum(Phases.Where(p => p.InFlashing));

    /// <summary>Everything that is neither flashing nor the firmware's own boot: the time the target allows 1 s for.</summary>
    public TimeSpan Overhead => Total - FlashingInCycle - BootComplete;

    /// <summary>Flashing (the benchmark's figure) + time until boot complete + 1 s.</summary>
    public TimeSpan Target => FlashingBenchmark + BootComplete + Allowance;

    public bool MeetsTarget => Row.Verdict == UnitVerdict.Pass && Total <= Target;

    public TimeSpan In(CycleGroup group) => Sum(Phases.Where(p => p.Group == group));

    private static TimeSpan Sum(IEnumerable<CyclePhase> phases) => phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);
}
