namespace Fixture.Simulator.Firmware;

/// <summary>
/// Stock TG7100C firmware (AliOS Things "Living SDK", smart_outlet app) as openbl602-boot.md §7
/// quotes it: "Starting tg7100c now....", "-Welcome to AliOS Things-", the AOS CLI coming up and the
/// Firmware info block, at the firmware's compiled-in console rate (2 000 000 or 921 600 depending on
/// the SDK version). It ignores the OpenBL602 factory parameters and PSM: it keeps its own data.
/// </summary>
internal sealed class StockTg7100cFirmware
{
    public const int DefaultConsoleBaud = 2_000_000;

    private readonly IFirmwareChip _chip;
    private readonly FirmwareScheduler _scheduler;
    private readonly FirmwareConsole _console;
    private readonly int _baud;
    private readonly TimeSpan? _crashAfter;
    private bool _hung;

    public StockTg7100cFirmware(IFirmwareChip chip, FirmwareScheduler scheduler, int baud, TimeSpan? crashAfter)
    {
        _chip = chip;
        _scheduler = scheduler;
        _console = new FirmwareConsole(chip, scheduler);
        _baud = baud;
        _crashAfter = crashAfter;
    }

    public void Start()
    {
        _chip.SetLoadCurrent(FirmwareLoad.Boot2);
        Step(TimeSpan.FromMilliseconds(70), () =>
        {
            _chip.SetLoadCurrent(FirmwareLoad.FirmwareIdle);
            _console.SetBaud(_baud);
            _console.Print("Starting tg7100c now....\r\n");
            _console.Print("start-----------hal\r\n");
        });
        Step(TimeSpan.FromMilliseconds(260), () =>
        {
            _console.Print("-Welcome to AliOS Things-\r\n");
            _console.Print("\r\n");
            _console.Print("AliOS Things CLI: type 'help' for the command list\r\n");
            _console.Print("# \r\n");
        });
        Step(TimeSpan.FromMilliseconds(420), () =>
        {
            _console.Print(
                "\r\n--------Firmware info--------" +
                "\r\napp: smart_outlet,  board: tg7100cevb" +
                "\r\nHost: living-build" +
                "\r\nBranch: rel_1.6.6" +
                "\r\nHash: 5fb2be4" +
                "\r\nDate: Mar  3 2021 14:22:05" +
                "\r\nKernel: AOS-R-3.0.0" +
                "\r\nLinkKit: 1.6.6" +
                "\r\nAPP: smart_outlet-1.0.2" +
                "\r\nRegion env: MAINLAND\r\n\r\n");
        });
        Step(TimeSpan.FromMilliseconds(900), () =>
        {
            // Unprovisioned outlet: AWSS (Alibaba's Wi-Fi setup) waits for the phone app.
            _chip.SetLoadCurrent(FirmwareLoad.StationConnecting);
            _console.Print("[awss] awss_start: wait for provisioning\r\n");
        });

        if (_crashAfter is { } crash)
        {
            _scheduler.At(crash, () =>
            {
                _hung = true;
                _scheduler.After(OpenBl602Timeline.Default.Watchdog, () => _chip.RequestReset("watchdog: stock firmware hung"));
            });
        }
    }

    private void Step(TimeSpan at, Action step) => _scheduler.At(at, () =>
    {
        if (!_hung)
        {
            step();
        }
    });
}
