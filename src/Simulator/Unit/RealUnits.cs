namespace Fixture.Simulator.Unit;

/// <summary>
/// The three real units of issue 9 (Amysen YX-WS01 plugs, TG7100C, converted with BLDevCube): eFuse slot 0
/// holds the chip id get_boot_info showed, a factory slot holds the MAC their firmware used (stock
/// "DeviceName:703e971e…", OpenBL602 "OpenBL602_971E…"), sw_cfg0 = 3 as get_boot_info reported, JEDEC
/// ef4015 with reply flag 0x00 as the vendor's loader sent it. Which factory slot holds the MAC is not in
/// the logs: slot 1 is assumed (mfg_efuse_write_macaddr_pre writes the first empty slot of 0, 1, 2, and
/// slot 0 already held the chip id). The same data as config/units/amysen-yx-ws01-*.json.
/// </summary>
public static class RealUnits
{
    /// <summary>sw_cfg0 of all three: bootrom_protect + uart_log_disable.</summary>
    public const uint SoftwareConfig0 = 0x0000_0003;

    public static UnitIdentity Unit9666 { get; } = Real("amysen-yx-ws01-9666", [0xAC, 0xD8, 0x29, 0x6B, 0xB7, 0xED], [0x70, 0x3E, 0x97, 0x1E, 0x96, 0x66]);

    public static UnitIdentity UnitD91c { get; } = Real("amysen-yx-ws01-d91c", [0xB4, 0x0E, 0xCF, 0x07, 0x15, 0x91], [0x70, 0x3E, 0x97, 0x1E, 0xD9, 0x1C]);

    public static UnitIdentity Unit048b { get; } = Real("amysen-yx-ws01-048b", [0xB4, 0x0E, 0xCF, 0x07, 0x78, 0xE9], [0x70, 0x3E, 0x97, 0x1E, 0x04, 0x8B]);

    /// <summary>The three units; the first is <see cref="SimulatedUnitOptions"/>' default.</summary>
    public static IReadOnlyList<UnitIdentity> All { get; } = [Unit9666, UnitD91c, Unit048b];

    private static UnitIdentity Real(string name, byte[] chipId, byte[] factoryMac) => new()
    {
        Name = name,
        EfuseRegion0 = EfuseImage.Build(SoftwareConfig0, slot0: chipId, slot1: factoryMac),
        JedecId = UnitIdentity.DefaultJedecId,
        JedecReplyFlag = 0x00,
        FlashContent = UnitFlashContent.StockTg7100c,
        MacLine = WifiMacLine.Masked,
    };
}
