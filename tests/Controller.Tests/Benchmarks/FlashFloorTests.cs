using System.Security.Cryptography;
using Fixture.Lab.Benchmarks;
using Fixture.Protocol.Compression;
using Fixture.Protocol.Images;
using Fixture.Protocol.Plans;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Flash;
using Fixture.Simulator.Timing;

namespace Fixture.Controller.Tests.Benchmarks;

/// <summary>The floor's arithmetic, checked against the timing model's figures worked out by hand.</summary>
public class FlashFloorTests
{
    private static readonly TimingModel Timing = TimingModel.Default;
    private static readonly HelperImage Helper = HelperImage.Parse(HelperImage.Build(new byte[30192], 0x22010000, HelperHeaderVariant.Current));

    [Fact]
    public void The_handshakes_and_helper_are_the_unit_s_own_time_at_the_bootrom_baud()
    {
        var floor = Floor(new FlashPlan("empty", []), new SpiFlash());

        Assert.Equal(TimeSpan.FromMilliseconds(6), floor["entry"]);
        // 16 bytes of 0x55 and the OK at 500 kbaud (20 µs a byte), then the ISP document's 20 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(18 * 0.02 + 20), floor["bootrom handshake"]);
        // 30 192 bytes in 8 chunks of at most 4092, each copied in 4.0 ms (the model's per-chunk figure since
        // its recalibration on the vendor log's per-frame intervals); every frame's header and
        // reply on the wire: 0x10 (4 + 24), 0x11 (180 + 2), 0x17 (20 + 20), 0x18 (8 × 6), 0x19 and 0x1A (6 each); started 40 ms later.
        var bytes = 28 + 182 + 40 + 30192 + 8 * 6 + 12;
        AssertClose(TimeSpan.FromMilliseconds(bytes * 0.02 + 8 * 4.0 + 40), floor["helper"]);
        // 4 bytes of 0x55 at 2 Mbaud, the loader's 12 ms settle, OK, its 2 ms drain.
        AssertClose(TimeSpan.FromMilliseconds(6 * 0.005 + 12 + 2), floor["loader handshake"]);
    }

    [Fact]
    public void The_firmware_erase_follows_the_loader_s_64_32_and_4_KiB_rule()
    {
        var firmware = Region("firmware", FlashRegionKind.Firmware, 0x10000, Filled(762_336, 0x00));
        var flash = new SpiFlash();
        flash.Program(0x10000, Filled(762_336, 0x11)); // neither erased nor the image

        var floor = Floor(new FlashPlan("fw", [firmware]), flash);

        // 0x10000–0xCA1DF: 11 × 64 KiB (200 ms), one 32 KiB (120 ms), three sectors (45 ms); plus the command's 14 bytes.
        AssertClose(TimeSpan.FromMilliseconds(11 * 200 + 120 + 3 * 45 + 14 * 0.005), floor["erase"]);
    }

    [Fact]
    public void A_region_the_unit_already_holds_costs_only_its_SHA_256()
    {
        var data = Filled(5930, 0x5A);
        var region = Region("factory", FlashRegionKind.FactoryParameters, 0x1F8000, data);
        var flash = new SpiFlash();
        flash.Program(0x1F8000, data);

        var floor = Floor(new FlashPlan("p", [region]), flash);

        Assert.Equal(TimeSpan.Zero, floor["erase"]);
        Assert.Equal(TimeSpan.Zero, floor["write"]);
        AssertClose(Timing.FlashReadTime(5930) + Timing.WireTime(12 + 36, 2_000_000), floor["verify"]);
    }

    [Fact]
    public void An_erased_range_is_written_without_an_erase()
    {
        var region = Region("factory", FlashRegionKind.FactoryParameters, 0x1F8000, Filled(5930, 0x5A));

        var floor = Floor(new FlashPlan("p", [region]), new SpiFlash());

        Assert.Equal(TimeSpan.Zero, floor["erase"]);
        Assert.True(floor["write"] > TimeSpan.Zero);
    }

