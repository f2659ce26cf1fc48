using System.Device.Gpio;
using Fixture.Hal.Configuration;
using Fixture.Hal.Serial;

namespace Fixture.Hal.Drivers;

/// <summary>
/// A socket's BOOT/CHIP_EN wired to its own USB-UART's DTR/RTS (the cheap retrofit bench):
/// "signal" = "dtr" or "rts". Polarity is the pin's level as on every other driver; the serial
/// section's modemLinesInverted (true for the usual adapters) maps it to the RS-232 signal.
/// </summary>
public sealed class ModemLineDriver : ILineDriver
{
    public const int DtrPin = 0;
    public const int RtsPin = 1;

    /// <summary>The driver's name in a configuration.</summary>
    public const string DriverName = "modem";

    public string Name => DriverName;

    public void Validate(LineConfig line, LineSite site, ICollection<ConfigurationProblem> problems)
    {
        if (site.SocketPort is null)
        {
            problems.Add(new($"{site.Key}.driver", "the modem driver only drives a socket's own serial port's DTR/RTS; use a GPIO driver here."));
        }

        if (!IsSignal(line.Signal))
        {
            problems.Add(new($"{site.Key}.signal", $"{(line.Signal is null ? "missing" : $"'{line.Signal}' is not a modem line")}: write \"dtr\" or \"rts\"."));
        }

        if (line.Line is not null)
        {
            problems.Add(new($"{site.Key}.line", "not used by the modem driver: name the line with \"signal\": \"dtr\" or \"rts\"."));
        }
    }

    public string DeviceKey(LineConfig line, LineSite site) => $"modem {site.SocketPort}";

    public int PinNumber(LineConfig line) => string.Equals(line.Signal, "rts", StringComparison.OrdinalIgnoreCase) ? RtsPin : DtrPin;

    public GpioController OpenController(LineConfig line, LineSite site, StationDevices devices) =>
        devices.GetOrOpen(DeviceKey(line, site), () =>
        {
            var modem = site.ModemLines
                ?? throw new HardwareFaultException($"{site.Label} ({site.Key}): the serial link of {site.SocketPort} has no DTR/RTS lines to drive.");
            return new GpioController(new ModemLinesGpioDriver(modem, site.ModemLinesInverted));
        });

    private static bool IsSignal(string? signal) =>
        string.Equals(signal, "dtr", StringComparison.OrdinalIgnoreCase) || string.Equals(signal, "rts", StringComparison.OrdinalIgnoreCase);
}
