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
/// <param name="Sequence">"vendor" (<see cref="DevCubeSequence"/>) or "fixture" (the station's phases).</param>
/// <param name="Time">From the first line change to the last SHA-256 (the fixture: POWER on to BOOT released), in modelled time.</param>
/// <param name="RoundTrips">Host messages that each waited for an answer (frames and 0x55 bursts).</param>
/// <param name="BytesToUnit">Bytes the host wrote.</param>
/// <param name="BytesFromUnit">Bytes the host read.</param>
/// <param name="Flash">The plan's result (regions, phases, skips, failure).</param>
/// <param name="Stages">Named stage times before the plan (reset, handshakes, helper, identification).</param>
public sealed record FlashRun(string Sequence, TimeSpan Time, int RoundTrips, long BytesToUnit, long BytesFromUnit, FlashResult Flash, IReadOnlyList<FloorPart> Stages);

/// <summary>A scenario's figures: the vendor sequence and the fixture's, side by side, with the floor.</summary>
public sealed record FlashScenarioResult(FlashScenario Scenario, FlashRun Vendor, FlashRun Fixture, FlashFloor Floor)
{
    /// <summary>The vendor sequence on the vendor tool's own file set (<see cref="FlashBenchmark.VendorOwnSet"/>); null when not run.</summary>
    public FlashRun? VendorOwnSet { get; init; }

    /// <summary>Every run verified its flash.</summary>
    public bool Succeeded => Vendor.Flash.Succeeded && Fixture.Flash.Succeeded && VendorOwnSet?.Flash.Succeeded != false;
}

/// <summary>
/// `bench flash`: the vendor tool's sequence and the station's own phases, each on a fresh simulated
/// unit in modelled time (the same numbers on every run), with the plan's analytical floor. The
/// fixture's figure is a one-socket simulated station's run of the unit with the station's configured
/// line timings (<see cref="StationFlashRun"/>).
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
        return new FlashScenarioResult(scenario, RunVendor(scenario), RunFixture(scenario), floor) { VendorOwnSet = RunVendor(scenario, VendorOwnSet(Plan)) };
    }

    /// <summary>
    /// The vendor tool's own file set (protocol reference §0: boot2, the partition table at 0xE000 and 0xF000,
    /// the firmware, the dtb/factory parameters): the plan's written regions, without the clean-slate ranges
    /// that only the fixture erases.
    /// </summary>
    public static FlashPlan VendorOwnSet(FlashPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan with { Regions = [.. plan.Regions.Where(r => !r.IsEraseOnly)] };
    }

    /// <summary>The station's phases on a fresh unit of the scenario (button to report row; flashing cut at POWER on and BOOT released).</summary>
    public FlashRun RunFixture(FlashScenario scenario) => StationFlashRun.Run(scenario, ConfigPath, RecipePath);

    /// <summary>The vendor tool's sequence (reset dance, handshakes, 2048-byte frames, XIP verify) on a fresh unit of the scenario.</summary>
    public FlashRun RunVendor(FlashScenario scenario) => RunVendor(scenario, Plan);

    /// <summary>The vendor tool's sequence flashing <paramref name="plan"/> on a fresh unit of the scenario.</summary>
    public FlashRun RunVendor(FlashScenario scenario, FlashPlan plan)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(plan);
        var bench = NewUnit(scenario);
        return VirtualTime.Run(bench.Clock, async () =>
        {
            var started = bench.Clock.GetTimestamp();
            bench.Open(DevCubeSequence.BootromBaud);
            bench.Unit.SetBootStrap(true); // GPIO8 pulled up on the vendor's fixture
            bench.Unit.SetPower(true);
            using var channel = new ByteChannel(bench.Wire, bench.Clock, bench.Link.PortName);
            var sequence = new DevCubeSequence(channel, bench.Clock, bench.VendorResetDanceAsync, bench.Link.SetBaudRate);
            var result = await sequence.RunAsync(Helper, plan, scenario.LoadBaud);
            return new FlashRun(
                plan.Regions.Count == Plan.Regions.Count ? "vendor" : "vendor (own set)",
                bench.Clock.GetElapsedTime(started),
                bench.Wire.Writes,
                bench.Wire.BytesWritten,
                bench.Wire.BytesRead,
                result.Flash,
                [
                    new("entry", result.ResetDance),
                    new("bootrom handshake", result.BootromHandshake),
                    new("helper", result.HelperLoad),
                    new("loader handshake", result.LoaderHandshake),
                    new("identify", result.JedecRead),
                ]);
        });
    }

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
