namespace Fixture.Simulator.Hardware;

/// <summary>What a simulated unit draws from its rail, read by the simulated INA219/INA236 chip.</summary>
public interface ISimulatedSupplyLoad
{
    /// <summary>Rail voltage at the unit in volts (0 when off; about 3.3 V when on; live rail faults keep it up).</summary>
    double RailVolts { get; }

    /// <summary>Current in amperes: 0 off, about 5–7 mA in the bootrom, tens of mA with the AP up, amperes on a short.</summary>
    double CurrentAmps { get; }
}
