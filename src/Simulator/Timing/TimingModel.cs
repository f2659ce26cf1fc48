namespace Fixture.Simulator.Timing;

/// <summary>
/// Every figure of the timing model (fixture-design.md §7), calibrated on BLDevCube runs flashing
/// a W25Q16 (JEDEC ef4015) module at 2 and 1 Mbaud. All are settings; <see cref="Default"/> is
/// the calibrated set and <see cref="Ftdi"/> the same with an FTDI adapter's 16 ms latency timer.
/// </summary>
public sealed record TimingModel
{
    public static TimingModel Default { get; } = new();

    /// <summary>The calibrated model behind an FTDI adapter (latency timer 16 ms).</summary>
    public static TimingModel Ftdi { get; } = new() { HostTurnaround = TimeSpan.FromMilliseconds(16) };

    /// <summary>
    /// The same unit behind the host of the vendor's calibration runs (BLDevCube, Python on a PC, its USB-UART
    /// adapter): 10.3 ms from a reply reaching the adapter to the next frame leaving the host. Derived from the
    /// measured 0x3F frame interval at 2 Mbaud (20.6 ms − 10.28 ms of wire for 2 056 bytes − 0.01 ms for the
    /// OK), the loader's work being hidden behind the next frame's transfer (docs/simulator.md, Timing).
    /// </summary>
    public static TimingModel VendorBench { get; } = new() { HostTurnaround = TimeSpan.FromMilliseconds(10.3) };

    /// <summary>Start + 8 data + stop: 10 bit times per byte on the wire.</summary>
    public int BitsPerByte { get; init; } = 10;

    /// <summary>Receive latency of the USB-UART adapter plus host scheduling, per reply (default 1.5 ms).</summary>
    public TimeSpan HostTurnaround { get; init; } = TimeSpan.FromMilliseconds(1.5);

    /// <summary>Relative baud error a UART still receives cleanly (921 600 measured as 930 232 is 0.94 %).</summary>
    public double UartTolerance { get; init; } = 0.03;

    // --- SPI flash (W25Q16JV on the calibrated module) ---

    public TimeSpan SectorErase4K { get; init; } = TimeSpan.FromMilliseconds(45);

    public TimeSpan BlockErase32K { get; init; } = TimeSpan.FromMilliseconds(120);

