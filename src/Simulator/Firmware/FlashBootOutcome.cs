using Fixture.Simulator.Sdk;

namespace Fixture.Simulator.Firmware;

/// <summary>What the bootrom and boot2 make of a unit's flash at reset with BOOT low.</summary>
public enum FlashBootStage
{
    /// <summary>boot2's own header or code at flash 0 is invalid: the bootrom has nothing to run.</summary>
    Boot2Invalid,

    /// <summary>boot2 runs but finds no usable partition table or firmware: it prints its failure forever.</summary>
    Boot2Failed,

    /// <summary>boot2 jumps to a valid firmware image.</summary>
    FirmwareStarted,
}

/// <summary>
/// The result of checking a unit's flash the way the bootrom and boot2 do, before anything is
/// printed: which table copy and firmware slot were used, the firmware's identity and the factory
/// parameters the firmware will read. <see cref="Reason"/> says in words what failed, for logs and tests.
/// Everything here is read on the device side (src/Simulator/Sdk), not with the station's parsers.
/// </summary>
public sealed record FlashBootOutcome(FlashBootStage Stage, string Reason)
{
    /// <summary>The active partition table boot2 used (after a rollback: the rewritten copy).</summary>
    public PtTable? Table { get; init; }

    /// <summary>0 for the table at 0xE000, 1 for 0xF000.</summary>
    public int? TableCopy => Table?.Copy;

    /// <summary>Which FW slot booted (0 or 1); differs from the original active index after a rollback.</summary>
    public int? FirmwareSlot { get; init; }

    public uint? FirmwareAddress { get; init; }

    public FirmwareIdentity? Identity { get; init; }

    /// <summary>boot2 found no CRC-valid partition table: it prints "No valid PT" instead of "BLSP boot2 fail".</summary>
    public bool NoValidTable { get; init; }

    /// <summary>boot2 rolled the FW entry back to the other slot and rewrote a table copy (PtTable_Update_Entry).</summary>
    public bool RolledBack { get; init; }

    /// <summary>boot2 obeyed the mfg start request ("0" + entry name at mfg + 188 KiB) and started that entry's image.</summary>
    public string? StartRequestEntry { get; init; }

    /// <summary>The factory parameters as the firmware reads them (tree, problem, missing entry); null before a table was found.</summary>
    public FactoryTree? Factory { get; init; }

    /// <summary>Why the factory parameters cannot be used, when they cannot.</summary>
    public string? FactoryParametersProblem => Factory?.Problem;

    /// <summary>The PSM partition entry (found by name), or null.</summary>
    public PtEntry? Psm => Table?.ByName("PSM");
}
