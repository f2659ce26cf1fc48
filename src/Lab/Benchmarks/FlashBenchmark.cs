using Fixture.Protocol.Flashing;
using Fixture.Protocol.Images;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Wire;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Timing;

namespace Fixture.Lab.Benchmarks;

/// <summary>One benchmark situation: adapter latency, loader baud and the unit (factory-fresh unless its faults say otherwise).</summary>
public sealed record FlashScenario(string Name, TimingModel Timing, int LoadBaud, UnitFaults Unit)
{
    /// <summary>The situations of fixture-design §8, in table order.</summary>
    public static IReadOnlyList<FlashScenario> Standard { get; } =
    [
        new("2 Mbaud, 1.5 ms turnaround", TimingModel.Default, 2_000_000, UnitFaults.None),
        new("2 Mbaud, 16 ms turnaround (FTDI)", TimingModel.Ftdi, 2_000_000, UnitFaults.None),
        new("1 Mbaud, 1.5 ms turnaround", TimingModel.Default, 1_000_000, UnitFaults.None),
        new("3 Mbaud, 1.5 ms turnaround", TimingModel.Default, 3_000_000, UnitFaults.None),
        new("2 Mbaud, unit already holds the image", TimingModel.Default, 2_000_000, new UnitFaults { AlreadyFlashed = true }),
    ];

    /// <summary>A re-test: the unit already holds the recipe's images (and the config its firmware wrote into PSM).</summary>
    public bool HoldsImage => Unit.AlreadyFlashed;
}

/// <summary>One sequence's run in a scenario, in modelled time.</summary>
/// <param name="Sequence">"fixture" (the station's phases), "vendor" or "vendor (own set)" (the same phases run as the vendor tool runs a unit, <see cref="Vendor.VendorHost"/>).</param>
/// <param name="Time">From the first line change to the last SHA-256 (the fixture: POWER on to BOOT released), in modelled time.</param>
/// <param name="RoundTrips">Host messages that each waited for an answer (frames and 0x55 bursts).</param>
/// <param name="BytesToUnit">Bytes the host wrote.</param>
/// <param name="BytesFromUnit">Bytes the host read.</param>
/// <param name="Flash">The plan's result (regions, phases, skips, failure).</param>
/// <param name="Stages">Named stage times before the plan (reset, handshakes, helper, identification).</param>
public sealed record FlashRun(string Sequence, TimeSpan Time, int RoundTrips, long BytesToUnit, long BytesFromUnit, FlashResult Flash, IReadOnlyList<FloorPart> Stages)
{
    /// <summary>The report row the station made for the unit (verdict, MAC, detail).</summary>
    public Controller.Reports.UnitReportRow? Row { get; init; }
}

/// <summary>A scenario's figures: the vendor sequence and the fixture's, side by side, with the floor.</summary>
public sealed record FlashScenarioResult(FlashScenario Scenario, FlashRun Vendor, FlashRun Fixture, FlashFloor Floor)
{
    /// <summary>The vendor imitation on the vendor tool's own file set (<see cref="FlashBenchmark.RunVendorOwnSet"/>); null when not run.</summary>
    public FlashRun? VendorOwnSet { get; init; }

    /// <summary>Every run verified its flash.</summary>
    public bool Succeeded => Vendor.Flash.Succeeded && Fixture.Flash.Succeeded && VendorOwnSet?.Flash.Succeeded != false;
}

/// <summary>
/// `bench flash`: the station's own phases and the vendor imitation (the same phases run as the vendor tool
/// runs a unit), each on a fresh unit of a one-socket simulated station in modelled time (the same numbers
/// on every run) with the station's configured line timings (<see cref="StationFlashRun"/>), and the plan's
/// analytical floor.
/// </summary>
/// <param name="recipePath">The recipe the plan was built from (the station loads it again).</param>
/// <param name="configPath">Simulated station configuration (modelled time); null: config/station.sim.json.</param>
public sealed class FlashBenchmark(string recipePath, HelperImage helper, FlashPlan plan, string? configPath = null)
{
    public const int BootromBaud = 500_000;

    public string RecipePath { get; } = recipePath;

    public string? ConfigPath { get; } = configPath;

    public HelperImage Helper { get; } = helper;

    public FlashPlan Plan { get; } = plan;

    public IReadOnlyList<FlashScenarioResult> Run(IEnumerable<FlashScenario> scenarios) =>
        [.. scenarios.Select(Run)];

    public FlashScenarioResult Run(FlashScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var floorUnit = NewUnit(scenario);
        var floor = FlashFloor.Compute(scenario.Timing, Helper, Plan, BootromBaud, scenario.LoadBaud, floorUnit.Unit.Flash, scenario.Unit.AckMode);
        return new FlashScenarioResult(scenario, RunVendor(scenario), RunFixture(scenario), floor) { VendorOwnSet = RunVendorOwnSet(scenario) };
    }

    /// <summary>The station's phases on a fresh unit of the scenario (button to report row; flashing cut at POWER on and BOOT released).</summary>
    public FlashRun RunFixture(FlashScenario scenario) => StationFlashRun.Run(scenario, ConfigPath, RecipePath);

    /// <summary>
    /// The vendor imitation (<see cref="Vendor.VendorHost"/>: the station's phases with the vendor's profile, reset dance
    /// and retries) on a fresh unit of the scenario, flashing the recipe's plan, clean-slate erases included.
    /// </summary>
    public FlashRun RunVendor(FlashScenario scenario) => StationFlashRun.Run(scenario, ConfigPath, RecipePath, FlashHost.Vendor);

    /// <summary>
    /// The vendor imitation on the vendor tool's own file set (protocol reference §0: boot2, the partition table at
    /// 0xE000 and 0xF000, the firmware, the dtb/factory parameters): the recipe without the clean-slate ranges only the
    /// fixture erases.
    /// </summary>
    public FlashRun RunVendorOwnSet(FlashScenario scenario) => StationFlashRun.Run(scenario, ConfigPath, RecipePath, FlashHost.VendorOwnSet);

    /// <summary>A fresh unit of the scenario; a re-test unit gets this plan's images (the synthetic set is already the recipe's, another recipe's replaces it).</summary>
    private BenchUnit NewUnit(FlashScenario scenario)
    {
        var bench = new BenchUnit(scenario.Timing, scenario.Unit);
        if (scenario.HoldsImage)
        {
            foreach (var region in Plan.Regions.Where(r => !r.IsEraseOnly))
            {
                bench.Unit.Flash.Load(region.Address, region.Data.Span);
            }
        }

        return bench;
    }
}
