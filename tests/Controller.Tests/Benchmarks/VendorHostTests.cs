using Fixture.Tests.Shared;
using Fixture.Hal.Lines;
using Fixture.Lab.Benchmarks;
using Fixture.Lab.Vendor;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Timing;

namespace Fixture.Controller.Tests.Benchmarks;

/// <summary>
/// The vendor imitation of `bench flash` (issue 10 §1) is the station's own phases run the vendor's way: its reset dance
/// as the protocol reference tabulates it (§1.2), its profile's behaviour on a simulated station, and its totals against
/// what BLDevCube measured on a real module (fixture-design §7), all in modelled time.
/// </summary>
public sealed class VendorHostTests
{
    [Fact]
    public void The_reset_dance_cuts_power_only_with_the_chip_held_in_reset_and_ends_in_the_bootrom_after_the_reference_s_1070_ms()
    {
        var clock = new SimulationClock();
        var seen = new List<(string Line, bool Asserted, TimeSpan At)>();
        var start = clock.GetTimestamp();
        RecordingLine Line(string name) => new(name, asserted => seen.Add((name, asserted, clock.GetElapsedTime(start))));
        var lines = new SocketLines(Line("POWER"), Line("BOOT"), Line("CHIP_EN"));

        VirtualTime.Run(clock, () => DevCubeResetDance.ReplayAsync(lines, clock, CancellationToken.None));

        // Reference §1.2: 200 + 50 + 100 + 100 + 200 ms, then reset_cnt = 2 passes of two 5 ms pulses each followed by 100 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(1070), clock.GetElapsedTime(start));
        foreach (var cut in seen.Where(s => s.Line == "POWER"))
        {
            Assert.True(StateAt(seen, "CHIP_EN", cut.At), $"POWER {(cut.Asserted ? "on" : "off")} at {cut.At.TotalMilliseconds} ms while the chip was not held in reset");
        }

        var powerOff = seen.Single(s => s.Line == "POWER" && !s.Asserted).At;
        var powerOn = seen.Last(s => s.Line == "POWER" && s.Asserted).At;
        Assert.Equal(TimeSpan.FromMilliseconds(100), powerOn - powerOff); // cutoff_time
        var pulses = seen.Where(s => s.Line == "CHIP_EN" && s.At > powerOn).ToList();
        Assert.Equal(9, pulses.Count); // the release after power-on, then four 5 ms pulses (reset_hold_time)
        Assert.All(pulses.Skip(1).Chunk(2), p => Assert.Equal(TimeSpan.FromMilliseconds(5), p[1].At - p[0].At));
        Assert.True(lines.Power.IsAsserted && lines.Boot.IsAsserted && !lines.Reset.IsAsserted, "the dance must end powered, BOOT high, CHIP_EN released");
        Assert.Equal(TimeSpan.FromMilliseconds(100), clock.GetElapsedTime(start) - pulses[^1].At); // shake_hand_delay before the sync
    }

    [Theory]
    [InlineData(2_000_000, 10.8, 0.10)]
    [InlineData(1_000_000, 14.5, 0.15)]
    public void The_vendor_imitation_on_the_station_models_BLDevCube_s_measured_totals(int loadBaud, double measuredSeconds, double band)
    {
        // The vendor's own file set behind the vendor's host (TimingModel.VendorBench), as in the measured logs (docs/simulator.md, Calibration).
        var run = StationFlashRun.Run(new FlashScenario("vendor bench", TimingModel.VendorBench, loadBaud, UnitFaults.None), null, RepositoryFiles.SimRecipe, FlashHost.VendorOwnSet);

        Assert.True(run.Flash.Succeeded, run.Flash.Failure?.Reason);
        Assert.InRange(run.Time.TotalSeconds, measuredSeconds * (1 - band), measuredSeconds * (1 + band));
    }

