using System.Device.Gpio;
using Fixture.Hal.Configuration;

namespace Fixture.Hal.Drivers;

/// <summary>GPIO on an FT232H USB adapter: pins 0–7 = D0–D7, 8–15 = C0–C7; "device" = its serial number (optional).</summary>
public sealed class Ft232HLineDriver : ILineDriver
{
    public string Name => "ft232h";

    public void Validate(LineConfig line, LineSite site, ICollection<ConfigurationProblem> problems) =>
        LineChecks.RequireLine(line, site, 15, "FT232H (0–7 = D0–D7, 8–15 = C0–C7)", problems);

    public string DeviceKey(LineConfig line, LineSite site) => $"ft232h {Serial(line) switch { "" => "(first)", var s => s }}";

    public int PinNumber(LineConfig line) => line.Line!.Value;

    public GpioController OpenController(LineConfig line, LineSite site, StationDevices devices) =>
        Ft232HBoard.Open(Serial(line), site.Key, devices).Gpio;

    internal static string Serial(LineConfig line) => line.Device?.Trim() ?? "";
}
