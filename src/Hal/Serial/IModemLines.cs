namespace Fixture.Hal.Serial;

/// <summary>
/// The DTR and RTS outputs of a serial adapter, which cheap benches wire to CHIP_EN and BOOT.
/// True means the line is asserted in the RS-232 sense; most USB-UART chips then drive the pin
/// <em>low</em>, so the mapping to "unit held in reset" is a polarity in the station config.
/// </summary>
public interface IModemLines
{
    bool DataTerminalReady { get; set; }

    bool RequestToSend { get; set; }
}
