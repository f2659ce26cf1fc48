namespace Fixture.Protocol.BootLog;

/// <summary>The lines the analyzer recognises (openbl602-boot.md §2, §3, §7; boot2's own messages).</summary>
public enum BootMarkerKind
{
    /// <summary>boot2: `BLSP boot2 fail`, printed every 500 ms when no image can be booted.</summary>
    Boot2Fail,

    /// <summary>boot2: `No valid PT`, printed every 500 ms when neither partition-table copy is valid (BLSP_Boot2_On_Error).</summary>
    Boot2NoPartitionTable,

    /// <summary>boot2: `Media boot return N`, printed once before the fail loop.</summary>
    Boot2MediaReturn,

    /// <summary>SDK: `Starting bl602 now....`, the first line after reset.</summary>
    SdkStart,

    /// <summary>SDK: `Booting BL602 Chip...`.</summary>
    ChipBanner,

    /// <summary>SDK: `Build Version: ...` (the SDK's, not the firmware's).</summary>
    SdkBuildVersion,

    /// <summary>OpenBeken: `OpenBL602, version X`, its first output.</summary>
    VersionLine,

    /// <summary>OpenBeken: `Config crc or ident mismatch. Default config will be loaded.` — a first boot.</summary>
    DefaultConfigWritten,

    /// <summary>OpenBeken: `Correct config has been loaded with N changes count.` — not a first boot.</summary>
    StoredConfigLoaded,

    /// <summary>OpenBeken: `PIN_SetupPins pins have been set up.`</summary>
    PinsSetUp,

    /// <summary>OpenBeken: `Using SSID [..]` (empty brackets on a clean unit).</summary>
    UsingSsid,

    /// <summary>OpenBeken: `Connecting to SSID [..]` — station mode.</summary>
    ConnectingToSsid,

    /// <summary>Station-mode activity: `WIFI_STA_CONNECTING`, `[APP] [EVT] Connecting`, `[APP] [EVT] GOT IP`.</summary>
    StationActivity,

    /// <summary>OpenBeken: the once-a-second `Time N, idle ...` line.</summary>
    TimeTick,

    /// <summary>OpenBeken: `[SAFE]` prefix or `safe mode activated`.</summary>
    SafeMode,

    /// <summary>SDK wifi.c: `[BL] Initi Wi-Fi with MAC #### 70:3E:97:1E:96:66 ####` (some builds mask the last three bytes: `70:3E:97:*****`).</summary>
    WifiInitMac,

    /// <summary>SDK wifi.c, after the Wi-Fi start line: `hostname: OpenBL602_971e9666` (the MAC's bytes 2..5, lower case).</summary>
    Hostname,

    /// <summary>SDK Wi-Fi manager: `[WF][SM] start AP with ssid X;`.</summary>
    ApStart,

    /// <summary>SDK DHCP server: `[DHCP] ip_start: [...]`, printed when the AP comes up.</summary>
    DhcpServerStart,

    /// <summary>OpenBeken: `Boot complete time reached (N seconds)`.</summary>
    BootComplete,

    /// <summary>Stock TG7100C: `Starting tg7100c now....`.</summary>
    StockBanner,

    /// <summary>Stock TG7100C: `-Welcome to AliOS Things-`.</summary>
    AliosWelcome,

    /// <summary>Stock TG7100C: `--------Firmware info--------`.</summary>
    StockFirmwareInfo,

    /// <summary>Stock TG7100C: `app: smart_outlet,  board: tg7100cevb` (any app/board, any spacing).</summary>
    StockAppBoard,
}