    [Fact]
    public void The_vendor_imitation_writes_every_region_of_a_unit_that_holds_the_image_again_where_the_station_skips_them()
    {
        var holds = FlashScenario.Standard.Single(s => s.HoldsImage);

        var vendor = StationFlashRun.Run(holds, null, RepositoryFiles.SimRecipe, FlashHost.Vendor);
        var fixture = StationFlashRun.Run(holds, null, RepositoryFiles.SimRecipe, FlashHost.Fixture);

        Assert.True(vendor.Flash.Succeeded, vendor.Flash.Failure?.Reason);
        Assert.All(vendor.Flash.Regions, r => Assert.False(r.SkippedByHash, $"{r.Name}: the vendor tool has no hash-skip"));
        Assert.All(fixture.Flash.Regions.Where(r => r.Kind != FlashRegionKind.EraseOnly), r => Assert.True(r.SkippedByHash, $"{r.Name}: the station skips what the chip already holds"));
        Assert.True(vendor.Time > 8 * fixture.Time, $"vendor {vendor.Time}, fixture {fixture.Time}");
    }

    [Fact]
    public void The_vendor_imitation_reads_only_the_JEDEC_id_and_its_unit_still_passes_by_the_MAC_its_boot_log_shows()
    {
        var vendor = StationFlashRun.Run(FlashScenario.Standard[0], null, RepositoryFiles.SimRecipe, FlashHost.Vendor);
        var fixture = StationFlashRun.Run(FlashScenario.Standard[0], null, RepositoryFiles.SimRecipe, FlashHost.Fixture);

        Assert.Equal(Fixture.Controller.Reports.UnitVerdict.Pass, vendor.Row?.Verdict);
        Assert.Contains("eFuse identity not read", vendor.Row!.Detail, StringComparison.Ordinal);
        Assert.Equal(fixture.Row?.Mac, vendor.Row.Mac);
        Assert.DoesNotContain("eFuse identity not read", fixture.Row!.Detail ?? "", StringComparison.Ordinal);
        // The station's identity costs its two eFuse reads; the vendor's stage is the JEDEC read alone.
        Assert.True(Stage(vendor, "identify") < Stage(fixture, "identify"), $"vendor {Stage(vendor, "identify")}, fixture {Stage(fixture, "identify")}");
    }

    [Fact]
    public void The_vendor_s_own_set_is_the_recipe_s_images_without_the_clean_slate_erases_sent_in_2048_byte_frames()
    {
        var recipe = RecipeLoader.Load(RepositoryFiles.SimRecipe);
        var firmware = FlashPlanBuilder.Build(recipe).Regions.Single(r => r.Kind == FlashRegionKind.Firmware);

        var run = StationFlashRun.Run(FlashScenario.Standard[0], null, RepositoryFiles.SimRecipe, FlashHost.VendorOwnSet);

        // The vendor tool's files (protocol reference §0): boot2, the partition table twice, the firmware, the dtb (factory).
        Assert.Equal(["boot2", "factory", "firmware", "partition@0xE000", "partition@0xF000"], run.Flash.Regions.Select(r => r.Name).Order(StringComparer.Ordinal));
        // §6.2: tx_size 2056 − 8 = 2048 compressed bytes per 0x3F frame, each a round trip of its own.
        var frames = (firmware.Compressed!.Value.Length + 2047) / 2048;
        Assert.True(run.RoundTrips > frames, $"{run.RoundTrips} round trips for a firmware of {frames} frames of 2048 bytes");
        Assert.True(run.Flash.Regions.Single(r => r.Name == "firmware").Compressed);
    }

    private static TimeSpan Stage(FlashRun run, string name) => run.Stages.Single(s => s.Name == name).Time;

    private static bool StateAt(List<(string Line, bool Asserted, TimeSpan At)> seen, string line, TimeSpan at) =>
        seen.LastOrDefault(s => s.Line == line && s.At <= at).Asserted;


    private sealed class RecordingLine(string name, Action<bool> changed) : IControlLine
    {
        public string Name { get; } = name;

        public bool IsAsserted { get; private set; }

        public void Set(bool asserted)
        {
            IsAsserted = asserted;
            changed(asserted);
        }
    }
}
