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
        SocketSequences sequences,
        ISerialLink link,
        ISupplyMonitor? monitor,
        SupplyThresholds? thresholds,
        Lamps lamps,
        IInputLine? guard,
        IInputLine? esd,
        Hal.Configuration.SerialConfig serial,
        TimeProvider time)
    {
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
    /// switching of its lines is counted in <paramref name="relays"/> when given (the wear counters).
    /// </summary>
    public static SocketEnvironment Open(Hal.Drivers.SocketHardware hardware, StationPanel panel, SocketTimings timings, TimeProvider time, Upkeep.RelayOperations? relays = null)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(panel);
        var lines = relays?.Wrap(hardware.Lines) ?? hardware.Lines;
        var sequences = new SocketSequences(lines, timings, time, hardware.Link, hardware.SupplyMonitor, hardware.Thresholds);
        return new SocketEnvironment(
            hardware.Number, hardware.Label, lines, sequences, hardware.Link, hardware.SupplyMonitor,
            hardware.Thresholds, hardware.Lamps, panel.Guard, panel.Esd, hardware.Config.Serial!, time);
    }

    public int Number { get; }

    public string Label { get; }

    public SocketLines Lines { get; }

    public SocketSequences Sequences { get; }

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
