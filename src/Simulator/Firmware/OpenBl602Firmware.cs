using System.Globalization;
using Fixture.Simulator.Firmware.Psm;
using Fixture.Simulator.Sdk;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Firmware;

/// <summary>
/// OpenBeken on BL602 from reset to its running once-a-second loop, as openbl602-boot.md §2–§4
/// describes it: the SDK banner at 2 000 000 baud, hal_board_cfg choosing the Wi-Fi MAC from the factory
/// parameters' wifi/mac mode and the eFuse (<see cref="WifiMacConfig"/>; no "factory" entry or a bad mode
/// character stops the firmware there), the console re-initialised at the factory parameters' baud, the
/// Wi-Fi init block ("[BL] Initi Wi-Fi with MAC …", "     hostname: OpenBL602_…") after "[APP] [EVT] INIT
/// DONE", OpenBeken's direct prints and threaded Info/Warn lines, the boot counter and config in PSM (a
/// stored config's MAC and names win over the SDK's), STA or AP mode, safe mode, boot complete, GPIO16
/// silence, crash and watchdog.
/// </summary>
internal sealed class OpenBl602Firmware
{
    public const int EarlyConsoleBaud = 2_000_000;
    public const string SdkVersion = "release_bl_iot_sdk_1.6.39-238-gf5ba0a7ee";

    private static readonly string[] Banner =
    [
        @"  ____               __  __       _       _           _     ",
        @" | __ )  ___  _   _ / _|/ _| __ _| | ___ | |    __ _ | |__  ",
        @" |  _ \ / _ \| | | | |_| |_ / _` | |/ _ \| |   / _` || '_ \ ",
        @" | |_) | (_) | |_| |  _|  _| (_| | | (_) | |__| (_| || |_) |",
        @" |____/ \___/ \__,_|_| |_|  \__,_|_|\___/|_____\__,_||_.__/ ",
    ];

    private readonly IFirmwareChip _chip;
    private readonly FirmwareScheduler _scheduler;
    private readonly FirmwareConsole _console;
    private readonly FlashBootOutcome _outcome;
    private readonly FlashBootOptions _options;
    private readonly OpenBl602Timeline _timeline;
    private readonly TimeSpan? _crashAfter;
    private readonly string _version;

    private PsmStore? _psm;
    private BootCounters _counters;
    private ObkConfig _config = new();
    private bool _safeMode;
    private bool _hung;
    private bool _bootCompleteSaved;
    private bool _apUp;
    private TimeSpan? _watchdogFed;
    private WifiMac? _wifiMac;

    public OpenBl602Firmware(IFirmwareChip chip, FirmwareScheduler scheduler, FlashBootOutcome outcome, FlashBootOptions options, TimeSpan? crashAfter)
    {
        _chip = chip;
        _scheduler = scheduler;
        _console = new FirmwareConsole(chip, scheduler);
        _outcome = outcome;
        _options = options;
        _timeline = options.Timeline;
        _crashAfter = crashAfter;
        _version = outcome.Identity?.Version ?? "unknown";
    }

    public void Start()
    {
        _chip.SetLoadCurrent(FirmwareLoad.Boot2);
        Step(_timeline.SdkBanner, SdkBanner);
        Step(_timeline.ConsoleReinit, ConsoleReinit);
        Step(_timeline.ProcMainEntry, ProcMainEntry);
        Step(_timeline.MainInit, MainInit);
        Step(_timeline.MainInit + _timeline.InitDelay, MainInitAfterDelay);
        Step(_timeline.Tick(1), () => Tick(1));
        if (_crashAfter is { } crash)
        {
            _scheduler.At(crash, Hang);
        }
    }

    private void Step(TimeSpan at, Action step) => _scheduler.At(at, () =>
    {
        if (!_hung)
        {
            step();
        }
    });

