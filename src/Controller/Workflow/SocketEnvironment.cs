using Fixture.Hal.Lines;
using Fixture.Hal.Serial;
using Fixture.Hal.Supply;
using Fixture.Protocol.Wire;

namespace Fixture.Controller.Workflow;

/// <summary>
/// One socket's hardware as its workflow uses it, all on the socket's own clock: the three lines and
/// their sequences, the serial port (kept open between units, TX held low by a break while no unit is
/// powered), the optional supply monitor, lamps and the station's interlock inputs.
/// </summary>
internal sealed class SocketEnvironment : IDisposable
{
    private ByteChannel? _channel;
    private Protocol.Baud.AdapterLimit? _adapterLimit;
    private bool _adapterLimitKnown;

    public SocketEnvironment(
        int number,
        string label,
        SocketLines lines,
        ISocketSequences sequences,
        ISerialLink link,
        ISupplyMonitor? monitor,
        SupplyThresholds? thresholds,
        Lamps lamps,
        IInputLine? guard,
        IInputLine? esd,
        Hal.Configuration.SerialConfig serial,
        TimeProvider time,
        SocketWiring wiring = SocketWiring.Relays)
    {
        Wiring = wiring;
        Number = number;
        Serial = serial;
        Label = label;
        Lines = lines;
        Sequences = sequences;
        Link = link;
        Monitor = monitor;
        Thresholds = thresholds;
        Lamps = lamps;
        Guard = guard;
        Esd = esd;
        Time = time;
    }

    /// <summary>
    /// A socket of opened station hardware, on <paramref name="time"/> (the socket's loop's clock); every
    /// switching of its lines is counted in <paramref name="relays"/> when given (the wear counters). A
    /// <paramref name="hostSequences"/> works the lines as another host does (<see cref="HostProfile.Sequences"/>).
    /// </summary>
    public static SocketEnvironment Open(
        Hal.Drivers.SocketHardware hardware,
        StationPanel panel,
        SocketTimings timings,
        TimeProvider time,
        Upkeep.RelayOperations? relays = null,
        Func<HostSocket, ISocketSequences>? hostSequences = null)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(panel);
        var lines = relays?.Wrap(hardware.Lines) ?? hardware.Lines;

        // Relays and modem lines: the sequences again over the counted lines, on the socket's clock. Manual and none
        // drive nothing, so the hardware's own sequences serve (the operator's prompt, or nothing at all).
        ISocketSequences sequences = hardware.Wiring.DrivesStraps()
            ? new SocketSequences(lines, timings, time, hardware.Link, hardware.SupplyMonitor, hardware.Thresholds)
            : hardware.Sequences;
        sequences = hostSequences?.Invoke(new HostSocket(lines, sequences, hardware.Link, time)) ?? sequences;
        return new SocketEnvironment(
            hardware.Number, hardware.Label, lines, sequences, hardware.Link, hardware.SupplyMonitor,
            hardware.Thresholds, hardware.Lamps, panel.Guard, panel.Esd, hardware.Config.Serial!, time, hardware.Wiring);
    }

    public int Number { get; }

    public string Label { get; }

    public SocketLines Lines { get; }

    /// <summary>What the workflow asks of the socket's wiring (relays, the operator, or nothing).</summary>
    public ISocketSequences Sequences { get; }

    /// <summary>How POWER, BOOT and CHIP_EN are worked: relays, BOOT/CHIP_EN only, the operator, or nothing (issue 14 §1).</summary>
    public SocketWiring Wiring { get; }

    /// <summary>
    /// The firmware is started with loader command 0x33 (flash_boot) rather than by BOOT released and CHIP_EN pulsed:
    /// where nobody (none) or only the operator (manual) could do that.
    /// </summary>
    public bool BootsWithLoader => !Wiring.DrivesStraps();

    /// <summary>Set once this socket's adapter was found unable to read the firmware's console (said once, as a FIXTURE_FAULT).</summary>
    public string? ConsoleUnreadable { get; set; }

    public ISerialLink Link { get; }

    public ISupplyMonitor? Monitor { get; }

    public SupplyThresholds? Thresholds { get; }

    public Lamps Lamps { get; }

    public IInputLine? Guard { get; }

    public IInputLine? Esd { get; }

    public TimeProvider Time { get; }

    /// <summary>The socket's serial settings (bauds the adapter supports).</summary>
    public Hal.Configuration.SerialConfig Serial { get; }

    /// <summary>
    /// The documented rate limit of the USB-UART behind the port (from its USB ids in sysfs), or null when the part is
    /// unknown or the port is no USB adapter; looked up once. It caps the first loader rate tried.
    /// </summary>
    public Protocol.Baud.AdapterLimit? AdapterLimit
    {
        get
        {
            if (!_adapterLimitKnown)
            {
                _adapterLimitKnown = true;
                try
                {
                    var usb = UsbAdapterIdentity.Lookup(Link.PortName);
                    _adapterLimit = Protocol.Baud.AdapterLimits.Find(usb.VendorId, usb.ProductId, usb.Product);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    _adapterLimit = null; // no USB facts to go by: the step-down finds the rate
                }
            }

            return _adapterLimit;
        }
    }

    /// <summary>
    /// Whether the adapter can receive at <paramref name="baud"/>, as far as is known: the link's own limit
    /// (<see cref="IAdapterReceiveLimit"/>, the simulated adapters), and the documented rates of the USB part
    /// (<see cref="AdapterLimit"/>; the original CP2102's fixed table stops at 921 600). Unknown: true.
    /// </summary>
    public bool CanReceive(int baud)
    {
        if (Link is IAdapterReceiveLimit { MaximumReceiveBaud: { } maximum } && baud > maximum)
        {
            return false;
        }

        return AdapterLimit is not { } limit || limit.CanProduce(baud);
    }

    /// <summary>
    /// The port's one reader, opened at <paramref name="baud"/> the first time (then kept: reopening can
    /// pulse DTR/RTS) with TX held low at once so the adapter cannot back-power an unpowered unit.
    /// </summary>
    public ByteChannel OpenChannel(int baud)
    {
        if (_channel is not null && Link.IsOpen)
        {
            if (Link.BaudRate != baud)
            {
                Link.SetBaudRate(baud);
            }

            return _channel;
        }

        _channel?.Dispose();
        _channel = null;
        if (Link.IsOpen)
        {
            Link.Close();
        }

        Link.Open(baud);
        Link.SetBreak(true);
        _channel = new ByteChannel(Link.Stream, Time, $"{Label} ({Link.PortName})");
        return _channel;
    }

    /// <summary>After a link failure: the next unit opens the port afresh.</summary>
    public void DropChannel()
    {
        _channel?.Dispose();
        _channel = null;
        try
        {
            Link.Close();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or Hal.HardwareFaultException or UnauthorizedAccessException)
        {
            // The port is already gone; the next open says what is wrong.
        }
    }

    public void Dispose() => DropChannel();
}
