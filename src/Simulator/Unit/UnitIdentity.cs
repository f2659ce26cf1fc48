namespace Fixture.Simulator.Unit;

/// <summary>What a unit's flash holds when it arrives (unit file "flashContent").</summary>
public enum UnitFlashContent
{
    /// <summary>"stock-tg7100c": the vendor's AliOS Things firmware, its boot2, table and factory parameters.</summary>
    StockTg7100c,

    /// <summary>"blank": every byte 0xFF.</summary>
    Blank,

    /// <summary>"openbl602": the synthetic OpenBL602 set (the simulated recipe's images) already in flash.</summary>
    OpenBl602,
}

/// <summary>How the firmware prints its Wi-Fi MAC on "[BL] Initi Wi-Fi" (unit file "macLine").</summary>
public enum WifiMacLine
{
    /// <summary>"full": all six bytes, as every SDK source read prints them.</summary>
    Full,

    /// <summary>"masked": "AA:BB:CC:*****", as the real unit's log in issue 9 shows (vendor build or redaction: [?]).</summary>
    Masked,
}

/// <summary>
/// One simulated unit as data: eFuse region 0 exactly as the chip stores it, the flash part, what the
/// flash holds, and the variants for what the sources leave open. The unit derives its boot info, the
/// 0x41/0x42 replies and the firmware's MAC from <see cref="EfuseRegion0"/> with the SDK's rules (on the
/// device side, src/Simulator/Sdk). Loaded from a unit file (<see cref="UnitFile"/>); the three real units
/// are <see cref="RealUnits.All"/>.
/// </summary>
public sealed record UnitIdentity
{
    /// <summary>Default JEDEC id: Winbond W25Q16 (2 MiB), as the real units report.</summary>
    public static readonly byte[] DefaultJedecId = [0xEF, 0x40, 0x15];

    /// <summary>Where an rf_para record sits when the unit file gives one: the SDK table's (commented-out) rf_para entry.</summary>
    public const uint DefaultRfParaAddress = 0x1FF000;

    /// <summary>Unit file "name" (optional; default from the file name).</summary>
    public string Name { get; init; } = "unit";

    /// <summary>Exactly 128 bytes, word i at bytes 4i..4i+3, little-endian, as the chip stores them.</summary>
    public required ReadOnlyMemory<byte> EfuseRegion0 { get; init; }

    /// <summary>3 bytes (manufacturer, type, capacity); "jedecId": "ef4015".</summary>
    public ReadOnlyMemory<byte> JedecId { get; init; } = DefaultJedecId;

    /// <summary>Byte 3 of the loader's 0x36 reply ("jedecReplyFlag"): 0x00 on the vendor's loader in the real logs.</summary>
    public byte JedecReplyFlag { get; init; }

    public UnitFlashContent FlashContent { get; init; } = UnitFlashContent.StockTg7100c;

    // --- variants for what the sources leave open ([?] in docs/simulator.md) ---

    /// <summary>"macLine": the form of the firmware's "[BL] Initi Wi-Fi with MAC" line.</summary>
    public WifiMacLine MacLine { get; init; } = WifiMacLine.Full;

    /// <summary>
    /// "mfgMediaInit": whether the firmware calls mfg_media_init (no caller exists in the OpenBL602 source
    /// tree; a binary library may). When true and the active partition table has an "rf_para" entry, the
    /// factory ("M") MAC comes from the rf_para flash record instead of the eFuse slots.
    /// </summary>
    public bool MfgMediaInitialised { get; init; }

    /// <summary>"rfParaMac": the unit's flash holds a valid rf_para record with this MAC (network order) at <see cref="RfParaAddress"/>.</summary>
    public ReadOnlyMemory<byte>? RfParaMac { get; init; }

    /// <summary>"rfParaAddress": where the rf_para record sits (default 0x1FF000).</summary>
    public uint RfParaAddress { get; init; } = DefaultRfParaAddress;

    /// <summary>"stockConsoleBaud": the stock firmware's console rate, 2 000 000 (newer TG7100C SDK) or 921 600 (older).</summary>
    public int StockConsoleBaud { get; init; } = 2_000_000;

    /// <summary>
    /// "mfgStartRequest": the unit's mfg area (0x160000, the classic BL602 table's "mfg" entry) holds the
    /// vendor's AliOS-based production image and boot2's start request "0mfg" at mfg + 188 KiB: every
    /// boot2 that finds an "mfg" entry at that address boots it instead of the FW entry (blsp_boot2.c
    /// BLSP_Boot2_Get_MFG_StartReq). The fixture leaves mfg untouched, so such a unit keeps booting the
    /// stock image after a verified flash: STOCK_FIRMWARE.
    /// </summary>
    public bool MfgStartRequest { get; init; }

    /// <summary>
    /// A distinct unit <paramref name="k"/> steps on: every non-empty MAC slot (0, 1, 2) counted up by
    /// <paramref name="k"/> as a 48-bit number with its zero-bit count recomputed (a slot whose parity was
    /// broken stays broken by the same amount); empty slots stay empty. <paramref name="k"/> = 0 returns this unit.
    /// </summary>
    public UnitIdentity Serial(long k)
    {
        if (k == 0)
        {
            return this;
        }

        var region = EfuseRegion0.ToArray();
        for (var slot = 0; slot < 3; slot++)
        {
            EfuseImage.CountUp(region, slot, k);
        }

        return this with { Name = $"{Name}+{k}", EfuseRegion0 = region };
    }

    /// <summary>
    /// A unit whose only MAC is eFuse slot 0 (no factory slot), as the simulator modelled every unit before
    /// issue 9: the chip id and the firmware's MAC (by "MBF": M falls back to slot 0) are the same bytes.
    /// </summary>
    public static UnitIdentity WithOnlyChipMac(ReadOnlySpan<byte> mac, uint softwareConfig0 = 0, string name = "unit") => new()
    {
        Name = name,
        EfuseRegion0 = EfuseImage.Build(softwareConfig0, slot0: mac.ToArray()),
    };
}
