using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Timing;

namespace Fixture.Simulator.Unit;

/// <summary>How to build a <see cref="SimulatedUnit"/>: identity, faults, timing, and what boots from flash.</summary>
public sealed record SimulatedUnitOptions
{
    public string Name { get; init; } = "unit";

    /// <summary>The eFuse MAC in normal order (default 70:3E:97:1E:96:66, the seed device).</summary>
    public byte[] Mac { get; init; } = [0x70, 0x3E, 0x97, 0x1E, 0x96, 0x66];

    /// <summary>eFuse sw_cfg0 (sw_usage_0); <see cref="UnitFaults.Boot2LogDisabled"/> adds uart_log_disable.</summary>
    public uint SoftwareConfig0 { get; init; }

    public UnitFaults Faults { get; init; } = UnitFaults.None;

    public TimingModel Timing { get; init; } = TimingModel.Default;

    /// <summary>Seeds everything random about this unit (line noise), so a population replays identically.</summary>
    public int Seed { get; init; }

    /// <summary>Starts boot2 + firmware from flash (the <c>simboot</c> models); null: a flash boot runs nothing and prints nothing.</summary>
    public Func<IFirmwareChip, IFirmwareRun>? FirmwareStarter { get; init; }

    /// <summary>Allow bootrom handshakes above <see cref="TimingModel.BootromMaxHandshakeBaud"/> (refused by default).</summary>
    public bool AllowFastBootromHandshake { get; init; }
}
