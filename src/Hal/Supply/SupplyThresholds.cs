using Fixture.Hal.Configuration;
using UnitsNet;

namespace Fixture.Hal.Supply;

/// <summary>What a socket's rail readings must look like (from its supply-monitor configuration).</summary>
public sealed record SupplyThresholds(
    ElectricPotential LiveRail,
    ElectricPotential DischargedRail,
    ElectricCurrent BootromMin,
    ElectricCurrent BootromMax,
    ElectricCurrent Short,
    ElectricPotential Sag)
{
    public static SupplyThresholds From(SupplyMonitorConfig config) => new(
        ElectricPotential.FromVolts(config.LiveRailVolts),
        ElectricPotential.FromVolts(config.DischargedRailVolts),
        ElectricCurrent.FromMilliamperes(config.BootromMinMilliamps),
        ElectricCurrent.FromMilliamperes(config.BootromMaxMilliamps),
        ElectricCurrent.FromMilliamperes(config.ShortMilliamps),
        ElectricPotential.FromVolts(config.SagVolts));

    /// <summary>Before POWER closes: a rail already up means mains or back-feeding — refuse the unit.</summary>
    public bool IsLive(SupplyReading reading) => reading.BusVoltage >= LiveRail;

    /// <summary>After POWER opens: the unit has really discharged.</summary>
    public bool IsDischarged(SupplyReading reading) => reading.BusVoltage < DischargedRail;

    public bool IsShort(SupplyReading reading) => reading.Current >= Short;

    public bool IsBootromCurrent(SupplyReading reading) => reading.Current >= BootromMin && reading.Current <= BootromMax;

    /// <summary>A powered rail below the sag voltage while the current is not a short: the station's supply is at fault.</summary>
    public bool IsSag(SupplyReading reading) => reading.BusVoltage < Sag && !IsShort(reading);
}
