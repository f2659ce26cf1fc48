namespace Fixture.Simulator.Loader;

/// <summary>Flash parts the 2022 eflash_loader recognises (its JEDEC reply then carries flag 0x80).</summary>
internal static class FlashPartCatalog
{
    private static readonly HashSet<int> Known =
    [
        0xEF4014, 0xEF4015, 0xEF4016, 0xEF4017, 0xEF6015, 0xEF6016, // Winbond W25Q80/16/32/64, W25Q16/32 DW
        0xC84014, 0xC84015, 0xC84016, 0xC86515, 0xC86516,           // GigaDevice GD25Q80/16/32, GD25WQ16/32
        0x0B4015, 0x0B4016, 0x204015, 0x204016, 0x5E4015, 0x1C3115, // XTX, XMC, Zbit, EON
    ];

    public static bool IsKnown(ReadOnlySpan<byte> jedec) =>
        jedec.Length >= 3 && Known.Contains((jedec[0] << 16) | (jedec[1] << 8) | jedec[2]);
}
