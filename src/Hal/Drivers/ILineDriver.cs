using System.Device.Gpio;
using Fixture.Hal.Configuration;
using Fixture.Hal.Serial;

namespace Fixture.Hal.Drivers;

/// <summary>
/// One kind of GPIO hardware a station line can be wired to (libgpiod, FT232H, MCP23017, a serial
/// port's modem lines, the simulator...). Drivers are looked up by name in a
/// <see cref="LineDriverRegistry"/>, so the simulator can add its own without Hal knowing it.
/// </summary>
public interface ILineDriver
{
    /// <summary>The name used in the configuration's "driver" key.</summary>
    string Name { get; }

    /// <summary>Checks the keys this driver needs (chip, bus, line range...). Touches no hardware.</summary>
    void Validate(LineConfig line, LineSite site, ICollection<ConfigurationProblem> problems);

    /// <summary>
    /// The physical device the line is on, e.g. "libgpiod chip 0" or "mcp23017 i2c-1 0x20". Lines
    /// with the same device key share one <see cref="GpioController"/>; the same device key and pin is a pin used twice.
    /// </summary>
    string DeviceKey(LineConfig line, LineSite site);

    /// <summary>The pin number on that device.</summary>
    int PinNumber(LineConfig line);

    /// <summary>Opens (or returns the already-open) controller for the line's device.</summary>
    GpioController OpenController(LineConfig line, LineSite site, StationDevices devices);
}

/// <summary>Where a line sits in the station: its JSON key, and its socket's serial port if it has one.</summary>
/// <param name="Key">JSON key for messages, e.g. "sockets[0].lines.power".</param>
/// <param name="Label">Operator-facing name, e.g. "socket 1 POWER".</param>
/// <param name="SocketPort">The socket's configured serial port (modem-line driver), or null on the panel.</param>
/// <param name="ModemLines">The open link's DTR/RTS, when the station is being opened.</param>
public sealed record LineSite(string Key, string Label, string? SocketPort = null, IModemLines? ModemLines = null, bool ModemLinesInverted = true);
