using System.Device.Gpio;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;

namespace Fixture.Simulator.Hardware;

/// <summary>The "simulated" line driver: "chip" picks a simulated GPIO chip of the station (default 0), "line" its pin (0–63).</summary>
public sealed class SimulatedLineDriver : ILineDriver
{
    private readonly SimulatedStationHardware _station;

    public SimulatedLineDriver(SimulatedStationHardware station)
    {
        _station = station;
    }

    public string Name => SimulatedStationHardware.DriverName;

    public void Validate(LineConfig line, LineSite site, ICollection<ConfigurationProblem> problems)
    {
        if (line.Chip is < 0)
        {
            problems.Add(new($"{site.Key}.chip", $"{line.Chip} is not a simulated chip number (0 or more)."));
        }

        if (line.Line is not { } number)
        {
            problems.Add(new($"{site.Key}.line", "missing: give the line number on the simulated chip (0–63)."));
        }
        else if (number is < 0 or > 63)
        {
            problems.Add(new($"{site.Key}.line", $"{number} is not a line of a simulated chip (0–63)."));
        }
    }

    public string DeviceKey(LineConfig line, LineSite site) => $"simulated chip {line.Chip ?? 0}";

    public int PinNumber(LineConfig line) => line.Line!.Value;

    public GpioController OpenController(LineConfig line, LineSite site, StationDevices devices) =>
        devices.GetOrOpen(DeviceKey(line, site), () => new GpioController(_station.Chip(line.Chip ?? 0)));
}
