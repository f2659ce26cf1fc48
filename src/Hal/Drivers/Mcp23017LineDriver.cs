using System.Device.Gpio;
using Fixture.Hal.Configuration;

namespace Fixture.Hal.Drivers;

/// <summary>
/// An MCP23017 16-bit I2C expander (pins 0–7 = GPA0–7, 8–15 = GPB0–7) on a Linux I2C bus or the
/// FT232H's. The binding gets no reset/interrupt pins, so it never creates a GpioController of its own.
/// </summary>
public sealed class Mcp23017LineDriver : ILineDriver
{
    public string Name => "mcp23017";

    public void Validate(LineConfig line, LineSite site, ICollection<ConfigurationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(line.Bus))
        {
            problems.Add(new($"{site.Key}.bus", "missing: give the I2C bus, e.g. \"i2c-1\" or \"ft232h\"."));
        }

        if (line.Address is not { } address)
        {
            problems.Add(new($"{site.Key}.address", "missing: give the expander's I2C address, 0x20–0x27."));
        }
        else if (address is < 0x20 or > 0x27)
        {
            problems.Add(new($"{site.Key}.address", $"0x{address:X2} is not an MCP23017 address (0x20–0x27, set by A0–A2)."));
        }

        LineChecks.RequireLine(line, site, 15, "MCP23017 (0–7 = GPA0–7, 8–15 = GPB0–7)", problems);
    }

    public string DeviceKey(LineConfig line, LineSite site) => $"mcp23017 {line.Bus} 0x{line.Address:X2}";

    public int PinNumber(LineConfig line) => line.Line!.Value;

    public GpioController OpenController(LineConfig line, LineSite site, StationDevices devices) =>
        devices.GetOrOpen(DeviceKey(line, site), () =>
        {
            var request = new I2cRequest(line.Bus!, line.Address!.Value, site.Key, $"MCP23017 0x{line.Address:X2} for {site.Label}");
            var i2c = devices.I2cBuses.Open(request, devices);
            try
            {
                // Construction resets the expander: every pin an input, so relays stay released until opened.
                return new GpioController(new LatchFirstMcp23017(i2c));
            }
            catch (Exception ex) when (LineChecks.IsOpenFailure(ex))
            {
                i2c.Dispose();
                throw LineChecks.OpenFailure(site, $"MCP23017 at 0x{line.Address:X2} on {line.Bus}", "Check its address pins, power, and the I2C wiring and pull-ups.", ex);
            }
        });
}