    private string Ms => ((long)(_scheduler.Now - _timeline.SdkBanner).TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private void SdkBanner()
    {
        _chip.SetLoadCurrent(FirmwareLoad.FirmwareIdle);
        _console.SetBaud(EarlyConsoleBaud);
        _console.Print("Starting bl602 now....\r\n");
        _console.Print("Booting BL602 Chip...\r\n");
        foreach (var line in Banner)
        {
            _console.Print(line + "\r\n");
        }

        _console.Print("\r\n");
        _console.Print("RISC-V Core Feature:RV32-ACFIMX\r\n");
        _console.Print($"Build Version: {SdkVersion}\r\n");
        _console.Print("Build Date: Aug 14 2025\r\n");
        _console.Print("Build Time: 09:41:27\r\n");
        _console.Print("------------------------------------------------------------\r\n");
        if (!BoardConfig())
        {
            return;
        }

        _console.Print("[OS] Starting aos_loop_proc task...\r\n");
        _console.Print("[OS] Starting OS Scheduler...\r\n");
    }

    /// <summary>
    /// hal_board_cfg: the "factory" partition's tree gives the Wi-Fi MAC. Without that entry the SDK loops
    /// forever ("NO valid Param Parition found"); a mode character other than M, B, F asserts. Either way
    /// nothing else runs and the watchdog is not armed yet: the unit goes quiet after the banner.
    /// </summary>
    private bool BoardConfig()
    {
        var factory = _outcome.Factory;
        if (factory is null || factory.EntryMissing)
        {
            _hung = true;
            _console.Halt();
            return false;
        }

        var rfPara = ReadRfParaRecord();
        _wifiMac = WifiMacConfig.Choose(factory.MacNode, _chip.Efuse.Raw.Span, rfPara, rfPara is not null);
        if (_wifiMac.Asserts)
        {
            _hung = true;
            _console.Halt();
            return false;
        }

        return true;
    }

    /// <summary>mfg_media_init → mfg_flash_init: rf_para_on_flash only when the firmware calls it and the active table names an "rf_para" entry.</summary>
    private byte[]? ReadRfParaRecord()
    {
        if (!_chip.Identity.MfgMediaInitialised || _outcome.Table?.ByName(FactoryMac.RfParaPartitionName) is not { } entry
            || entry.Address0 + (long)FactoryMac.RfParaRecordSize > _chip.Flash.Size)
        {
            return null;
        }

        var record = new byte[FactoryMac.RfParaRecordSize];
        _chip.Flash.Read(entry.Address0, record);
        return record;
    }

    private void ConsoleReinit()
    {
        // vfs_uart_init: UART `id` at the flashed factory parameters' baud and pins; without a usable
        // uart@4000A000 node the console keeps the early rate. A tx pin other than 16 takes the log off GPIO16.
        if (_outcome.Factory?.ConsoleUart is { Id: 0 } uart)
        {
            _console.SetBaud(uart.Baud);
            if (uart.TxPin is { } tx && tx != 16)
            {
                _console.Silence();
            }
        }

        _console.Print("[OS] Starting proc_mian_entry task...\r\n");
        _console.Print("[OS] Starting TCP/IP Stack...\r\n");
    }

    private void ProcMainEntry()
    {
        _console.Print($"Start Wi-Fi fw @{Ms}ms\r\n");
        _scheduler.After(TimeSpan.FromMilliseconds(30), () => Guarded(() => _console.Print($"Start Wi-Fi fw is Done @{Ms}ms\r\n")));
        _scheduler.After(TimeSpan.FromMilliseconds(40), () => Guarded(() =>
        {
            _console.Print($"[APP] [EVT] INIT DONE {Ms}\r\n");
            WifiInit(); // wifi_mgmr_start_background → bl606a0_wifi_init
        }));
        _scheduler.After(TimeSpan.FromMilliseconds(60), () => Guarded(() => _console.Print($"[APP] [EVT] MGMR DONE {Ms}, now {Ms}ms\r\n")));
    }

    /// <summary>bl606a0_wifi_init (wifi.c): the MAC hal_board_cfg set, the hostname from its bytes 2..5, a dashed line.</summary>
    private void WifiInit()
    {
        var mac = _wifiMac?.Mac ?? new byte[6];
        var shown = _chip.Identity.MacLine == WifiMacLine.Masked
            ? string.Create(CultureInfo.InvariantCulture, $"{mac[0]:X2}:{mac[1]:X2}:{mac[2]:X2}:*****")
            : string.Join(':', mac.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
        _console.Print($"\r\n\r\n[BL] Initi Wi-Fi with MAC #### {shown} ####\r\n");
        _console.Print(string.Create(CultureInfo.InvariantCulture, $"     hostname: OpenBL602_{mac[2]:x2}{mac[3]:x2}{mac[4]:x2}{mac[5]:x2}\r\n"));
        _console.Print("-----------------------------------------------------\r\n");
    }

    private void Guarded(Action action)
    {
        if (!_hung)
        {
            action();
        }
    }

    private void MainInit()
    {
        _console.Print($"{ObkConfig.DeviceNamePrefixFull}, version {_version}\r\n");

        // Main_Init_Before_Delay: the first log call runs initLog(), which prints directly.
        _console.Print("Entering initLog()...\r\n");
        _console.Print("Commands registered!\r\n");
        _console.Print("initLog() done!\r\n");
        _console.Log("Info:MAIN:Main_Init_Before_Delay");
        _console.Print("\rMain_Init_Before_Delay\r\n");

        OpenPsm();
        _counters = _counters with { BootCount = _counters.BootCount + 1 };
        _psm?.Set(PsmStore.BootCountersKey, _counters.ToBytes());
        if (_counters.Failures > BootCounters.RestartsRequiredForSafeMode)
        {
            _safeMode = true;
            _console.Log($"Info:MAIN:###### safe mode activated - boot failures {_counters.Failures}");
        }

        LoadConfig();
        if (!_safeMode)
        {
            // Main_Init_BeforeDelay_Unsafe: pins first; a role on GPIO16 takes the pad from UART0 TX.
            if (_config.HasRoleOnConsoleTx)
            {
                _console.Silence();
            }

            _console.Log("Info:GEN:PIN_SetupPins pins have been set up.");
        }

        _console.Log("Info:MAIN:Main_Init_Before_Delay done");
        _console.Print("\rMain_Init_Before_Delay done\r\n");
        _console.Log("Info:MAIN:Main_Init_Delay");
        _console.Print("\rMain_Init_Delay\r\n");
    }

    private void OpenPsm()
    {
        if (_outcome.Psm is { } entry)
        {
            _psm = PsmStore.Open(_chip.Flash, entry.ActiveAddress, entry.ActiveMaxLen);
            _counters = BootCounters.Parse(_psm.Get(PsmStore.BootCountersKey));
        }
    }

    private void LoadConfig()
    {
        var stored = _psm?.Get(PsmStore.ConfigKey) is { } bytes ? ObkConfig.TryParse(bytes) : null;
        if (stored is null)
        {
            _console.Log("Warn:CFG:CFG_InitAndLoad: Config crc or ident mismatch. Default config will be loaded.");
            _console.Log("Info:CFG:CFG_SetDefaultLEDCorrectionTable: setting defaults");
            // WiFI_GetMacAddress → the STA MAC the SDK set in hal_board_cfg.
            var mac = _wifiMac?.Mac ?? new byte[6];

            // CFG_Save_IfThereArePendingChanges bumps the change counter to 1 and saves.
            _config = ObkConfig.CreateDefault(mac) with { ChangeCounter = 1 };
            _psm?.Set(PsmStore.ConfigKey, _config.ToBytes());
        }
        else
        {
            _config = stored;
            _console.Log($"Warn:CFG:CFG_InitAndLoad: Correct config has been loaded with {stored.ChangeCounter} changes count.");
        }
    }

    private void MainInitAfterDelay()
    {
        _console.Log("Info:MAIN:Main_Init_Delay done");
        _console.Print("\rMain_Init_Delay done\r\n");
        _console.Log("Info:MAIN:Main_Init_After_Delay");
        if (_safeMode)
        {
            _console.Log($"Info:MAIN:###### safe mode activated - boot failures {_counters.Failures}");
        }

        _console.Log($"Info:MAIN:Using SSID [{_config.WifiSsid}]");
        _console.Log($"Info:MAIN:Using Pass [{_config.WifiPass}]");
        if (!_safeMode)
        {
            RegisterMqttCallbacks();
            if (_config.WifiSsid.Length > 0)
            {
                ConnectToStation();
            }
        }

        _console.Log("Info:MAIN:Main_Init_After_Delay done");
        _watchdogFed = _scheduler.Now;
    }

    private void RegisterMqttCallbacks()
    {
        var client = _config.MqttClientId;
        var group = _config.MqttGroup;
        string[][] topics =
        [
            [$"{client}/", $"{client}/+/set"],
            [$"{group}/", $"{group}/+/set"],
            [$"cmnd/{client}/", $"cmnd/{client}/+"],
            [$"cmnd/{group}/", $"cmnd/{group}/+"],
            [$"{client}/", $"{client}/+/get"],
            ["homeassistant/", "homeassistant/+"],
        ];
        foreach (var pair in topics)
        {
            _console.Log($"Info:MQTT:MQTT_RegisterCallback called for bT {pair[0]} subT {pair[1]}");
        }
    }

    private void ConnectToStation()
    {
        _console.Log("Info:MAIN:Registered for wifi changes");
        _console.Log($"Info:MAIN:Connecting to SSID [{_config.WifiSsid}]");
        _chip.SetLoadCurrent(FirmwareLoad.StationConnecting);
        _scheduler.After(TimeSpan.FromMilliseconds(10), () => Guarded(() =>
        {
            _console.Print($"[APP] [EVT] Connecting {Ms}\r\n");
            _console.Log("Info:MAIN:Main_OnWiFiStatusChange - WIFI_STA_CONNECTING - 1");
        }));
    }

    private void Tick(int n)
    {
        _watchdogFed = _scheduler.Now;
        var free = _apUp ? 98_432 : 108_768;
        _console.Log($"Info:MAIN:{(_safeMode ? "[SAFE] " : string.Empty)}Time {n}, idle 0/s, free {free}, MQTT 0(0), bWifi 0, secondsWithNoPing -1, socks 2/21 ");

        if (n == _timeline.ApStartTick && (_safeMode || _config.WifiSsid.Length == 0))
        {
            _scheduler.After(_timeline.ApStartLatency, () => Guarded(StartAccessPoint));
        }

        if (!_bootCompleteSaved && n > _config.BootOkSeconds)
        {
            _bootCompleteSaved = true;
            _console.Log($"Info:MAIN:Boot complete time reached ({_config.BootOkSeconds} seconds)");
            _chip.MarkBootComplete();
            _counters = _counters with { BootSuccessCount = _counters.BootCount };
            _psm?.Set(PsmStore.BootCountersKey, _counters.ToBytes());
        }

        Step(_timeline.Tick(n + 1), () => Tick(n + 1));
    }

    private void StartAccessPoint()
    {
        _apUp = true;
        _chip.SetLoadCurrent(FirmwareLoad.AccessPointUp);
        _console.Print("[DHCP] ip_start: [192.168.169.2]\r\n");
        _console.Print("[DHCP] ip_start: [192.168.169.254]\r\n");
        _console.Print($"[WF][SM] start AP with ssid {_config.LongDeviceName};\r\n");
        _console.Print("[WF][SM]               pwd  ;\r\n");
        _console.Print("[WF][SM]               channel  1;\r\n");
    }

    private void Hang()
    {
        if (_hung)
        {
            return;
        }

        // A hard fault stops every task (the log task too); the watchdog, fed on each tick once
        // armed, resets the chip one period after its last feed.
        _hung = true;
        _console.Halt();
        var resetAt = (_watchdogFed ?? _scheduler.Now) + _timeline.Watchdog;
        _scheduler.At(resetAt, () => _chip.RequestReset("watchdog: firmware hung"));
    }
}
