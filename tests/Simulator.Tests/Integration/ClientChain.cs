using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Images;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Wire;

using Fixture.Protocol.Flashing;

namespace Fixture.Simulator.Tests.Integration;

/// <summary>What the fixture's sequence did, with the time of each stage on the TimeProvider.</summary>
internal sealed record ClientChainResult
{
    /// <summary>0x55 bursts until the bootrom's OK, and the pause after it.</summary>
    public TimeSpan BootromHandshake { get; init; }

    public int BootromBursts { get; init; }

    /// <summary>get_boot_info, the helper transfer and the wait after run_image for the helper to start (<see cref="BootromOptions.RunImageSettle"/>).</summary>
    public TimeSpan HelperLoad { get; init; }

    /// <summary>Bursts at the working baud until the loader's OK, and the pause after it (a helper left running: the wait for its idle drop too).</summary>
    public TimeSpan LoaderHandshake { get; init; }

    public int LoaderBursts { get; init; }

    /// <summary>MAC (0x42) and JEDEC id (0x36) read from the loader.</summary>
    public TimeSpan Identify { get; init; }

    public required BootInfo BootInfo { get; init; }

    public required Fixture.Protocol.Identity.MacAddress Mac { get; init; }

    public required JedecId Jedec { get; init; }

    /// <summary>A helper was already running: nothing was loaded.</summary>
    public bool HelperAlreadyRunning { get; init; }

    public required FlashResult Flash { get; init; }

    /// <summary>From the first burst to the end of the plan.</summary>
    public TimeSpan Total { get; init; }

    /// <summary>Request frames and bursts written to the link, bootrom and loader together.</summary>
    public long BytesSent { get; init; }
}

/// <summary>
/// Test-side: the station phases' protocol steps in one go on a unit already in UART boot mode (BOOT high, CHIP_EN released):
/// bootrom handshake → get_boot_info (a locked chip is refused) → helper → loader handshake at the
/// working baud → MAC and JEDEC id → the flash plan, all with one <see cref="FlashProfile"/>. The
/// station runs the same protocol steps one phase at a time (src/Controller/Workflow/Phases); these
/// tests compose the clients directly to check them against the simulated unit. The benchmark measures
/// the station's own phases, never this.
/// </summary>
internal sealed class ClientChain
{
    private readonly ByteChannel channel;
    private readonly TimeProvider time;
    private readonly FlashProfile profile;
    private readonly Action<int> setHostBaud;

    /// <param name="channel">The unit's link (the one reader of its port).</param>
    /// <param name="time">Clock for every wait and deadline.</param>
    /// <param name="profile">Options of the bootrom client, loader client and flasher.</param>
    /// <param name="setHostBaud">Switches the open port's baud (never close and reopen: that can pulse DTR/RTS).</param>
    public ClientChain(ByteChannel channel, TimeProvider time, FlashProfile profile, Action<int> setHostBaud)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(setHostBaud);
        this.channel = channel;
        this.time = time;
        this.profile = profile;
        this.setHostBaud = setHostBaud;
    }

    /// <summary>Runs the sequence; unit faults during flashing come back in <see cref="FlashResult.Failure"/>.</summary>
    /// <exception cref="HandshakeFailedException">The bootrom or the loader did not answer.</exception>
    /// <exception cref="ChipLockedException">Sign or encrypt eFuses are set.</exception>
    /// <exception cref="IspException">A bootrom or identification step failed.</exception>
    public async Task<ClientChainResult> RunAsync(HelperImage helper, FlashPlan plan, int loadBaud, int bootromBaud = 500_000, IProgress<FlashProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(helper);
        ArgumentNullException.ThrowIfNull(plan);
        LoaderBaudRate.EnsureSupported(loadBaud);
        var started = time.GetTimestamp();
        var sentBefore = channel.BytesSent;

        setHostBaud(bootromBaud);
        var bootrom = new BootromClient(channel, time, profile.Bootrom);
        var bootromBursts = await bootrom.HandshakeAsync(bootromBaud, cancellationToken);
        var bootromHandshake = time.GetElapsedTime(started);

        var stage = time.GetTimestamp();
        var info = await bootrom.GetBootInfoAsync(cancellationToken);
        var load = await bootrom.LoadHelperAsync(helper, null, cancellationToken);
        var helperLoad = time.GetElapsedTime(stage);

        stage = time.GetTimestamp();
        setHostBaud(loadBaud);
        var loader = new LoaderClient(channel, time, profile.Loader);
        int loaderBursts;
        if (load.AlreadyRunning)
        {
            // A loader left running answered at the bootrom baud and sits in command mode at it:
            // only its idle drop brings it back to handshake mode at the working baud.
            loader.AdoptHandshake(loadBaud);
            await loader.ResyncAsync(cancellationToken);
            loaderBursts = 0;
        }
        else
        {
            loaderBursts = await loader.HandshakeAsync(loadBaud, cancellationToken);
        }

        var loaderHandshake = time.GetElapsedTime(stage);

        stage = time.GetTimestamp();
        var mac = await loader.ReadMacAsync(cancellationToken: cancellationToken);
        var jedec = await loader.ReadJedecIdAsync(cancellationToken);
        var identify = time.GetElapsedTime(stage);

        var flash = await new Flasher(loader, profile.Flasher).RunAsync(plan, progress, cancellationToken);
        return new ClientChainResult
        {
            BootromHandshake = bootromHandshake,
            BootromBursts = bootromBursts,
            HelperLoad = helperLoad,
            LoaderHandshake = loaderHandshake,
            LoaderBursts = loaderBursts,
            Identify = identify,
            BootInfo = info,
            Mac = mac,
            Jedec = jedec,
            HelperAlreadyRunning = load.AlreadyRunning,
            Flash = flash,
            Total = time.GetElapsedTime(started),
            BytesSent = channel.BytesSent - sentBefore,
        };
    }
}
