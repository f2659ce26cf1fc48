namespace Fixture.Protocol.Recipes;

/// <summary>The flash a unit must have (checked after the loader reads the JEDEC id: FLASH_ID otherwise).</summary>
public sealed record FlashExpectations
{
    /// <summary>Accepted JEDEC ids as 6 lower-case hex digits, manufacturer first, e.g. "ef4015" (Winbond W25Q16).</summary>
    public IReadOnlyList<string> JedecIds { get; init; } = ["ef4015"];

    /// <summary>Flash size in bytes the partition layout is made for.</summary>
    public long SizeBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>True when <paramref name="jedecId"/> (e.g. "EF4015" or "ef4015") is one of <see cref="JedecIds"/>.</summary>
    public bool Accepts(string jedecId) =>
        JedecIds.Contains(jedecId.Trim().ToLowerInvariant(), StringComparer.Ordinal);
}

/// <summary>
/// What the boot check waits for after flashing, measured from the reset that boots the firmware.
/// OpenBL602 opens its AP about 5 s and logs boot complete about 6 s after reset (openbl602-boot.md §3).
/// </summary>
public sealed record BootCheckSettings
{
    /// <summary>No byte at all by then: BOOT_SILENT (after also listening at the stock firmware's other baud).</summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>No AP start line by then: MARKER_MISSING (when <see cref="RequireAp"/>).</summary>
    public TimeSpan ApStartTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>No boot complete by then: MARKER_MISSING. The unit is powered down only after boot complete.</summary>
    public TimeSpan BootCompleteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the firmware's own AP (SSID OpenBL602_ + MAC bytes 2..5) must appear.</summary>
    public bool RequireAp { get; init; } = true;
}

/// <summary>Which slot of a partition-table entry a clean-slate erase means.</summary>
public enum PartitionSlotChoice
{
    /// <summary>address0/size0.</summary>
    Slot0,

    /// <summary>address1/size1 (the OTA slot of FW).</summary>
    Slot1,

    /// <summary>The slot the entry's activeindex does not select: for FW, where an old image may linger.</summary>
    Inactive,
}

/// <summary>One clean-slate range, named by partition-table entry rather than by address.</summary>
/// <param name="Partition">Entry name as in the partition TOML (case-sensitive, as boot2 reads it), e.g. "PSM".</param>
/// <param name="Slot">Which slot of the entry.</param>
/// <param name="HeaderOnly">Erase only the slot's first 4 KiB (where a firmware's boot header lives) instead of all of it.</param>
public sealed record CleanSlateErase(string Partition, PartitionSlotChoice Slot = PartitionSlotChoice.Slot0, bool HeaderOnly = false)
{
    /// <summary>Bytes a header-only erase covers: the sector holding the 176-byte boot header.</summary>
    public const uint HeaderEraseLength = 0x1000;

    public override string ToString()
    {
        var slot = Slot switch
        {
            PartitionSlotChoice.Slot1 => " slot 1",
            PartitionSlotChoice.Inactive => " inactive slot",
            _ => string.Empty,
        };
        return Partition + slot + (HeaderOnly ? " header" : string.Empty);
    }
}

/// <summary>
/// Clean slate (fixture-design §4): erase what a used unit may still carry — the OpenBeken config and
/// boot counters in PSM, an old image's header in the second firmware slot — so that neither the old
/// owner's data nor a stale config survives. On by default.
/// </summary>
public sealed record CleanSlateSettings
{
    /// <summary>PSM (whole) and the FW entry's inactive slot header.</summary>
    public static IReadOnlyList<CleanSlateErase> DefaultErase { get; } =
    [
        new("PSM"),
        new("FW", PartitionSlotChoice.Inactive, HeaderOnly: true),
    ];

    public bool Enabled { get; init; } = true;

    /// <summary>The ranges to erase when <see cref="Enabled"/>.</summary>
    public IReadOnlyList<CleanSlateErase> Erase { get; init; } = DefaultErase;

    /// <summary>What the plan erases: <see cref="Erase"/> when enabled, nothing otherwise.</summary>
    public IReadOnlyList<CleanSlateErase> Effective => Enabled ? Erase : [];
}

/// <summary>How the fixture talks to the bootrom and the eflash_loader for this recipe.</summary>
public sealed record EflashLoaderSettings
{
    /// <summary>The bootrom refuses rates above 500 000 (protocol reference §2.1).</summary>
    public const int MaxBootromBaud = 500_000;

    /// <summary>Largest data block per 0x31/0x3F frame the 2022 loader takes (payload 0x4004 with the address).</summary>
    public const int MaxChunkSize = 16_384;

    /// <summary>Rate of the first handshake and the helper load.</summary>
    public int BootromBaud { get; init; } = 500_000;

    /// <summary>Working rate of the eflash_loader (second handshake); above 970 000 a multiple of 500 000.</summary>
    public int Baud { get; init; } = 2_000_000;

    /// <summary>Data bytes per write frame; large frames save round trips on slow adapters (FTDI: 16 ms each).</summary>
    public int WriteChunkSize { get; init; } = MaxChunkSize;

    /// <summary>Bytes per flash_read frame.</summary>
    public int ReadChunkSize { get; init; } = 4096;
}
