using Fixture.Protocol.Images;
using Fixture.Protocol.Images.DeviceTree;

namespace Fixture.Simulator.Firmware;

/// <summary>What the bootrom and boot2 make of a unit's flash at reset with BOOT low.</summary>
public enum FlashBootStage
{
    /// <summary>boot2's own header or code at flash 0 is invalid: the bootrom has nothing to run.</summary>
    Boot2Invalid,

    /// <summary>boot2 runs but finds no usable partition table or firmware: it prints "BLSP boot2 fail" forever.</summary>
    Boot2Failed,

    /// <summary>boot2 jumps to a valid firmware image.</summary>
    FirmwareStarted,
}

/// <summary>
/// The result of checking a unit's flash the way the bootrom and boot2 do, before anything is
/// printed: which table copy and firmware slot were used, the firmware's identity and the factory
/// parameters. <see cref="Reason"/> says in words what failed, for logs and tests.
/// </summary>
public sealed record FlashBootOutcome(FlashBootStage Stage, string Reason)
{
    public PartitionTable? Table { get; init; }

    /// <summary>0 for the table at 0xE000, 1 for 0xF000.</summary>
    public int? TableCopy { get; init; }

    /// <summary>Which FW slot booted (0 or 1); differs from the active index after a rollback.</summary>
    public int? FirmwareSlot { get; init; }

    public uint? FirmwareAddress { get; init; }

    public FirmwareIdentity? Identity { get; init; }

    /// <summary>The factory parameters, or null when the "factory" partition holds no valid device tree.</summary>
    public FactoryParameters? FactoryParameters { get; init; }

    /// <summary>Why the factory parameters could not be used, when they could not.</summary>
    public string? FactoryParametersProblem { get; init; }

    /// <summary>The PSM partition entry (found by name), or null.</summary>
    public PartitionEntry? Psm { get; init; }
}
