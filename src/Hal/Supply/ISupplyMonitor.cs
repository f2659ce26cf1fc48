using UnitsNet;

namespace Fixture.Hal.Supply;

/// <summary>A current/voltage monitor in series with a unit's 3.3 V rail (INA219, INA236, simulated).</summary>
public interface ISupplyMonitor : IDisposable
{
    /// <summary>Device name for messages and the report, e.g. "INA219 @0x40 on /dev/i2c-1".</summary>
    string Name { get; }

    SupplyReading Read();
}

/// <summary>One reading of the unit's rail.</summary>
public readonly record struct SupplyReading(ElectricPotential BusVoltage, ElectricCurrent Current);
