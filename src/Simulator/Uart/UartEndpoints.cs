namespace Fixture.Simulator.Uart;

/// <summary>The chip side of a UART: what the host's adapter delivers to the simulated unit.</summary>
public interface IUartDevice
{
    /// <summary>The adapter now wired to this chip's UART (null: unplugged). The last one attached wins.</summary>
    void ConnectHost(IUartHostEnd? host);

    /// <summary>Bytes that finished arriving on the chip's RX (GPIO7), sent by the host at <paramref name="hostBaud"/>.</summary>
    void ReceiveFromHost(ReadOnlySpan<byte> bytes, int hostBaud);

    /// <summary>The host's TX level changed: low (break held, or no open port) or idle-high (back-powering risk).</summary>
    void SetHostTxIdleHigh(bool idleHigh);

    /// <summary>Line noise on this unit's wiring (fault injection): corruption and drop rates per byte.</summary>
    (double CorruptionRate, double DropRate) LineNoise { get; }

    /// <summary>The seeded generator that decides which bytes the noise hits (deterministic per unit).</summary>
    Random LineNoiseRandom { get; }

    /// <summary>
    /// The line's noise hit one byte: <paramref name="sent"/> went toward the chip (or toward the host) and
    /// arrived as <paramref name="delivered"/>, or not at all (null: dropped). Called once per byte hit, so the
    /// unit can record every one as a fault event; the default records nothing.
    /// </summary>
    void LineNoiseHit(bool towardChip, byte sent, byte? delivered)
    {
    }
}

/// <summary>The host side of a UART: what the simulated chip's TX (GPIO16) drives.</summary>
public interface IUartHostEnd
{
    /// <summary>Queues bytes on the chip's TX at <paramref name="deviceBaud"/>, behind bytes still on the wire.</summary>
    void TransmitToHost(ReadOnlySpan<byte> bytes, int deviceBaud);
}

/// <summary>
/// Which unit pin a USB-UART modem line drives on a DTR/RTS bench. "Asserted" is the RS-232 sense:
/// most USB-UART chips then drive the pin low, and the board's transistors may invert it again.
/// </summary>
public enum ModemLineTarget
{
    None,

    /// <summary>Asserted = CHIP_EN low = chip held in reset; released = chip runs (the Dev Cube's RTS).</summary>
    ResetChip,

    /// <summary>Asserted = GPIO8 high = UART download; released = boot from flash (blflash's RTS through the board's transistor).</summary>
    BootHigh,

    /// <summary>Asserted = GPIO8 low = boot from flash; released = pulled up = UART download.</summary>
    BootLow,

    /// <summary>Asserted = power off; released = powered (Bouffalo's MP_TOOL_V3 DTR).</summary>
    PowerOff,
}

/// <summary>How a simulated adapter's DTR and RTS are wired to the unit (a DTR/RTS bench), or not at all.</summary>
public sealed record ModemLineWiring(ModemLineTarget Dtr = ModemLineTarget.None, ModemLineTarget Rts = ModemLineTarget.None)
{
    public static ModemLineWiring None { get; } = new();

    /// <summary>The Dev Cube's wiring: RTS → CHIP_EN, DTR → power (MP_TOOL_V3).</summary>
    public static ModemLineWiring DevCube { get; } = new(ModemLineTarget.PowerOff, ModemLineTarget.ResetChip);

    /// <summary>blflash's wiring: DTR → CHIP_EN (reset), RTS → BOOT.</summary>
    public static ModemLineWiring Blflash { get; } = new(ModemLineTarget.ResetChip, ModemLineTarget.BootHigh);
}
