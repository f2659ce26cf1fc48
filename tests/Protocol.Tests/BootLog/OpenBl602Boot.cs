using Fixture.Protocol.BootLog;
using Fixture.Protocol.Identity;

namespace Fixture.Protocol.Tests.BootLog;

/// <summary>How one simulated OpenBL602 boot goes (defaults: a fresh flash of the worked example).</summary>
public enum WifiStartLine
{
    None,
    Full,
    Masked,
}

internal sealed record OpenBl602Boot
{
    public static readonly MacAddress WorkedExampleMac = MacAddress.Parse("70-3E-97-1E-96-66");

    public MacAddress Mac { get; init; } = WorkedExampleMac;

    /// <summary>The SDK's Wi-Fi start line and hostname line (wifi.c): not printed, all six bytes, or the last three masked.</summary>
    public WifiStartLine WifiStart { get; init; } = WifiStartLine.None;

    /// <summary>The MAC the Wi-Fi start and hostname lines show; null: <see cref="Mac"/>.</summary>
    public MacAddress? WifiStartMac { get; init; }

    public string Version { get; init; } = "1.17.366";

    /// <summary>False: the capture starts after the SDK banner and the version line.</summary>
    public bool Banner { get; init; } = true;

    /// <summary>N: `Correct config has been loaded with N changes count`; null: a first boot.</summary>
    public int? StoredConfigChanges { get; init; }

    /// <summary>A stored Wi-Fi network: station mode, no AP.</summary>
    public string? StationSsid { get; init; }

    /// <summary>Boot failures that put this boot into safe mode.</summary>
    public int? SafeModeFailures { get; init; }

    /// <summary>The SSID the AP opens with; null: derived from <see cref="Mac"/>.</summary>
    public string? ApSsid { get; init; }

    /// <summary>The tick after which the firmware crashes and the boot starts over; null: no crash.</summary>
    public int? CrashAfterTick { get; init; }

    /// <summary>How many times the crash repeats (the capture holds this many boots plus one).</summary>
    public int Crashes { get; init; } = 1;

    public bool BootCompleteLine { get; init; } = true;

    /// <summary>`Time N` lines printed (the capture ends a little after the last).</summary>
    public int Ticks { get; init; } = 8;

    public const double MainInitAt = 0.585;

    public static double TickAt(int tick) => MainInitAt + tick;

    public BootLogScript Script()
    {
        var script = new BootLogScript();
        var start = 0.0;
        for (var boot = 0; ; boot++)
        {
            var crashes = CrashAfterTick is not null && boot < Crashes;
            AddBoot(script, start, crashes ? CrashAfterTick : null);
            if (!crashes)
            {
                return script;
            }

            start += TickAt(CrashAfterTick!.Value) + 0.5;
        }
    }

