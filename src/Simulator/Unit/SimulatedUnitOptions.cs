using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Timing;

namespace Fixture.Simulator.Unit;

/// <summary>How to build a <see cref="SimulatedUnit"/>: identity, faults, timing, and what boots from flash.</summary>
public sealed record SimulatedUnitOptions
{
    public string Name { get; init; } = "unit";

    /// <summary>
    /// The unit as data: eFuse region 0 (boot info, 0x41, 0x42 and the firmware's MAC all come from it), the
    /// flash part, what its flash holds and its variants. Default: the first real unit (<see cref="RealUnits.All"/>).
    /// <see cref="UnitFaults.Boot2LogDisabled"/> and <see cref="UnitFaults.SecureBootFusesSet"/> set their bits on top.
    /// </summary>
    public UnitIdentity Identity { get; init; } = RealUnits.All[0];

    public UnitFaults Faults { get; init; } = UnitFaults.None;

    public TimingModel Timing { get; init; } = TimingModel.Default;

    /// <summary>Seeds everything random about this unit (line noise), so a population replays identically.</summary>
    public int Seed { get; init; }

    /// <summary>Starts boot2 + firmware from flash (the <c>simboot</c> models); null: a flash boot runs nothing and prints nothing.</summary>
    public Func<IFirmwareChip, IFirmwareRun>? FirmwareStarter { get; init; }

    /// <summary>Allow bootrom handshakes above <see cref="TimingModel.BootromMaxHandshakeBaud"/> (refused by default).</summary>
    public bool AllowFastBootromHandshake { get; init; }
}
