using System.Device.I2c;
using Fixture.Hal.Configuration;
using UnitsNet;

namespace Fixture.Hal.Supply;

/// <summary>Builds the configured monitor chip's binding on an I2C device from whichever bus the station named.</summary>
public static class SupplyMonitorFactory
{
    public static readonly IReadOnlyList<string> Chips = ["ina219", "ina236"];

    public static ISupplyMonitor Create(SupplyMonitorConfig config, I2cDevice device, string name)
    {
        var shunt = ElectricResistance.FromOhms(config.ShuntOhms);
        var max = ElectricCurrent.FromAmperes(config.MaxCurrentAmps);
        return config.Chip?.ToUpperInvariant() switch
        {
            "INA219" => new Ina219SupplyMonitor(device, name, shunt, max),
            "INA236" => new Ina236SupplyMonitor(device, name, shunt, max),
            _ => throw new ArgumentException($"Unknown supply monitor chip '{config.Chip}'.", nameof(config)),
        };
    }
}
