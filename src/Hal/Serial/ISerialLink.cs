namespace Fixture.Hal.Serial;

/// <summary>
/// The UART between the fixture and one unit (a USB-UART adapter, or the simulated unit's line).
/// It carries the bootrom/loader download and, after reset, the firmware's boot log.
/// </summary>
/// <remarks>
/// Exactly one reader consumes <see cref="Stream"/> at a time (the protocol's byte channel).
/// The baud rate is changed on the open port with <see cref="SetBaudRate"/>: closing and reopening
/// can pulse DTR/RTS, which on a DTR/RTS bench resets the unit.
/// </remarks>
public interface ISerialLink : IDisposable
{
    /// <summary>Configured port name, e.g. "/dev/serial/by-id/usb-FTDI_..." or "sim:socket-1".</summary>
    string PortName { get; }

    /// <summary>What the adapter is, for the report (USB vendor/product/serial where known).</summary>
    string AdapterIdentity { get; }

    bool IsOpen { get; }

    int BaudRate { get; }

    /// <summary>The open port's byte stream; the same object for the whole time the port is open.</summary>
    Stream Stream { get; }

    /// <summary>Opens the port exclusively, 8N1, no flow control.</summary>
    void Open(int baudRate);

    /// <summary>Switches the open port to another rate without closing it.</summary>
    void SetBaudRate(int baudRate);

    /// <summary>Holds TX low (break) so an idle-high TX cannot back-power an unpowered unit.</summary>
    void SetBreak(bool holdTxLow);

    /// <summary>Drops whatever the driver has buffered on the receive side.</summary>
    void DiscardInput();

    void Close();
}
