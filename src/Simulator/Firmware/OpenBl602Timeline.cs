namespace Fixture.Simulator.Firmware;

/// <summary>
/// When things happen on an OpenBL602 boot, measured from reset (CHIP_EN released with BOOT low).
/// The references give only rough figures (fixture-design.md §7, openbl602-boot.md §3: boot counter
/// about 1 s, AP about 5 s, boot complete about 6 s after reset, Main_Init 500 ms after
/// proc_main_entry, a tick every second); the finer steps below are this model's choices.
/// </summary>
public sealed record OpenBl602Timeline
{
    /// <summary>Bootrom + boot2 (header checks and the firmware hash) until the SDK's first puts.</summary>
    public TimeSpan SdkBanner { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>aos_loop_proc re-initialises /dev/ttyS0 with the factory-parameters baud.</summary>
    public TimeSpan ConsoleReinit { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The customer app's proc_main_entry starts (TCP/IP, Wi-Fi firmware).</summary>
    public TimeSpan ProcMainEntry { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>OpenBeken's Main_Init (aos_post_delayed_action(500, …)): boot_count++ happens here.</summary>
    public TimeSpan MainInit { get; init; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>How long Main_Init_Delay takes between its two lines.</summary>
    public TimeSpan InitDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The first Main_OnEverySecond tick ("Time 1"); later ticks follow every second.</summary>
    public TimeSpan FirstTick { get; init; } = TimeSpan.FromMilliseconds(1100);

    public TimeSpan TickPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The tick on which the open AP is started when no SSID is configured (or in safe mode).</summary>
    public int ApStartTick { get; init; } = 5;

    /// <summary>The Wi-Fi manager's AP lines follow the tick that asked for the AP by this much.</summary>
    public TimeSpan ApStartLatency { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Hardware watchdog period (bl_wdt_init(3000)), armed in Main_Init_After_Delay, fed every tick.</summary>
    public TimeSpan Watchdog { get; init; } = TimeSpan.FromSeconds(3);

    public static OpenBl602Timeline Default { get; } = new();

    /// <summary>The modelled time of tick <paramref name="n"/> (1-based).</summary>
    public TimeSpan Tick(int n) => FirstTick + (TickPeriod * (n - 1));
}
