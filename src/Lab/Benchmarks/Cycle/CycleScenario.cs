namespace Fixture.Lab.Benchmarks.Cycle;

/// <summary>
/// One full-cycle situation: the unit and adapter of a flashing scenario, run through the whole station
/// (button to report row). The flashing scenario also gives the "flashing" figure the target adds to.
/// </summary>
public sealed record CycleScenario(string Name, FlashScenario Flash)
{
    /// <summary>A factory-fresh unit at 2 Mbaud, the same behind an FTDI adapter, and a re-test (hash-skip).</summary>
    public static IReadOnlyList<CycleScenario> Standard { get; } =
    [
        new("fresh unit, 2 Mbaud, 1.5 ms turnaround", FlashScenario.Standard[0]),
        new("fresh unit, 2 Mbaud, 16 ms turnaround (FTDI)", FlashScenario.Standard[1]),
        new("unit already holds the image (re-test, hash-skip)", FlashScenario.Standard[4]),
    ];
}