    private void AddBoot(BootLogScript s, double t0, int? crashAfter)
    {
        var shortName = "obl" + OpenBl602Ssid.FromMac(Mac)[OpenBl602Ssid.Prefix.Length..];
        if (Banner)
        {
            s.Direct(t0, "Starting bl602 now....").Direct(t0 + 0.001, "Booting BL602 Chip...")
                .Direct(t0 + 0.002, "RISC-V Core Feature:RV32-ACFIMX")
                .Direct(t0 + 0.002, "Build Version: release_bl_iot_sdk_1.6.39-238-gf5ba0a7ee")
                .Direct(t0 + 0.003, "[OS] Starting aos_loop_proc task...").Direct(t0 + 0.003, "[OS] Starting OS Scheduler...")
                .Direct(t0 + 0.004, "[OS] Starting proc_mian_entry task...").Direct(t0 + 0.004, "[OS] Starting TCP/IP Stack...")
                .Direct(t0 + 0.050, "Start Wi-Fi fw @50ms");
            var wifiMac = WifiStartMac ?? Mac;
            if (WifiStart != WifiStartLine.None)
            {
                var shown = WifiStart == WifiStartLine.Masked ? wifiMac.ToString()[..9] + "*****" : wifiMac.ToString();
                s.Direct(t0 + 0.051, $"[BL] Initi Wi-Fi with MAC #### {shown} ####")
                    .Direct(t0 + 0.051, $"     hostname: OpenBL602_{wifiMac.LastFourHex.ToLowerInvariant()}")
                    .Direct(t0 + 0.051, "------------------------------------------------------------");
            }

            s.Direct(t0 + 0.075, "Start Wi-Fi fw is Done @75ms")
                .Direct(t0 + 0.080, "[APP] [EVT] INIT DONE 80").Direct(t0 + 0.085, "[APP] [EVT] MGMR DONE 85, now 85ms")
                .Direct(t0 + MainInitAt, $"OpenBL602, version {Version}")
                .Direct(t0 + MainInitAt, "Entering initLog()...").Direct(t0 + MainInitAt, "Commands registered!")
                .Direct(t0 + MainInitAt, "initLog() done!");
        }

        var t = t0 + MainInitAt + 0.0005;
        s.Direct(t, "\rMain_Init_Before_Delay").Threaded(t, "Info:MAIN:Main_Init_Before_Delay");
        if (StoredConfigChanges is { } changes)
        {
            s.Threaded(t, $"Warn:CFG:CFG_InitAndLoad: Correct config has been loaded with {changes} changes count.");
        }
        else
        {
            s.Threaded(t, "Warn:CFG:CFG_InitAndLoad: Config crc or ident mismatch. Default config will be loaded.")
                .Threaded(t, "Info:CFG:CFG_SetDefaultLEDCorrectionTable: setting defaults");
        }

        if (SafeModeFailures is { } failures)
        {
            s.Threaded(t, $"Info:MAIN:###### safe mode activated - boot failures {failures}");
        }
        else
        {
            s.Threaded(t, "Info:GEN:PIN_SetupPins pins have been set up.");
        }

        // The direct prints land while the log task is still draining this backlog, so they cut its lines.
        s.Threaded(t, "Info:MAIN:Main_Init_Before_Delay done").Direct(t + 0.010, "\rMain_Init_Before_Delay done")
            .Direct(t + 0.020, "\rMain_Init_Delay").Direct(t + 0.021, "\rMain_Init_Delay done")
            .Threaded(t + 0.021, "Info:MAIN:Main_Init_Delay").Threaded(t + 0.021, "Info:MAIN:Main_Init_Delay done")
            .Threaded(t + 0.022, "Info:MAIN:Main_Init_After_Delay")
            .Threaded(t + 0.022, $"Info:MAIN:Using SSID [{StationSsid}]").Threaded(t + 0.022, $"Info:MAIN:Using Pass [{(StationSsid is null ? "" : "hunter22")}]");
        if (StationSsid is not null)
        {
            s.Threaded(t + 0.023, "Info:MAIN:Registered for wifi changes")
                .Threaded(t + 0.023, $"Info:MAIN:Connecting to SSID [{StationSsid}]")
                .Direct(t + 0.024, "Main_OnWiFiStatusChange - WIFI_STA_CONNECTING - 1");
        }

        foreach (var (b, sub) in new[]
                 {
                     ($"{shortName}/", $"{shortName}/+/set"), ("bl602s/", "bl602s/+/set"), ($"cmnd/{shortName}/", $"cmnd/{shortName}/+"),
                     ("cmnd/bl602s/", "cmnd/bl602s/+"), ($"{shortName}/", $"{shortName}/+/get"), ("homeassistant/", "homeassistant/+"),
                 })
        {
            s.Threaded(t + 0.024, $"Info:MQTT:MQTT_RegisterCallback called for bT {b} subT {sub}");
        }

        s.Threaded(t + 0.024, "Info:MAIN:Main_Init_After_Delay done");

        var safe = SafeModeFailures is null ? string.Empty : "[SAFE] ";
        var apOpens = StationSsid is null || SafeModeFailures is not null;
        for (var tick = 1; tick <= Ticks; tick++)
        {
            var at = t0 + TickAt(tick);
            s.Threaded(at, $"Info:MAIN:{safe}Time {tick}, idle 0/s, free {(tick < 5 ? 108768 : 92416)}, MQTT 0(0), bWifi 0, secondsWithNoPing -1, socks 2/21 ");
            if (tick == 5 && apOpens)
            {
                s.Direct(at + 0.001, $"[WF][SM] start AP with ssid {ApSsid ?? OpenBl602Ssid.FromMac(Mac)};")
                    .Direct(at + 0.001, "[WF][SM]              pwd  ;").Direct(at + 0.001, "[WF][SM]              channel  1;")
                    .Direct(at + 0.020, "[DHCP] ip_start: [192.168.169.2]").Direct(at + 0.020, "[DHCP] ip_start: [192.168.169.254]");
            }

            if (tick == 6 && BootCompleteLine)
            {
                s.Threaded(at, "Info:MAIN:Boot complete time reached (5 seconds)");
            }

            if (tick == crashAfter)
            {
                s.Direct(at + 0.4, "Exception Entry--->>>").Direct(at + 0.4, "mcause 00000007, mepc 2301a3c6, mtval 00000000");
                return;
            }
        }
    }
}
