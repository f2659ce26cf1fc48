using Fixture.Protocol.Images;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Plans;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Flash;
using Fixture.Simulator.Timing;

namespace Fixture.Lab.Benchmarks;

/// <summary>One part of the floor, e.g. "erase" = 2.94 s.</summary>
public sealed record FloorPart(string Name, TimeSpan Time);

/// <summary>
/// The model's floor for flashing a plan (fixture-design §8): the time the unit itself needs —
/// boot-mode entry, handshakes, helper transfer at the bootrom baud and the helper's start, erase,
/// compressed wire time, decoding and programming, the final SHA-256 reads — with every byte that
/// must cross the wire at the link's baud, and no host or adapter time (no turnaround, no host
/// pause except the 20 ms the ISP document asks for after the bootrom's OK). Computed from the
/// <see cref="TimingModel"/> and the plan, region by region from what the unit's flash holds: a
/// region that holds its bytes needs only its SHA-256, an erased range no erase, and of a
/// clean-slate range only the sectors in use need erasing.
/// A loader that acknowledges a write frame on receipt (<see cref="LoaderAckMode.BeforeProgramming"/>, the
/// decompiled loader and the simulator's default) decodes and programs a frame while the next one crosses
/// the wire, so its write floor is the larger of the two pipelines (all frames' bytes on the wire; the
/// first frame's bytes then every frame's decoding and programming); a loader that acknowledges after
/// programming, or is deaf while it programs, adds them frame by frame.
/// </summary>
public sealed record FlashFloor(IReadOnlyList<FloorPart> Parts)
{
    /// <summary>The reference's CHIP_EN hold (Dev Cube reset_hold_time) when entering boot mode.</summary>
    public static readonly TimeSpan ResetHold = TimeSpan.FromMilliseconds(5);

    /// <summary>The pause after the bootrom's OK that the ISP document asks for (protocol reference §2.1).</summary>
    public static readonly TimeSpan BootromPause = TimeSpan.FromMilliseconds(20);

    private const int MaxBootromChunk = 4092;
    private const int Ok = 2;
    private const int Header = 4;

