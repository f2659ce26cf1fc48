using UnitsNet;

namespace Fixture.Hal.Supply;

/// <summary>
/// The unit's rail was already up before the fixture closed POWER: the plug is on mains or
/// back-fed. Not a station fault: the unit is refused (LIVE_RAIL) and nothing is powered.
/// </summary>
public sealed class LiveRailException : Exception
{
    public LiveRailException(SupplyReading reading, ElectricPotential threshold)
        : base($"The unit's rail reads {reading.BusVoltage.Volts:0.00} V before power-on (limit {threshold.Volts:0.00} V): unplug the plug from mains and remove any other supply, then re-seat it.")
    {
        Reading = reading;
        Threshold = threshold;
    }

    public SupplyReading Reading { get; }

    public ElectricPotential Threshold { get; }
}
