using System.Globalization;
using System.Text;
using Fixture.Protocol.Images;

namespace Fixture.Simulator.Assets;

/// <summary>The partition tables of protocol reference §7.4: the classic BL602 2 MB table and the TG7100C one.</summary>
public static class PartitionLayouts
{
    /// <summary>bl_iot_sdk / blflash / BLOpenFlasher partition_cfg_2M.toml (272 bytes as binary).</summary>
    public static PartitionTable Classic2M { get; } = new(
    [
        new PartitionEntry(0, 0, 0, "FW", 0x10000, 0xD8000, 0xC8000, 0x88000),
        new PartitionEntry(2, 0, 0, "mfg", 0x160000, 0, 0x32000, 0),
        new PartitionEntry(3, 0, 0, "media", 0x192000, 0, 0x57000, 0),
        new PartitionEntry(4, 0, 0, "PSM", 0x1E9000, 0, 0x8000, 0),
        new PartitionEntry(5, 0, 0, "KEY", 0x1F1000, 0, 0x2000, 0),
        new PartitionEntry(6, 0, 0, "DATA", 0x1F3000, 0, 0x5000, 0),
        new PartitionEntry(7, 0, 0, "factory", 0x1F8000, 0, 0x7000, 0),
    ]);

    /// <summary>The Ai-Thinker TG7100C 2 MB table a factory-fresh plug carries (factory params at 0x1C1000).</summary>
    public static PartitionTable Tg7100c2M { get; } = new(
    [
        new PartitionEntry(0, 0, 0, "FW", 0x10000, 0x121000, 0x111000, 0xA0000),
        new PartitionEntry(2, 0, 0, "factory", 0x1C1000, 0, 0x4000, 0),
        new PartitionEntry(3, 0, 0, "media", 0x1C5000, 0, 0x2000, 0),
        new PartitionEntry(4, 0, 0, "chipdef", 0x1C7000, 0, 0x2000, 0),
        new PartitionEntry(5, 0, 0, "mfg", 0x121000, 0, 0xA0000, 0),
        new PartitionEntry(6, 0, 0, "othdef", 0x1C9000, 0, 0x32000, 0),
        new PartitionEntry(7, 0, 0, "PARAM1", 0x1FB000, 0, 0x1000, 0),
        new PartitionEntry(8, 0, 0, "PARAM2", 0x1FC000, 0, 0x2000, 0),
        new PartitionEntry(9, 0, 0, "PARAM3", 0x1FE000, 0, 0x1000, 0),
        new PartitionEntry(10, 0, 0, "PARAM4", 0x1FF000, 0, 0x1000, 0),
    ]);

    /// <summary>
    /// The SDK's 1 MB table (OpenBL602 customer_app/bl602_demo_event/img_conf/partition_cfg_1M.toml: one 896 KiB FW
    /// slot, media, PSM, factory at 0xFA000), without its empty entries: what a simulated 1 MB unit's stock
    /// firmware is laid out with, since the TG7100C table does not fit 1 MB.
    /// </summary>
    public static PartitionTable Sdk1M { get; } = new(
    [
        new PartitionEntry(0, 0, 0, "FW", 0x10000, 0, 0xE0000, 0),
        new PartitionEntry(3, 0, 0, "media", 0xF0000, 0, 0x2000, 0),
        new PartitionEntry(4, 0, 0, "PSM", 0xF2000, 0, 0x8000, 0),
        new PartitionEntry(7, 0, 0, "factory", 0xFA000, 0, 0x4000, 0),
    ]);

    /// <summary>
    /// OpenBL602's 1 MB layout (openshwprojects/OpenBL602 tools/flash_tool/chips/bl602/partition/partition_cfg_1M.toml,
    /// commit 0046566): one 924 KiB FW slot (0xE7000) at 0x10000, media 0xF7000 (8 KiB), PSM 0xF9000 (8 KiB), factory
    /// 0xFB000 (16 KiB); no mfg, no second FW slot. The synthetic recipe's 1MB variant uses it.
    /// </summary>
    public static PartitionTable OpenBl6021M { get; } = new(
    [
        new PartitionEntry(0, 0, 0, "FW", 0x10000, 0, 0xE7000, 0),
        new PartitionEntry(3, 0, 0, "media", 0xF7000, 0, 0x2000, 0),
        new PartitionEntry(4, 0, 0, "PSM", 0xF9000, 0, 0x2000, 0),
        new PartitionEntry(7, 0, 0, "factory", 0xFB000, 0, 0x4000, 0),
    ]);

    /// <summary>The vendor TOML text for a table (protocol reference §7.3).</summary>
    public static string ToToml(PartitionTable table, string comment)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(comment).Append('\n');
        sb.Append("[pt_table]\n");
        sb.Append("#partition table is 4K in size\n");
        sb.Append("address0 = 0xE000\n");
        sb.Append("address1 = 0xF000\n");
        foreach (var e in table.Entries)
        {
            sb.Append('\n');
            sb.Append("[[pt_entry]]\n");
            sb.Append(CultureInfo.InvariantCulture, $"type = {e.Type}\n");
            sb.Append(CultureInfo.InvariantCulture, $"name = \"{e.Name}\"\n");
            sb.Append("device = 0\n");
            sb.Append(CultureInfo.InvariantCulture, $"address0 = 0x{e.Address0:X}\n");
            sb.Append(CultureInfo.InvariantCulture, $"size0 = 0x{e.Size0:X}\n");
            sb.Append(CultureInfo.InvariantCulture, $"address1 = 0x{e.Address1:X}\n");
            sb.Append(CultureInfo.InvariantCulture, $"size1 = 0x{e.Size1:X}\n");
            sb.Append(CultureInfo.InvariantCulture, $"len = {e.Length}\n");
        }

        return sb.ToString();
    }
}
