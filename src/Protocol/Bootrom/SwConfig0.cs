namespace Fixture.Protocol.Bootrom;

/// <summary>The eFuse sw_usage_0 word reported by get_boot_info, with the bit fields of §4.2.</summary>
/// <param name="Raw">The word as read.</param>
public readonly record struct SwConfig0(uint Raw)
{
    public bool BootromProtect => Bit(0);

    public bool UartLogDisable => Bit(1);

    public bool SdioPinInit => Bit(2);

    public bool CciCoexistDisable => Bit(3);

    public int XtalType => Field(4, 3);

    public int PllClock => Field(7, 3);

    public bool HclkDivide => Bit(10);

    public bool BclkDivide => Bit(11);

    public int FlashClockType => Field(12, 3);

    public bool FlashClockDivide => Bit(15);

    /// <summary>Flash pin select.</summary>
    public int FlashConfig => Field(16, 2);

    public int FlashPowerDelay => Field(18, 2);

    public bool TzBoot => Bit(20);

    public bool EncryptedTzBoot => Bit(21);

    public bool HbnCheckSign => Bit(22);

    public bool KeepDebugPortClosed => Bit(23);

    public bool MediaBootDisable => Bit(24);

    /// <summary>Set on a chip that refuses UART download altogether.</summary>
    public bool UartBootDisable => Bit(25);

    public bool SdioBootDisable => Bit(26);

    public bool HbnJumpDisable => Bit(27);

    public bool JtagSwitch => Bit(28);

    public bool JtagInit => Bit(29);

    public bool Qfn40 => Bit(30);

    public bool DebugLogReopen => Bit(31);

    public override string ToString() => $"0x{Raw:X8}";

    private bool Bit(int position) => ((Raw >> position) & 1) != 0;

    private int Field(int position, int width) => (int)((Raw >> position) & ((1u << width) - 1));
}
