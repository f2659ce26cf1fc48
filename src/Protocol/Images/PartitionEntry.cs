namespace Fixture.Protocol.Images;

/// <summary>
/// One 36-byte partition-table entry (protocol reference §7.2). Types follow the 2 MB template
/// numbering (0 FW, 2 mfg, 3 media, 4 PSM, 5 KEY, 6 DATA, 7 factory, 8 rf_para), but other tables
/// (TG7100C) number differently, so code finds entries by <see cref="Name"/> where the SDK does.
/// </summary>
/// <param name="Type">Entry type byte.</param>
/// <param name="Device">Device byte (0; the creators never write anything else).</param>
/// <param name="ActiveIndex">0 or 1: which of the two addresses is active.</param>
/// <param name="Name">ASCII name, at most 7 characters (the official creator's limit).</param>
/// <param name="Address0">Flash address of slot 0.</param>
/// <param name="Address1">Flash address of slot 1 (OTA), 0 when unused.</param>
/// <param name="Size0">Maximum length of slot 0.</param>
/// <param name="Size1">Maximum length of slot 1.</param>
/// <param name="Length">Image length ("compressed image must set len"); usually 0.</param>
/// <param name="Age">Entry age; usually 0.</param>
public sealed record PartitionEntry(
    byte Type,
    byte Device,
    byte ActiveIndex,
    string Name,
    uint Address0,
    uint Address1,
    uint Size0,
    uint Size1,
    uint Length = 0,
    uint Age = 0)
{
    public const int Size = 36;
    public const int MaxNameLength = 7;

    public const byte FirmwareType = 0;

    /// <summary>Address of the active slot.</summary>
    public uint ActiveAddress => ActiveIndex == 1 ? Address1 : Address0;

    /// <summary>Size of the active slot.</summary>
    public uint ActiveSize => ActiveIndex == 1 ? Size1 : Size0;

    public override string ToString() =>
        $"{Name} (type {Type}) 0x{Address0:X}+0x{Size0:X}" + (Size1 != 0 ? $", slot 1 0x{Address1:X}+0x{Size1:X}" : string.Empty);
}
