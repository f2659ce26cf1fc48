using Fixture.Protocol.Identity;
using Fixture.Simulator.Unit;

namespace Fixture.Controller.Simulation;

/// <summary>
/// Who the simulated station's units are: the identity of the unit put into the station n-th (counted
/// over all sockets). Every unit of a run is distinct (<see cref="UnitIdentity.Serial"/> counts its MAC
/// slots up). The default population's count starts past <c>serialOffset</c> — the station's attempt
/// counter when it opened, which only rises — so a second run into the same report folder gets new
/// units, not retests of the first run's. A unit file's first unit is always the file's own unit: a
/// second run of the same file is the same units again, retested, as with a real unit put back.
/// </summary>
internal sealed class UnitPopulation
{
    private readonly Func<long, UnitIdentity> _identityOf;

    private UnitPopulation(string description, Func<long, UnitIdentity> identityOf)
    {
        Description = description;
        _identityOf = identityOf;
    }

    /// <summary>What the population is, for the start-up line.</summary>
    public string Description { get; }

    /// <summary>The default: the three real units of config/units (<see cref="RealUnits.All"/>) in turn, each counted up.</summary>
    public static UnitPopulation Real(long serialOffset) =>
        new(
            $"the {RealUnits.All.Count} real units ({string.Join(", ", RealUnits.All.Select(u => u.Name))}) in turn, serials from {serialOffset}",
            n => RealUnits.All[(int)(n % RealUnits.All.Count)].Serial(serialOffset + (n / RealUnits.All.Count)));

    /// <summary>Every unit from one unit file (`--unit FILE`): the file's unit first, then counted up.</summary>
    public static UnitPopulation FromFile(UnitIdentity unit) =>
        new($"unit file {unit.Name}, then counted up", unit.Serial);

    /// <summary>
    /// simulation.macBase / macs: units whose only MAC is eFuse slot 0 (chip id and firmware MAC alike), as
    /// the simulator modelled every unit before the real ones: the explicit MACs first, then the base counting up.
    /// </summary>
    public static UnitPopulation SlotZero(MacAddress? macBase, IReadOnlyList<MacAddress> macs, long serialOffset)
    {
        var baseMac = macBase ?? MacAddress.Parse("70:3E:97:1E:96:66");
        return new(
            $"slot-0 units from MAC {baseMac}{(macs.Count > 0 ? $" after {macs.Count} listed" : string.Empty)}, serials from {serialOffset}",
            n =>
            {
                var k = serialOffset + n;
                var mac = k < macs.Count ? macs[(int)k] : baseMac.Add(k - macs.Count);
                return UnitIdentity.WithOnlyChipMac(mac.ToBytes());
            });
    }

    /// <summary>The configuration's choice: its MAC base or list when given, else the real units.</summary>
    public static UnitPopulation ForConfiguration(SimulationConfig simulation, long serialOffset) =>
        simulation.MacBaseAddress is not null || simulation.MacAddresses.Count > 0
            ? SlotZero(simulation.MacBaseAddress, simulation.MacAddresses, serialOffset)
            : Real(serialOffset);

    /// <summary>The identity of the unit put into the station <paramref name="n"/>-th (from 0).</summary>
    public UnitIdentity IdentityFor(long n) => _identityOf(n);
}
