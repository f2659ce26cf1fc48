using System.Device.I2c;
using System.Globalization;
using Iot.Device.Ft232H;

namespace Fixture.Hal.Drivers;

/// <summary>
/// The I2C buses a configuration can name ("i2c-1", "ft232h", "ft232h:SERIAL", "sim"), by scheme:
/// the part before the first '-' or ':'. Expanders and supply monitors get their I2cDevice here.
/// </summary>
public sealed class I2cBusRegistry
{
    private readonly Dictionary<string, Func<I2cRequest, StationDevices, I2cDevice>> _schemes = new(StringComparer.OrdinalIgnoreCase);

    public static I2cBusRegistry CreateWithHardwareBuses() =>
        new I2cBusRegistry()
            .Add("i2c", OpenLinuxBusDevice)
            .Add(Ft232HBoard.Scheme, (request, devices) => Ft232HBoard.Open(request.Argument, request.Key, devices).OpenI2cDevice(request));

    public IEnumerable<string> Schemes => _schemes.Keys.Order(StringComparer.Ordinal);

    public I2cBusRegistry Add(string scheme, Func<I2cRequest, StationDevices, I2cDevice> open)
    {
        _schemes[scheme] = open;
        return this;
    }

    public bool Knows(string bus) => _schemes.ContainsKey(SplitScheme(bus).Scheme);

    public I2cDevice Open(I2cRequest request, StationDevices devices) =>
        _schemes.TryGetValue(request.Scheme, out var open)
            ? open(request, devices)
            : throw new HardwareFaultException($"{request.Key}: unknown I2C bus '{request.Bus}'.");

    public static (string Scheme, string Argument) SplitScheme(string bus)
    {
        var at = bus.IndexOfAny(['-', ':']);
        return at < 0 ? (bus, "") : (bus[..at], bus[(at + 1)..]);
    }

    private static I2cDevice OpenLinuxBusDevice(I2cRequest request, StationDevices devices)
    {
        if (!int.TryParse(request.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out var busId))
        {
            throw new HardwareFaultException($"{request.Key}: '{request.Bus}' is not a Linux I2C bus; write it as \"i2c-1\".");
        }

        var node = $"/dev/i2c-{busId}";
        if (!File.Exists(node))
        {
            throw new HardwareFaultException(
                $"{request.Label} ({request.Key}): I2C bus {node} not found: enable I2C (Raspberry Pi: dtparam=i2c_arm=on), "
                + "load i2c-dev and check the bus number (ls /dev/i2c-*).");
        }

        try
        {
            return I2cDevice.Create(new I2cConnectionSettings(busId, request.Address));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            throw new HardwareFaultException(
                $"{request.Label} ({request.Key}): could not open {node} at 0x{request.Address:X2}: {ex.Message} "
                + "Check permissions (i2c group) and the wiring.", ex);
        }
    }
}

/// <summary>One I2C device to open: which bus, which address, and for whom (for messages).</summary>
/// <param name="SocketIndex">The socket it belongs to (supply monitors), or null for shared expanders.</param>
public sealed record I2cRequest(string Bus, int Address, string Key, string Label, int? SocketIndex = null)
{
    public string Scheme => I2cBusRegistry.SplitScheme(Bus).Scheme;

    public string Argument => I2cBusRegistry.SplitScheme(Bus).Argument;
}
