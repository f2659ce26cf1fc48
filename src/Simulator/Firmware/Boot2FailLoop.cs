namespace Fixture.Simulator.Firmware;

/// <summary>
/// blsp_boot2 when it finds nothing to boot: it halts in a loop printing "BLSP boot2 fail" every 500 ms
/// (no valid partition table: BLSP_Boot2_On_Error prints "No valid PT" instead) on UART0 at 2 000 000
/// baud, unless eFuse sw_cfg0 bit 1 (uart_log_disable, bflb_platform_print_set) silences its log, in
/// which case the unit is simply quiet. The error lines boot2 prints once before the loop (hash error,
/// rollback, "Media boot return") are not modelled.
/// </summary>
internal sealed class Boot2FailLoop
{
    public const int Boot2ConsoleBaud = 2_000_000;
    public const uint UartLogDisableBit = 1u << 1;
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan FirstMessage = TimeSpan.FromMilliseconds(30);
    public const string Boot2FailMessage = "BLSP boot2 fail\r\n";
    public const string NoValidTableMessage = "No valid PT\r\n\r\n";

    private readonly IFirmwareChip _chip;
    private readonly FirmwareScheduler _scheduler;
    private readonly byte[] _message;

    public Boot2FailLoop(IFirmwareChip chip, FirmwareScheduler scheduler, string message = Boot2FailMessage)
    {
        _chip = chip;
        _scheduler = scheduler;
        _message = System.Text.Encoding.ASCII.GetBytes(message);
    }

    public void Start()
    {
        _chip.SetLoadCurrent(FirmwareLoad.Boot2);
        if ((_chip.Efuse.SoftwareConfig0 & UartLogDisableBit) != 0)
        {
            return;
        }

        _scheduler.At(FirstMessage, () =>
        {
            _chip.SetConsoleBaud(Boot2ConsoleBaud);
            Print();
        });
    }

    private void Print()
    {
        _chip.ConsoleWrite(_message);
        _scheduler.After(Period, Print);
    }
}
