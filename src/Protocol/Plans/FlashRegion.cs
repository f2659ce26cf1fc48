namespace Fixture.Protocol.Plans;

/// <summary>What a region of the flash plan holds; the report and the progress display use it.</summary>
public enum FlashRegionKind
{
    Boot2,
    PartitionTable,
    Firmware,
    FactoryParameters,

    /// <summary>Clean slate: a range that is only erased (PSM, the second firmware slot's header).</summary>
    EraseOnly,
}

/// <summary>
/// One step of a flash plan: bytes to put at an address (or, for <see cref="FlashRegionKind.EraseOnly"/>,
/// a range to erase), with the SHA-256 the chip must report afterwards.
/// </summary>
/// <param name="Name">Short name for logs and reports, e.g. "boot2", "partition@0xE000", "firmware", "psm".</param>
/// <param name="Kind">What the region is.</param>
/// <param name="Address">Flash offset of the first byte.</param>
/// <param name="Data">Uncompressed bytes to write; empty for erase-only regions.</param>
/// <param name="Sha256">SHA-256 of <paramref name="Data"/> (for erase-only: of <paramref name="EraseLength"/> bytes of 0xFF).</param>
/// <param name="Compressed">The .xz stream for 0x3F when the region is written compressed (larger than 4096 bytes), else null.</param>
/// <param name="EraseLength">Bytes to erase from <paramref name="Address"/>; equals Data.Length for written regions.</param>
public sealed record FlashRegion(
    string Name,
    FlashRegionKind Kind,
    uint Address,
    ReadOnlyMemory<byte> Data,
    byte[] Sha256,
    ReadOnlyMemory<byte>? Compressed,
    uint EraseLength)
{
    /// <summary>Inclusive last byte of the erase range, as flash_erase (0x30) wants it.</summary>
    public uint EraseEnd => Address + EraseLength - 1;

    public bool IsEraseOnly => Kind == FlashRegionKind.EraseOnly;
}
