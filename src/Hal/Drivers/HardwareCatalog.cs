using Fixture.Hal.Configuration;
using Fixture.Hal.Serial;

namespace Fixture.Hal.Drivers;

/// <summary>
/// Everything a station configuration can name, by name: line drivers, I2C buses and how a socket's
/// serial link is made. The real hardware is registered by <see cref="CreateForHardware"/>; the
/// simulator adds its "simulated" line driver, its "sim" I2C bus and its serial links the same way.
/// </summary>
public sealed class HardwareCatalog
{
    public HardwareCatalog(LineDriverRegistry lineDrivers, I2cBusRegistry i2cBuses, Func<SerialLinkRequest, ISerialLink> openSerialLink)
    {
        LineDrivers = lineDrivers;
        I2cBuses = i2cBuses;
        OpenSerialLink = openSerialLink;
    }

    public LineDriverRegistry LineDrivers { get; }

    public I2cBusRegistry I2cBuses { get; }

    /// <summary>Creates (does not open) the link of one socket.</summary>
    public Func<SerialLinkRequest, ISerialLink> OpenSerialLink { get; set; }

    public static HardwareCatalog CreateForHardware() =>
        new(LineDriverRegistry.CreateWithHardwareDrivers(),
            I2cBusRegistry.CreateWithHardwareBuses(),
            request => new SerialPortLink(request.Serial.Port!, request.Label));
}

/// <summary>What a serial-link factory is told about the socket it serves.</summary>
/// <param name="SocketIndex">0-based position in the configuration's socket list.</param>
/// <param name="Label">Operator-facing name, e.g. "socket 2".</param>
public sealed record SerialLinkRequest(int SocketIndex, string Label, SerialConfig Serial);
