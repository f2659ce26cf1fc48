namespace Fixture.Simulator.Firmware;

/// <summary>
/// blsp_boot2 when it finds nothing to boot: it halts in a loop printing "BLSP boot2 fail" every
/// 500 ms on UART0 at 2 000 000 baud, unless eFuse sw_cfg0 bit 1 (uart_log_disable) silences its
/// log, in which case the unit is simply quiet.
/// </summary>
internal sealed class Boot2FailLoop
{
    public const int Boot2ConsoleBaud = 2_000_000;
    public const uint UartLogDisableBit = 1u << 1;
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan FirstMessage = TimeSpan.FromMilliseconds(30);

    private readonly IFirmwareChip _chip;
    private readonly FirmwareScheduler _scheduler;

    public Boot2FailLoop(IFirmwareChip chip, FirmwareScheduler scheduler)
    {
        _chip = chip;
        _scheduler = scheduler;
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
        _chip.ConsoleWrite("BLSP boot2 fail\r\n"u8);
        _scheduler.After(Period, Print);
    }
}
