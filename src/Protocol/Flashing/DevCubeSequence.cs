using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Images;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Flashing;

/// <summary>One step of the vendor tool's reset/cut-off dance: set a modem line, then wait.</summary>
/// <param name="Line">"RTS" (wired to CHIP_EN: asserted = chip held in reset) or "DTR" (power on Bouffalo's MP_TOOL_V3: asserted = power off).</param>
/// <param name="Asserted">Line state to set.</param>
/// <param name="WaitAfter">Pause after setting it.</param>
/// <param name="Note">What the vendor code calls the step.</param>
public sealed record DevCubeResetStep(string Line, bool Asserted, TimeSpan WaitAfter, string Note);

/// <summary>What the vendor sequence did, with the time of each stage on the TimeProvider.</summary>
public sealed record DevCubeResult
{
    public TimeSpan ResetDance { get; init; }

    public TimeSpan BootromHandshake { get; init; }

    /// <summary>get_boot_info and the helper transfer up to run_image's OK.</summary>
    public TimeSpan HelperLoad { get; init; }

    /// <summary>The ≈300 ms wait after run_image, the baud switch and the second handshake.</summary>
    public TimeSpan LoaderHandshake { get; init; }

    public TimeSpan JedecRead { get; init; }

    public required FlashResult Flash { get; init; }

    public JedecId? Jedec { get; init; }

    public int ShakeHandAttempts { get; init; }

    public TimeSpan Total { get; init; }
}

/// <summary>
/// Imitates the BLDevCube host (protocol reference §1.2, §2, §6.2) on the same link, so the simulator
/// can be calibrated against the vendor's measured 10.8 s and benchmarks can compare with it:
/// reset dance (by the caller) → 0.1 s flush → 6 ms 0x55 burst → read until 100 ms of silence, any
/// O/K accepted → 30 ms → get_boot_info → helper in 4080-byte chunks at the bootrom baud → ≈300 ms
/// → loader handshake at the load baud the same way → JEDEC → per region: erase, 2048-byte 0x3F
/// chunks (0x31 for files of at most 4096 bytes), 0x3A, XIP SHA verify (0x60/0x3E/0x61). No hash-skip.
/// </summary>
public sealed class DevCubeSequence
{
    /// <summary>Bootrom speed of the vendor configuration (speed_uart_boot).</summary>
    public const int BootromBaud = 500_000;

    /// <summary>
    /// The vendor's `if_shakehand` reset with do_reset = true, cutoff_time = 100, reset_hold_time = 5,
    /// shake_hand_delay = 100, reset_cnt = 2: 1070 ms in all. Replay it with <see cref="ReplayResetDanceAsync"/>.
    /// </summary>
    public static IReadOnlyList<DevCubeResetStep> ResetDance { get; } = BuildResetDance();

    /// <summary>The pause between run_image's OK and the loader handshake (<see cref="FlashProfile.DevCube"/>'s run-image settle).</summary>
    public static TimeSpan AfterRunImage => FlashProfile.DevCube.Bootrom.RunImageSettle;

    /// <summary>The vendor's handshake (<see cref="FlashProfile.DevCubeHandshake"/>).</summary>
    public static HandshakeOptions Handshake => FlashProfile.DevCubeHandshake;

    private const int ShakeHandRetry = 2;
    private readonly ByteChannel channel;
    private readonly TimeProvider time;
    private readonly Func<CancellationToken, Task> resetDance;
    private readonly Action<int> setHostBaud;

