using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using Fixture.Hal.Configuration;

namespace Fixture.Hal.Drivers;

/// <summary>The legacy Linux sysfs GPIO interface (/sys/class/gpio), for kernels without the character device.</summary>
public sealed class SysFsLineDriver : ILineDriver
{
    public string Name => "sysfs";

    public void Validate(LineConfig line, LineSite site, ICollection<ConfigurationProblem> problems) =>
        LineChecks.RequireLine(line, site, 1023, "sysfs GPIO numbering", problems);

    public string DeviceKey(LineConfig line, LineSite site) => "sysfs";

    public int PinNumber(LineConfig line) => line.Line!.Value;

    public GpioController OpenController(LineConfig line, LineSite site, StationDevices devices) =>
        devices.GetOrOpen(DeviceKey(line, site), () =>
        {
            const string check = "Check that the kernel still offers /sys/class/gpio (newer kernels drop it: use the libgpiod driver) and that this user may write to it.";
            if (!Directory.Exists("/sys/class/gpio"))
            {
                throw new HardwareFaultException($"{site.Label} ({site.Key}): /sys/class/gpio not found. {check}");
            }

            try
            {
                return new GpioController(new SysFsDriver());
            }
            catch (Exception ex) when (LineChecks.IsOpenFailure(ex))
            {
                throw LineChecks.OpenFailure(site, "sysfs GPIO", check, ex);
            }
        });
}
