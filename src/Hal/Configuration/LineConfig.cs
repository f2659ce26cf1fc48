using System.Text.Json.Serialization;
using Fixture.Hal.Lines;

namespace Fixture.Hal.Configuration;

/// <summary>
/// Where one signal is wired: which driver, which chip/device on it, which line, and its polarity.
/// Which keys a driver needs is the driver's business (see docs/configuration.md).
/// </summary>
public sealed class LineConfig
{
    /// <summary>libgpiod, sysfs, ft232h, mcp23017, modem or simulated (or any registered driver).</summary>
    public string? Driver { get; init; }

    /// <summary>GPIO chip number (libgpiod: /dev/gpiochipN; simulated: the simulated chip).</summary>
    public int? Chip { get; init; }

    /// <summary>A device selector: the FT232H's serial number (empty: the first one found).</summary>
    public string? Device { get; init; }

    /// <summary>The I2C bus of an expander: "i2c-1" (Linux) or "ft232h" / "ft232h:SERIAL".</summary>
    public string? Bus { get; init; }

    /// <summary>The expander's I2C address, e.g. "0x20".</summary>
    [JsonConverter(typeof(HexIntegerJsonConverter))]
    public int? Address { get; init; }

    /// <summary>Line (pin) number on that chip or device.</summary>
    public int? Line { get; init; }

    /// <summary>Modem driver only: "dtr" or "rts" of the socket's own serial port.</summary>
    public string? Signal { get; init; }

    /// <summary>Mandatory: which pin level means "asserted".</summary>
    public LinePolarity? Polarity { get; init; }
}