    public TimeSpan Total => Parts.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Time);

    public TimeSpan this[string part] => Parts.FirstOrDefault(p => p.Name == part)?.Time ?? TimeSpan.Zero;

    public static FlashFloor Compute(TimingModel timing, HelperImage helper, FlashPlan plan, int bootromBaud, int loadBaud, SpiFlash unitFlash, LoaderAckMode ackMode = LoaderAckMode.BeforeProgramming)
    {
        ArgumentNullException.ThrowIfNull(timing);
        ArgumentNullException.ThrowIfNull(helper);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(unitFlash);
        TimeSpan Boot(long bytes) => timing.WireTime(bytes, bootromBaud);
        TimeSpan Load(long bytes) => timing.WireTime(bytes, loadBaud);

        var parts = new List<FloorPart>
        {
            new("entry", ResetHold + timing.PowerOnResetDelay),
            new("bootrom handshake", Boot(timing.BootromHandshakeMinimumBytes + Ok) + BootromPause),
            new("helper", HelperTime(timing, helper, bootromBaud) + timing.HelperStartDelay),
            new("loader handshake", Load(timing.LoaderHandshakeMinimumBytes) + timing.LoaderHandshakeSettle + Load(Ok) + timing.LoaderHandshakeDrain),
            new("identify", Load(Header + Ok + 2 + 10) + Load(Header + Ok + 2 + 4)),
        };

        var erase = TimeSpan.Zero;
        var write = TimeSpan.Zero;
        var verify = TimeSpan.Zero;
        foreach (var region in plan.Regions)
        {
            var length = region.IsEraseOnly ? region.EraseLength : (uint)region.Data.Length;
            verify += Load(Header + 8 + Ok + 2 + 32) + timing.FlashReadTime(length);
            if (region.IsEraseOnly)
            {
                // Only the sectors in use, each run of adjacent ones in one erase command.
                foreach (var (start, end) in UsedSectorRuns(unitFlash, region.Address, region.EraseLength))
                {
                    erase += Load(Header + 8 + Ok) + timing.EraseTime(start, end);
                }

                continue;
            }

            if (unitFlash.View(region.Address, region.Data.Length).SequenceEqual(region.Data.Span))
            {
                continue;
            }

            if (!IsErased(unitFlash, region.Address, region.EraseLength))
            {
                erase += Load(Header + 8 + Ok) + timing.EraseTime(region.Address, region.EraseEnd);
            }

            write += WriteTime(timing, region, loadBaud, ackMode == LoaderAckMode.BeforeProgramming) + Load(Header + Ok);
        }

        parts.Add(new("erase", erase));
        parts.Add(new("write", write));
        parts.Add(new("verify", verify));
        return new FlashFloor(parts);
    }

    private static bool IsErased(SpiFlash flash, uint address, uint length) =>
        flash.View(address, (int)length).IndexOfAnyExcept((byte)0xFF) < 0;

    private static List<(uint Start, uint End)> UsedSectorRuns(SpiFlash flash, uint address, uint length)
    {
        var runs = new List<(uint Start, uint End)>();
        for (var offset = 0u; offset < length; offset += 4096)
        {
            var n = Math.Min(4096, length - offset);
            if (IsErased(flash, address + offset, n))
            {
                continue;
            }

            var end = address + offset + n - 1;
            if (runs.Count > 0 && runs[^1].End + 1 == address + offset)
            {
                runs[^1] = (runs[^1].Start, end);
            }
            else
            {
                runs.Add((address + offset, end));
            }
        }

        return runs;
    }

    /// <summary>0x10, 0x11, 0x17 and its echo, 0x18 in the largest chunks the bootrom takes (each copied before its OK), 0x19, 0x1A.</summary>
    private static TimeSpan HelperTime(TimingModel timing, HelperImage helper, int baud)
    {
        long bytes = Header + Ok + 2 + 20 + Header + helper.BootHeaderBytes.Length + Ok;
        var chunks = 0;
        foreach (var segment in helper.Segments)
        {
            bytes += Header + segment.HeaderBytes.Length + Ok + 2 + segment.HeaderBytes.Length;
            var n = (segment.Data.Length + MaxBootromChunk - 1) / MaxBootromChunk;
            chunks += n;
            bytes += segment.Data.Length + n * (Header + Ok);
        }

        bytes += 2 * (Header + Ok);
        return timing.WireTime(bytes, baud) + timing.BootromSegmentChunkProcessing * chunks;
    }

    /// <summary>
    /// Largest frames (16 KiB): their bytes and OKs on the wire and the loader's decode and programming of
    /// what they yield; overlapped (<paramref name="overlapped"/>: the loader answers on receipt) or one after the other.
    /// </summary>
    private static TimeSpan WriteTime(TimingModel timing, FlashRegion region, int baud, bool overlapped)
    {
        var compressed = region.Compressed is { Length: > 0 };
        var stream = compressed ? region.Compressed!.Value.Length : region.Data.Length;
        var frames = (stream + LoaderOptions.MaxWriteChunk - 1) / LoaderOptions.MaxWriteChunk;
        var wire = timing.WireTime(stream + (long)frames * (Header + 4 + Ok), baud);
        var work = TimeSpan.Zero;
        if (compressed)
        {
            // The loader programs decoded output in 4 KiB pieces (protocol reference §6.4).
            work += timing.DecompressTime(region.Data.Length);
            for (var offset = 0; offset < region.Data.Length; offset += 4096)
            {
                work += timing.ProgramTime(region.Address + (uint)offset, Math.Min(4096, region.Data.Length - offset));
            }
        }
        else
        {
            for (var offset = 0; offset < region.Data.Length; offset += LoaderOptions.MaxWriteChunk)
            {
                work += timing.ProgramTime(region.Address + (uint)offset, Math.Min(LoaderOptions.MaxWriteChunk, region.Data.Length - offset));
            }
        }

        if (!overlapped)
        {
            return wire + work;
        }

        // The unit cannot start on a frame before its bytes have arrived, nor finish before its work is done.
        var firstFrame = timing.WireTime(Math.Min(stream, LoaderOptions.MaxWriteChunk) + Header + 4, baud);
        return wire > firstFrame + work ? wire : firstFrame + work;
    }
}
