using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Flashing;

/// <summary>
/// How the fixture talks to a unit from the bootrom handshake to the last SHA-256: the options of
/// the bootrom client, the loader client and the flasher, chosen together. <see cref="Fast"/> is
/// the station's profile; <see cref="Cautious"/> keeps the clients' safe defaults for loaders and
/// adapters that need them (older loaders take at most 8 KiB per frame and some lack 0x3F).
/// </summary>
public sealed record FlashProfile
{
    public required string Name { get; init; }

    public required BootromOptions Bootrom { get; init; }

    public required LoaderOptions Loader { get; init; }

    public required FlasherOptions Flasher { get; init; }

    /// <summary>
    /// The fixture's fast path, correct on hardware as the protocol reference describes it:
    /// <list type="bullet">
    /// <item>bootrom: a 5 ms 0x55 burst (bl_docs), OK read as soon as it comes (no read-until-silence),
    /// then the 20 ms pause the ISP document asks for;</item>
    /// <item>helper in 4080-byte chunks; the loader handshake 40 ms after run_image (the helper starts
    /// 40 ms after its OK, §2.2) and re-tried every ~45 ms while the helper is not up yet, instead of
    /// a fixed 300 ms sleep; 10 ms after the loader's OK (it drains leftover 0x55 for 1–2 ms);</item>
    /// <item>16 KiB write frames (the 2022 loader's limit; round trips stop dominating behind a
    /// 16 ms FTDI latency timer), capped by the helper's own buffer where a caller knows it
    /// (<see cref="Loader.KnownHelpers"/>), with a fall-back to 4 KiB frames when a large frame goes
    /// unanswered; checksums on, refused frames resent in smaller frames;</item>
    /// <item>hash-skip with a 4 KiB prefix probe, no erase of a range the chip reports erased, and
    /// of a clean-slate range only the sectors in use;</item>
    /// <item>every written region still proven by 0x3A and by flash_readSha (0x3D) — one command
    /// instead of the vendor's 0x60/0x3E/0x61.</item>
    /// </list>
    /// </summary>
    public static FlashProfile Fast { get; } = new()
    {
        Name = "fast",
        Bootrom = new BootromOptions
        {
            Handshake = new HandshakeOptions
            {
                BurstDuration = TimeSpan.FromMilliseconds(5),
                Attempts = 3,
                ReplyTimeout = TimeSpan.FromMilliseconds(40),
                DrainQuiet = TimeSpan.FromMilliseconds(1),
                DrainMax = TimeSpan.FromMilliseconds(20),
                SettleAfterOk = TimeSpan.FromMilliseconds(20),
            },
            SegmentChunkSize = 4080,
            RunImageSettle = TimeSpan.FromMilliseconds(40),
        },
        Loader = new LoaderOptions
        {
            // The loader settles 12 ms after the burst's first bytes: a 5 ms burst is over by then.
            // 40 ms for the OK covers that settle behind a 16 ms adapter turnaround; 12 tries span
            // about half a second for a helper slower to start than boot2_isp's 40 ms.
            Handshake = new HandshakeOptions
            {
                BurstDuration = TimeSpan.FromMilliseconds(5),
                Attempts = 12,
                ReplyTimeout = TimeSpan.FromMilliseconds(40),
                DrainQuiet = TimeSpan.FromMilliseconds(0.5),
                DrainMax = TimeSpan.FromMilliseconds(20),
                // The loader drains its input for 1–2 ms after the OK; a command sent into that is lost.
                SettleAfterOk = TimeSpan.FromMilliseconds(10),
            },
            WriteChunkSize = LoaderOptions.MaxWriteChunk,
            ReadChunkSize = 4096,
            ChecksumErrorRetries = 3,
        },
        Flasher = new FlasherOptions
        {
            HashSkip = true,
            HashProbeLength = 4096,
            SkipEraseWhenErased = true,
            EraseOnlyUsedSectors = true,
            Verify = VerifyMethod.ReadSha,
            ChecksumErrorResends = 64,
            FrameSizeFallback = true,
        },
    };

    /// <summary>The clients' own defaults: 4096-byte frames, longer pauses, full-length hash-skip.</summary>
    public static FlashProfile Cautious { get; } = new()
    {
        Name = "cautious",
        Bootrom = new BootromOptions(),
        Loader = new LoaderOptions(),
        Flasher = new FlasherOptions(),
    };

    /// <summary>This profile with a recipe's frame sizes (recipe <c>loader.writeChunkSize</c> / <c>readChunkSize</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size the loader does not take.</exception>
    public FlashProfile WithChunkSizes(int writeChunkSize, int readChunkSize)
    {
        var loader = Loader with { WriteChunkSize = writeChunkSize, ReadChunkSize = readChunkSize };
        loader.Validate();
        return this with { Loader = loader };
    }
}
