using Fixture.Simulator.Faults;

namespace Fixture.Controller.Simulation;

/// <summary>What one simulated unit arrives with: its own faults, the socket's station faults, and optionally who it is.</summary>
/// <param name="Faults">Unit faults (dead, weak supply, secure boot, used unit, …).</param>
/// <param name="Station">Station faults of the socket while this unit sits in it (sagging supply, crossed port).</param>
/// <param name="Mac">A unit whose only MAC is this one in eFuse slot 0 (chip id and firmware MAC alike); null: see <paramref name="Identity"/>.</param>
/// <param name="Seed">The unit's random seed (its line noise); null: from its place in the station, as always.</param>
/// <param name="Identity">The unit as data (a unit file, a real unit); null with no <paramref name="Mac"/>: the station's population.</param>
public sealed record SimulatedUnitSetup(UnitFaults Faults, StationFaults Station, byte[]? Mac = null, int? Seed = null, Fixture.Simulator.Unit.UnitIdentity? Identity = null)
{
    public static SimulatedUnitSetup Healthy { get; } = new(UnitFaults.None, StationFaults.None);
}

/// <summary>The simulated supply of a socket whose station supply sags: the powered rail reads low at a normal current.</summary>
internal sealed class SaggingSupply(Fixture.Simulator.Hardware.ISimulatedSupplyLoad unit, double saggedVolts) : Fixture.Simulator.Hardware.ISimulatedSupplyLoad
{
    public double RailVolts => unit.RailVolts > saggedVolts ? saggedVolts : unit.RailVolts;

    public double CurrentAmps => unit.CurrentAmps;
}
