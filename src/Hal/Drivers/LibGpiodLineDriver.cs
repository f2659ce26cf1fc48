using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using Fixture.Hal.Configuration;

namespace Fixture.Hal.Drivers;

/// <summary>Linux GPIO character device through libgpiod (Raspberry Pi and other boards): "chip" = /dev/gpiochipN.</summary>
public sealed class LibGpiodLineDriver : ILineDriver
{
    public string Name => "libgpiod";

    public void Validate(LineConfig line, LineSite site, ICollection<ConfigurationProblem> problems)
    {
        LineChecks.RequireChip(line, site, "GPIO chip number (0 for /dev/gpiochip0)", problems);
        LineChecks.RequireLine(line, site, 1023, "GPIO chip", problems);
    }

    public string DeviceKey(LineConfig line, LineSite site) => $"libgpiod chip {line.Chip}";

    public int PinNumber(LineConfig line) => line.Line!.Value;

    public GpioController OpenController(LineConfig line, LineSite site, StationDevices devices)
    {
        var chip = line.Chip!.Value;
        return devices.GetOrOpen(DeviceKey(line, site), () =>
        {
            var node = $"/dev/gpiochip{chip}";
            const string check = "Check that the chip exists (gpiodetect), that libgpiod is installed (apt install libgpiod2) and that this user may use it (gpio group).";
            if (!File.Exists(node))
            {
                throw new HardwareFaultException($"{site.Label} ({site.Key}): GPIO chip {node} not found. {check}");
            }

            try
            {
                return new GpioController(new LibGpiodDriver(chip));
            }
            catch (Exception ex) when (LineChecks.IsOpenFailure(ex))
            {
                throw LineChecks.OpenFailure(site, $"libgpiod {node}", check, ex);
            }
        });
    }
}