    public TimeSpan BlockErase64K { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Whole-chip erase (0x3C); W25Q16JV typical.</summary>
    public TimeSpan ChipErase { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Programming one 256-byte page (a partial page costs the same).</summary>
    public TimeSpan PageProgram { get; init; } = TimeSpan.FromMilliseconds(0.6);

    /// <summary>
    /// Rate at which the loader reads flash for SHA-256 (0x3D/0x3E), read commands and the
    /// Winbond blank check: 10 MB/s. Quad-I/O reads at the 80 MHz flash clock deliver about
    /// 40 MB/s raw; the loader reads in 16 KiB pieces through the cache and feeds the SEC_ENG
    /// SHA engine, which a quarter of that reflects. This sets the hash-skip target (a unit that
    /// already holds the image: 815 KB hashed in about 80 ms) and part of the design §8 floor.
    /// </summary>
    public double FlashReadBytesPerSecond { get; init; } = 10_000_000;

    /// <summary>
    /// xz-embedded's decode rate on the 160 MHz RISC-V core, in uncompressed bytes per second:
    /// 2 MB/s (an estimate: about a fiftieth of liblzma on a desktop core; not measured on the
    /// module). Each 0x3F frame costs the decode of what it yields on top of the programming.
    /// </summary>
    public double DecompressBytesPerSecond { get; init; } = 2_000_000;

    // --- bootrom and helper ---

    /// <summary>Highest rate the bootrom's handshake accepts (RC32M-clocked): 500 000 by default.</summary>
    public int BootromMaxHandshakeBaud { get; init; } = 500_000;

    /// <summary>Consecutive 0x55 bytes the bootrom needs to lock on to the rate.</summary>
    public int BootromHandshakeMinimumBytes { get; init; } = 16;

    /// <summary>
    /// Per 0x18 chunk, the bootrom's copy and hashing beyond the wire time: 4.0 ms, what is left of the measured
    /// ≈ 96 ms per 4 080-byte chunk at 500 kbaud after 81.68 ms of wire and the vendor host's 10.3 ms turnaround.
    /// </summary>
    public TimeSpan BootromSegmentChunkProcessing { get; init; } = TimeSpan.FromMilliseconds(4.0);

    /// <summary>Bootrom and loader idle timeout (2 s without a byte).</summary>
    public TimeSpan ReceiveIdleTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The jump to the helper after run_image's OK (boot2_isp: 40 ms).</summary>
    public TimeSpan HelperStartDelay { get; init; } = TimeSpan.FromMilliseconds(40);

    // --- eflash_loader ---

    /// <summary>Consecutive 0x55 bytes the loader's auto-baud counter needs.</summary>
    public int LoaderHandshakeMinimumBytes { get; init; } = 4;

    /// <summary>Wait after detecting the rate, so the rest of the burst passes (decompiled loader: 12 ms).</summary>
    public TimeSpan LoaderHandshakeSettle { get; init; } = TimeSpan.FromMilliseconds(12);

    /// <summary>The short receive after OK that drains leftover 0x55 bytes (1–2 ms).</summary>
    public TimeSpan LoaderHandshakeDrain { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Gap that ends a burst the loader is discarding (oversized frame).</summary>
    public TimeSpan LoaderDiscardGap { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Software reset after 0x21's OK (≈ 5 ms).</summary>
    public TimeSpan LoaderResetDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Chip erase sends PD about this often.</summary>
    public TimeSpan ChipErasePendingInterval { get; init; } = TimeSpan.FromSeconds(1);

    // --- power and boot ---

    /// <summary>From CHIP_EN released (with power) to the bootrom or boot2 running.</summary>
    public TimeSpan PowerOnResetDelay { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Discharge time after which an unpowered, not back-powered chip has lost its state.</summary>
    public TimeSpan RailResetDischarge { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Rail decay time constant for the supply monitor (RC of the module's input capacitors).</summary>
    public TimeSpan RailDischargeTimeConstant { get; init; } = TimeSpan.FromMilliseconds(20);

    public BootMilestones Boot { get; init; } = new();

    /// <summary>Time one byte takes on the wire at <paramref name="baud"/>.</summary>
    public TimeSpan ByteTime(int baud) => TimeSpan.FromTicks(Math.Max(1, (long)Math.Round(BitsPerByte * (double)TimeSpan.TicksPerSecond / baud)));

    /// <summary>Time <paramref name="count"/> bytes take on the wire at <paramref name="baud"/>.</summary>
    public TimeSpan WireTime(long count, int baud) => TimeSpan.FromTicks((long)Math.Round(count * BitsPerByte * (double)TimeSpan.TicksPerSecond / baud));

    /// <summary>Programming time of <paramref name="bytes"/> bytes at <paramref name="address"/>, counted in pages touched.</summary>
    public TimeSpan ProgramTime(uint address, long bytes)
    {
        if (bytes <= 0)
        {
            return TimeSpan.Zero;
        }

        var firstPage = address / 256;
        var lastPage = (address + (ulong)bytes - 1) / 256;
        return PageProgram * (double)(lastPage - firstPage + 1);
    }

    /// <summary>
    /// Time the loader's flash_erase of [<paramref name="start"/>, <paramref name="endInclusive"/>]
    /// takes on the part, by its 64 KiB / 32 KiB / 4 KiB rule (protocol reference §6.3), without
    /// the Winbond blank check. For analytical floors; the loader model uses the same rule.
    /// </summary>
    public TimeSpan EraseTime(uint start, uint endInclusive) =>
        Loader.EraseUnit.Plan(start, endInclusive, this).Aggregate(TimeSpan.Zero, (sum, unit) => sum + unit.Duration);

    /// <summary>CPU time the loader spends decoding <paramref name="bytes"/> of xz output.</summary>
    public TimeSpan DecompressTime(long bytes) => TimeSpan.FromTicks((long)Math.Round(bytes * TimeSpan.TicksPerSecond / DecompressBytesPerSecond));

    /// <summary>Time to read <paramref name="bytes"/> from flash (SHA, read, blank check).</summary>
    public TimeSpan FlashReadTime(long bytes) => TimeSpan.FromTicks((long)Math.Round(bytes * TimeSpan.TicksPerSecond / FlashReadBytesPerSecond));
}

/// <summary>What OpenBL602 does when, after reset (fixture-design §7, openbl602-boot.md); used by the firmware models.</summary>
public sealed record BootMilestones
{
    /// <summary>OpenBeken's boot-failure counter is incremented (a cut before this does not count).</summary>
    public TimeSpan BootCounterIncrement { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The AP opens.</summary>
    public TimeSpan AccessPointStart { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>"Boot complete time reached".</summary>
    public TimeSpan BootComplete { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Interval of the "Time N" lines.</summary>
    public TimeSpan TimeLineInterval { get; init; } = TimeSpan.FromSeconds(1);
}