    /// <param name="channel">The unit's link.</param>
    /// <param name="time">Clock for every wait.</param>
    /// <param name="resetDance">Puts the unit in UART boot mode the vendor's way (see <see cref="ResetDance"/>); Protocol has no lines.</param>
    /// <param name="setHostBaud">Switches the host port's baud on the open port.</param>
    public DevCubeSequence(ByteChannel channel, TimeProvider time, Func<CancellationToken, Task> resetDance, Action<int> setHostBaud)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(resetDance);
        ArgumentNullException.ThrowIfNull(setHostBaud);
        this.channel = channel;
        this.time = time;
        this.resetDance = resetDance;
        this.setHostBaud = setHostBaud;
    }

    /// <summary>Replays <see cref="ResetDance"/> through <paramref name="setLine"/>(line, asserted) with the vendor's waits.</summary>
    public static async Task ReplayResetDanceAsync(Action<string, bool> setLine, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setLine);
        foreach (var step in ResetDance)
        {
            setLine(step.Line, step.Asserted);
            if (step.WaitAfter > TimeSpan.Zero)
                await Task.Delay(step.WaitAfter, time, cancellationToken);
        }
    }

    /// <summary>Runs the whole vendor job: boot mode, helper, loader, every region of <paramref name="plan"/>.</summary>
    /// <exception cref="HandshakeFailedException">No answer after the vendor's two shake-hand rounds.</exception>
    public async Task<DevCubeResult> RunAsync(HelperImage helper, FlashPlan plan, int loadBaud = 2_000_000, IProgress<FlashProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(helper);
        ArgumentNullException.ThrowIfNull(plan);
        LoaderBaudRate.EnsureSupported(loadBaud);
        var started = time.GetTimestamp();
        setHostBaud(BootromBaud);
        var profile = FlashProfile.DevCube;
        // The pause after run_image is waited out below: longer when a loader was already running.
        var bootrom = new BootromClient(channel, time, profile.Bootrom with { RunImageSettle = TimeSpan.Zero });

        var dance = TimeSpan.Zero;
        var shake = TimeSpan.Zero;
        var attempts = 0;
        for (attempts = 1; ; attempts++)
        {
            var t = time.GetTimestamp();
            await resetDance(cancellationToken);
            dance += time.GetElapsedTime(t);
            t = time.GetTimestamp();
            try
            {
                await bootrom.HandshakeAsync(BootromBaud, cancellationToken);
                shake += time.GetElapsedTime(t);
                break;
            }
            catch (HandshakeFailedException) when (attempts < ShakeHandRetry)
            {
                shake += time.GetElapsedTime(t);
            }
        }

        var stage = time.GetTimestamp();
        var info = await bootrom.GetBootInfoAsync(cancellationToken);
        var load = await bootrom.LoadHelperAsync(helper, null, cancellationToken);
        var helperLoad = time.GetElapsedTime(stage);

        stage = time.GetTimestamp();
        // A loader left running answers at the bootrom baud; the vendor waits out its two 2 s idle periods.
        await Task.Delay(load.AlreadyRunning || info.IsLoaderRunning ? TimeSpan.FromSeconds(4.5) : profile.Bootrom.RunImageSettle, time, cancellationToken);
        setHostBaud(loadBaud);
        var loader = new LoaderClient(channel, time, profile.Loader);
        await loader.HandshakeAsync(loadBaud, cancellationToken);
        var loaderHandshake = time.GetElapsedTime(stage);

        stage = time.GetTimestamp();
        var jedec = await loader.ReadJedecIdAsync(cancellationToken);
        var jedecRead = time.GetElapsedTime(stage);

        var flash = await new Flasher(loader, profile.Flasher).RunAsync(plan, progress, cancellationToken);

        return new DevCubeResult
        {
            ResetDance = dance,
            BootromHandshake = shake,
            HelperLoad = helperLoad,
            LoaderHandshake = loaderHandshake,
            JedecRead = jedecRead,
            Jedec = jedec,
            Flash = flash,
            ShakeHandAttempts = attempts,
            Total = time.GetElapsedTime(started),
        };
    }

    private static List<DevCubeResetStep> BuildResetDance()
    {
        static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
        var steps = new List<DevCubeResetStep>
        {
            new("RTS", true, Ms(200), "cut-off 1: EN low (\"RC delay is 100ms\")"),
            new("RTS", false, Ms(50), "cut-off 2"),
            new("RTS", true, TimeSpan.Zero, "cut-off 3: EN low"),
            new("DTR", true, Ms(100), "cut-off 3: power off (cutoff_time 100 ms)"),
            new("DTR", false, Ms(100), "cut-off 4: power on"),
            new("RTS", false, Ms(200), "reset 0"),
        };
        for (var pass = 0; pass < 2; pass++)
        {
            for (var pulse = 0; pulse < 2; pulse++)
            {
                steps.Add(new("RTS", true, Ms(5), "reset pulse: hold (reset_hold_time 5 ms)"));
                steps.Add(new("RTS", false, Ms(100), "reset release (shake_hand_delay 100 ms)"));
            }
        }

        return steps;
    }
}
