using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Recipes;
using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Flashing;

/// <summary>
/// How the fixture talks to a unit from the bootrom handshake to the last SHA-256: the options of
/// the bootrom client, the loader client and the flasher, chosen together. This is the one place
/// protocol options are made: the station's phases take every option from a profile.
/// <see cref="Fast"/> is the station's profile (laid over with a recipe and the station's retry
/// counts by <see cref="ForStation"/>); <see cref="Cautious"/> keeps the clients' safe defaults for
/// loaders and adapters that need them (older loaders take at most 8 KiB per frame and some lack
/// 0x3F); <see cref="DevCube"/> is the vendor tool's choices, as far as options can express them.
/// </summary>
public sealed record FlashProfile
{
    public required string Name { get; init; }

    public required BootromOptions Bootrom { get; init; }

    public required LoaderOptions Loader { get; init; }

    public required FlasherOptions Flasher { get; init; }

    /// <summary>
    /// The one 0x55 burst that asks whether a port reaches a powered unit: before this socket's unit is
    /// powered (an answer means a crossed or back-fed port) and after a silent boot (the wiring check).
    /// </summary>
    public HandshakeOptions PortProbe { get; init; } = new() { Attempts = 1, ReplyTimeout = TimeSpan.FromMilliseconds(60), SettleAfterOk = TimeSpan.Zero };

    /// <summary>How long efuse_read_mac (0x42) may take as the chip id's cross-check (a loader without it never answers).</summary>
    public TimeSpan MacCrossCheckTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Whether the unit's eFuse identity (0x41, 0x42) is read before the JEDEC id: the station's way (its MAC prediction,
    /// retests by chip id). False: the JEDEC id only, as the vendor tool reads it.
    /// </summary>
    public bool ReadsEfuseIdentity { get; init; } = true;

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

    /// <summary>
    /// The vendor tool's handshake (BLDevCube, protocol reference §1.2): 0.1 s flush, one burst, read
    /// until 0.1 s of silence, any O or K accepted, 30 ms sleep.
    /// </summary>
    public static HandshakeOptions DevCubeHandshake { get; } = new()
    {
        Attempts = 1,
        DrainQuiet = TimeSpan.FromMilliseconds(100),
        DrainMax = TimeSpan.FromMilliseconds(100),
        ReadUntilQuiet = TimeSpan.FromMilliseconds(100),
        SettleAfterOk = TimeSpan.FromMilliseconds(30),
    };

    /// <summary>
    /// The vendor tool's options (protocol reference §1.2, §2, §6.2): read-until-silence handshakes,
    /// helper in 4080-byte chunks and ≈300 ms after run_image, 2048-byte frames, compression only for
    /// files larger than 4096 bytes, no hash-skip, one try per region, XIP SHA verify (0x60/0x3E/0x61), and of the
    /// unit only its JEDEC id. What options cannot say (its reset dance) belongs to whoever runs it.
    /// </summary>
    public static FlashProfile DevCube { get; } = new()
    {
        Name = "devcube",
        ReadsEfuseIdentity = false,
        Bootrom = new BootromOptions
        {
            Handshake = DevCubeHandshake,
            SegmentChunkSize = 4080,
            // 0.1 s after run, 0.1 s in the caller, 0.1 s "default set DTR high".
            RunImageSettle = TimeSpan.FromMilliseconds(300),
        },
        Loader = new LoaderOptions
        {
            Handshake = DevCubeHandshake,
            WriteChunkSize = 2048,
            ReadChunkSize = 2048,
            EraseTimeoutBase = TimeSpan.FromSeconds(10),
        },
        Flasher = new FlasherOptions
        {
            HashSkip = false,
            Verify = VerifyMethod.XipReadSha,
            RegionAttempts = 1,
            PaceAfterLostFrame = false,
            CompressOnlyAbove = 4096,
        },
    };

    /// <summary>
    /// This profile as a station runs a recipe: the recipe's frame sizes (the write frame capped by the
    /// helper's own receive buffer, <see cref="KnownHelpers"/>: 4 096 bytes for a helper not in the
    /// table, whatever the recipe asks for) and hash-skip switch, and the station's bootrom bursts per
    /// power cycle and tries per region, so every socket flashes the same way.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A frame size the loader does not take.</exception>
    public FlashProfile ForStation(Recipe recipe, int handshakeBurstsPerCycle, int regionAttempts)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var profile = WithChunkSizes(Math.Min(recipe.Loader.WriteChunkSize, KnownHelpers.MaxWriteChunk(recipe.Helper.Sha256)), recipe.Loader.ReadChunkSize);
        return profile with
        {
            Bootrom = profile.Bootrom with { Handshake = profile.Bootrom.Handshake with { Attempts = handshakeBurstsPerCycle } },
            Flasher = profile.Flasher with { HashSkip = recipe.HashSkip, RegionAttempts = regionAttempts },
        };
    }

    /// <summary>This profile with a recipe's frame sizes (recipe <c>loader.writeChunkSize</c> / <c>readChunkSize</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size the loader does not take.</exception>
    public FlashProfile WithChunkSizes(int writeChunkSize, int readChunkSize)
    {
        var loader = Loader with { WriteChunkSize = writeChunkSize, ReadChunkSize = readChunkSize };
        loader.Validate();
        return this with { Loader = loader };
    }
}
