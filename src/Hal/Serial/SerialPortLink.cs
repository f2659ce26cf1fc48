using System.IO.Ports;

namespace Fixture.Hal.Serial;

/// <summary>
/// A socket's USB-UART through System.IO.Ports: opened exclusively, 8N1 without flow control, read
/// and written only through <see cref="Stream"/> (never DataReceived or ReadLine, which buffer behind
/// the protocol's back). The baud rate changes on the open port; DTR/RTS keep the levels last asked
/// for, applied before the port opens so the driver does not leave them at its default.
/// </summary>
public sealed class SerialPortLink : ISerialLink, IModemLines
{
    private readonly string _label;
    private SerialPort? _port;
    private PortLock? _lock;
    private SerialLinkStream? _stream;
    private bool _dtr;
    private bool _rts;

    /// <param name="portName">Configured name; by-id/by-path symlinks are kept as given and resolved for the identity.</param>
    /// <param name="label">Who uses the port, for messages ("socket 2").</param>
    /// <param name="sysfsRoot">Where sysfs is mounted (tests pass a fake tree).</param>
    public SerialPortLink(string portName, string label = "", string sysfsRoot = "/sys")
    {
        PortName = portName;
        _label = label.Length == 0 ? portName : $"{label} ({portName})";
        AdapterIdentity = SerialAdapterIdentity.Describe(portName, sysfsRoot);
    }

    public string PortName { get; }

    public string AdapterIdentity { get; }

    public bool IsOpen => _port?.IsOpen == true;

    public int BaudRate => _port?.BaudRate ?? 0;

    public Stream Stream => _stream ?? throw new InvalidOperationException($"Serial port of {_label} is not open.");

    public bool DataTerminalReady
    {
        get => _dtr;
        set => SetModemLine(value, rts: false);
    }

    public bool RequestToSend
    {
        get => _rts;
        set => SetModemLine(value, rts: true);
    }

    public void Open(int baudRate)
    {
        if (IsOpen)
        {
            throw new InvalidOperationException($"Serial port of {_label} is already open.");
        }

        CheckBaud(baudRate);
        if (!OperatingSystem.IsWindows() && !File.Exists(PortName))
        {
            throw new HardwareFaultException(
                $"Serial port {PortName} for {_label} not found: check the USB cable and that the name in the station configuration "
                + "is the adapter's stable name (ls -l /dev/serial/by-id /dev/serial/by-path).");
        }

        _lock = PortLock.Acquire(PortName, _label);
        var port = new SerialPort(PortName, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            // Set before Open so the driver applies our levels right after open (the kernel may still pulse them).
            DtrEnable = _dtr,
            RtsEnable = _rts,
        };
        try
        {
            port.Open();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            _lock.Dispose();
            _lock = null;
            throw OpenFailure(ex);
        }

        _port = port;
        _stream = new SerialLinkStream(port.BaseStream, _label);
    }

    public void SetBaudRate(int baudRate)
    {
        CheckBaud(baudRate);
        var port = RequireOpen();
        Guard(() => port.BaudRate = baudRate, $"could not switch to {baudRate} baud", "Check that the adapter supports this rate (CH340 and CP2102 top out below 2 000 000 on some chips).");
    }

    public void SetBreak(bool holdTxLow)
    {
        var port = RequireOpen();
        Guard(() => port.BreakState = holdTxLow, $"could not {(holdTxLow ? "hold TX low (break)" : "release the break")}", "Check the adapter; some pseudo-terminals and bridges cannot send a break.");
    }

    public void DiscardInput()
    {
        var port = RequireOpen();
        Guard(port.DiscardInBuffer, "could not discard its input", "Check the USB cable.");
    }

    public void Close()
    {
        _stream?.MarkClosing();
        try
        {
            _port?.Dispose();
        }
        catch (IOException)
        {
            // A port that vanished cannot be closed more than this.
        }

        _port = null;
        _stream = null;
        _lock?.Dispose();
        _lock = null;
    }

    public void Dispose() => Close();

    private static void CheckBaud(int baudRate)
    {
        if (baudRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(baudRate), baudRate, "A baud rate must be positive.");
        }
    }

    private void SetModemLine(bool asserted, bool rts)
    {
        var port = _port;
        if (port is { IsOpen: true })
        {
            Guard(
                () =>
                {
                    if (rts)
                    {
                        port.RtsEnable = asserted;
                    }
                    else
                    {
                        port.DtrEnable = asserted;
                    }
                },
                $"could not {(asserted ? "assert" : "release")} {(rts ? "RTS" : "DTR")}",
                "This adapter (or a pseudo-terminal) has no modem-control lines: wire BOOT/CHIP_EN to GPIO relays instead.");
        }

        if (rts)
        {
            _rts = asserted;
        }
        else
        {
            _dtr = asserted;
        }
    }

    private SerialPort RequireOpen() =>
        _port is { IsOpen: true } port ? port : throw new InvalidOperationException($"Serial port of {_label} is not open.");

    private void Guard(Action action, string what, string check)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or PlatformNotSupportedException)
        {
            var vanished = !OperatingSystem.IsWindows() && !File.Exists(PortName);
            throw new HardwareFaultException(
                vanished
                    ? $"Serial port {PortName} of {_label} vanished ({what}): check the USB cable and hub, then restart the station."
                    : $"Serial port {PortName} of {_label} {what}: {ex.Message} {check}",
                ex);
        }
    }

    private HardwareFaultException OpenFailure(Exception ex)
    {
        if (!OperatingSystem.IsWindows() && !File.Exists(PortName))
        {
            return new HardwareFaultException($"Serial port {PortName} for {_label} vanished while opening: check the USB cable and hub.", ex);
        }

        if (ex is UnauthorizedAccessException)
        {
            return PortLock.MayReadWrite(PortName)
                ? new HardwareFaultException($"Serial port {PortName} for {_label} is busy: another program holds it (another fixture, screen, minicom, ModemManager, a flasher). Close it and try again.", ex)
                : new HardwareFaultException($"Serial port {PortName} for {_label} may not be opened by this user: add the user to the dialout group (Linux) or check the port's permissions.", ex);
        }

        return new HardwareFaultException($"Serial port {PortName} for {_label} could not be opened: {ex.Message} Check the cable and the adapter's driver.", ex);
    }
}