    [Fact]
    public void A_clean_slate_range_erases_only_its_sectors_in_use()
    {
        var psm = new FlashRegion("erase PSM", FlashRegionKind.EraseOnly, 0x1E9000, ReadOnlyMemory<byte>.Empty, SHA256.HashData(Filled(0x8000, 0xFF)), null, 0x8000);
        var flash = new SpiFlash();
        flash.Program(0x1E9000, new byte[300]);
        flash.Program(0x1EC000, new byte[10]);

        var floor = Floor(new FlashPlan("p", [psm]), flash);

        // Two separate used sectors: two erase commands of one 4 KiB sector each.
        AssertClose(TimeSpan.FromMilliseconds(2 * (45 + 14 * 0.005)), floor["erase"]);
    }

    [Fact]
    public void A_compressed_region_costs_its_xz_bytes_on_the_wire_its_decoding_and_programming_4_KiB_at_a_time()
    {
        var data = Filled(10_000, 0x00);
        data[5000] = 1;
        var region = Region("boot2", FlashRegionKind.Boot2, 0x0, data);
        var flash = new SpiFlash();
        flash.Program(0x0, Filled(10_000, 0x11));

        var floor = Floor(new FlashPlan("p", [region]), flash, LoaderAckMode.AfterProgramming);

        var xz = region.Compressed!.Value.Length;
        var expected = Timing.WireTime(xz + 10, 2_000_000) + Timing.DecompressTime(10_000)
            + Timing.PageProgram * (16 + 16 + 8) // pieces of 4096, 4096 and 1808 bytes: 16, 16 and 8 pages
            + Timing.WireTime(6, 2_000_000); // 0x3A
        AssertClose(expected, floor["write"]);
    }

    [Fact]
    public void A_loader_that_answers_on_receipt_programs_a_frame_while_the_next_crosses_the_wire()
    {
        var data = new byte[200_000];
        new Random(7).NextBytes(data); // incompressible: 13 frames of 16 KiB on the wire
        var region = Region("firmware", FlashRegionKind.Firmware, 0x10000, data);
        var plan = new FlashPlan("p", [region]);

        var early = Floor(plan, new SpiFlash(), LoaderAckMode.BeforeProgramming)["write"];
        var late = Floor(plan, new SpiFlash(), LoaderAckMode.AfterProgramming)["write"];
        var deaf = Floor(plan, new SpiFlash(), LoaderAckMode.BeforeProgrammingDeaf)["write"];

        var wire = Timing.WireTime(region.Compressed!.Value.Length, 2_000_000);
        var work = Timing.DecompressTime(data.Length) + Timing.PageProgram * (data.Length / 256);
        Assert.True(early >= wire && early >= work, $"early {early.TotalMilliseconds} ms is below its wire time or its work");
        Assert.True(late - early >= TimeSpan.FromTicks(Math.Min(wire.Ticks, work.Ticks) / 2), $"early {early.TotalMilliseconds} ms, late {late.TotalMilliseconds} ms: the overlap saved too little");
        Assert.Equal(late, deaf);
    }

    // The model rounds each wire time to whole ticks; sums of a few of them may differ by a tick or two.
    private static void AssertClose(TimeSpan expected, TimeSpan actual) =>
        Assert.True((expected - actual).Duration() <= TimeSpan.FromTicks(10), $"expected {expected.TotalMilliseconds} ms, got {actual.TotalMilliseconds} ms");

    private static FlashFloor Floor(FlashPlan plan, SpiFlash flash, LoaderAckMode ack = LoaderAckMode.BeforeProgramming) =>
        FlashFloor.Compute(Timing, Helper, plan, 500_000, 2_000_000, flash, ack);

    private static FlashRegion Region(string name, FlashRegionKind kind, uint address, byte[] data) =>
        new(name, kind, address, data, SHA256.HashData(data), data.Length > 4096 ? XzEncoder.Encode(data) : null, (uint)data.Length);

    private static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill(value);
        return bytes;
    }
}
