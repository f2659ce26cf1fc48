using System.Buffers.Binary;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Sdk;

namespace Fixture.Simulator.Tests.Sdk;

/// <summary>
/// The device side's SDK MAC rules against vectors worked out by hand from bl602_ef_ctrl.c,
/// bl602_mfg_efuse.c and hal_board.c (the words below are written as literals, not built by the
/// simulator's own eFuse writer).
/// </summary>
public class EfuseMacRulesTests
{
    // 70:3E:97:1E:96:66 stored reversed: low word 0x971E9666, high word 0x3E | 0x70 << 8 | 23 zero bits (0x17) << 16.
    private const uint FactoryLow = 0x971E9666;
    private const uint FactoryHigh = 0x0017_703E;

    // B4:0E:CF:07:15:91 (the d91c unit's chip id): low 0xCF071591, high 0x0E | 0xB4 << 8 | 26 (0x1A) << 16.
    private const uint ChipLow = 0xCF071591;
    private const uint ChipHigh = 0x001A_B40E;

    // 70:3E:97:20:00:02: low 0x97200002, high 0x3E | 0x70 << 8 | 33 (0x21) << 16.
    private const uint Slot2Low = 0x97200002;
    private const uint Slot2High = 0x0021_703E;

    [Fact]
    public void The_factory_MAC_in_slot_1_is_read_in_network_order()
    {
        var region = Region((0x14, ChipLow), (0x18, ChipHigh), (0x6C, FactoryLow), (0x70, FactoryHigh));

        var read = FactoryMac.FromEfuse(region);

        Assert.Equal(1, read.EfuseSlot);
        Assert.Equal(new byte[] { 0x70, 0x3E, 0x97, 0x1E, 0x96, 0x66 }, read.Mac);
    }

    [Fact]
    public void Slot_2_wins_over_slot_1_when_both_are_written()
    {
        var region = Region((0x14, ChipLow), (0x18, ChipHigh), (0x6C, FactoryLow), (0x70, FactoryHigh), (0x04, Slot2Low), (0x08, Slot2High));

        var read = FactoryMac.FromEfuse(region);

        Assert.Equal(2, read.EfuseSlot);
        Assert.Equal(new byte[] { 0x70, 0x3E, 0x97, 0x20, 0x00, 0x02 }, read.Mac);
    }

    [Fact]
    public void A_corrupt_slot_2_fails_the_factory_MAC_without_falling_back_to_slot_1_and_MBF_takes_slot_0()
    {
        var region = Region((0x14, ChipLow), (0x18, ChipHigh), (0x6C, FactoryLow), (0x70, FactoryHigh), (0x04, Slot2Low), (0x08, Slot2High + 0x1_0000));

        Assert.Null(FactoryMac.FromEfuse(region).Mac);
        var chosen = WifiMacConfig.Choose(MacNode("MBF"), region);
        Assert.Equal(WifiMacSource.BuiltInEfuse, chosen.Source);
        Assert.Equal(new byte[] { 0xB4, 0x0E, 0xCF, 0x07, 0x15, 0x91 }, chosen.Mac);
    }

    [Fact]
    public void With_no_factory_slot_the_factory_MAC_is_slot_0()
    {
        var region = Region((0x14, ChipLow), (0x18, ChipHigh));

        var read = FactoryMac.FromEfuse(region);

        Assert.Equal(0, read.EfuseSlot);
        Assert.Equal(new byte[] { 0xB4, 0x0E, 0xCF, 0x07, 0x15, 0x91 }, read.Mac);
    }

    [Fact]
    public void Cap_code_bits_in_a_slots_high_word_neither_fill_an_empty_slot_nor_break_a_written_one()
    {
        const uint capCode = 0x25u << 22;
        var capOnly = Region((0x14, ChipLow), (0x18, ChipHigh), (0x70, capCode));
        Assert.True(EfuseMacSlots.IsEmpty(capOnly, 1));
        Assert.Equal(0, FactoryMac.FromEfuse(capOnly).EfuseSlot);

        var written = Region((0x14, ChipLow), (0x18, ChipHigh), (0x6C, FactoryLow), (0x70, FactoryHigh | capCode));
        Assert.Equal(new byte[] { 0x70, 0x3E, 0x97, 0x1E, 0x96, 0x66 }, FactoryMac.FromEfuse(written).Mac);
    }

    [Fact]
    public void B_uses_slot_0_even_when_its_parity_fails_with_the_bytes_left_in_local_order()
    {
        var region = Region((0x14, ChipLow), (0x18, ChipHigh + 0x1_0000));

        var chosen = WifiMacConfig.Choose(MacNode("B"), region);

        Assert.Equal(WifiMacSource.BuiltInEfuse, chosen.Source);
        Assert.Equal(new byte[] { 0x91, 0x15, 0x07, 0xCF, 0x0E, 0xB4 }, chosen.Mac);
    }

    [Fact]
    public void F_needs_both_dtb_addresses_and_gives_the_ap_mac_addr()
    {
        var region = Region();
        byte[] sta = [0xC8, 0x43, 0x57, 0x82, 0x73, 0x40];
        byte[] ap = [0xC8, 0x43, 0x57, 0x82, 0x73, 0x02];

        Assert.Equal(ap, WifiMacConfig.Choose(MacNode("F", sta, ap), region).Mac);
        Assert.Equal(WifiMacSource.Default, WifiMacConfig.Choose(MacNode("F", sta, null), region).Source);
        Assert.Equal(WifiMacSource.Default, WifiMacConfig.Choose(MacNode("F", null, ap), region).Source);
    }

    [Fact]
    public void With_every_source_failed_the_MAC_is_18_B9_05_88_88_88()
    {
        var chosen = WifiMacConfig.Choose(MacNode("MB"), Region());

        Assert.Equal(WifiMacSource.Default, chosen.Source);
        Assert.Equal(new byte[] { 0x18, 0xB9, 0x05, 0x88, 0x88, 0x88 }, chosen.Mac);
    }

    [Fact]
    public void An_eFuse_MAC_whose_bytes_AND_to_1_is_refused_but_all_FF_passes()
    {
        // 01:01:01:01:01:01 (zero bits 42) and FF:FF:FF:FF:FF:FF (0) in slot 0.
        var ones = Region((0x14, 0x01010101), (0x18, 0x002A_0101));
        var allFf = Region((0x14, 0xFFFFFFFF), (0x18, 0x0000_FFFF));

        Assert.Equal(WifiMacSource.Default, WifiMacConfig.Choose(MacNode("B"), ones).Source);
        Assert.Equal(Enumerable.Repeat((byte)0xFF, 6), WifiMacConfig.Choose(MacNode("B"), allFf).Mac);
    }

    [Theory]
    [InlineData("MBFB")]
    [InlineData("")]
    public void A_mode_longer_than_3_sets_nothing_and_an_empty_one_falls_to_the_default(string mode)
    {
        var chosen = WifiMacConfig.Choose(MacNode(mode), Region((0x14, ChipLow), (0x18, ChipHigh)));

        Assert.Equal(mode.Length > 3 ? WifiMacSource.NeverSet : WifiMacSource.Default, chosen.Source);
    }

    [Fact]
    public void A_mode_with_two_strings_sets_nothing_and_an_unknown_letter_asserts()
    {
        var region = Region((0x14, ChipLow), (0x18, ChipHigh));
        var twoStrings = new FdtNode("mac");
        twoStrings.Properties["mode"] = "M\0B\0"u8.ToArray();

        Assert.Equal(WifiMacSource.NeverSet, WifiMacConfig.Choose(twoStrings, region).Source);
        Assert.True(WifiMacConfig.Choose(MacNode("XM"), region).Asserts);
        Assert.Equal(new byte[6], WifiMacConfig.Choose(null, region).Mac);
    }

    [Fact]
    public void With_mfg_media_on_flash_M_comes_from_the_rf_para_record_and_a_bad_CRC_fails_it()
    {
        var region = Region((0x14, ChipLow), (0x18, ChipHigh), (0x6C, FactoryLow), (0x70, FactoryHigh));
        var record = FactoryMac.BuildRfParaRecord([0x70, 0x3E, 0x97, 0x55, 0xAA, 0x01]);

        var chosen = WifiMacConfig.Choose(MacNode("MBF"), region, record, rfParaOnFlash: true);
        Assert.Equal(WifiMacSource.FactoryRfPara, chosen.Source);
        Assert.Equal(new byte[] { 0x70, 0x3E, 0x97, 0x55, 0xAA, 0x01 }, chosen.Mac);

        record[12] ^= 1;
        Assert.Equal(WifiMacSource.BuiltInEfuse, WifiMacConfig.Choose(MacNode("MBF"), region, record, rfParaOnFlash: true).Source);
    }

    [Fact]
    public void The_rf_para_record_is_magic_0x41_then_a_CRC32_over_bytes_4_to_19()
    {
        var record = FactoryMac.BuildRfParaRecord([0x70, 0x3E, 0x97, 0x55, 0xAA, 0x01]);

        Assert.Equal(0x41u, BinaryPrimitives.ReadUInt32LittleEndian(record));
        Assert.Equal(0x5A, record[10]);
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(record.AsSpan(4, 16)), BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(20)));
    }

    [Fact]
    public void The_synthetic_factory_parameters_are_read_by_the_device_side_tree_reader()
    {
        var tree = FdtReader.TryRead(SyntheticAssets.Get(1).FactoryParameters, out var problem);

        Assert.Null(problem);
        var mac = tree!.Root.Subnode("wifi")!.Subnode("mac")!;
        Assert.Equal("MBF", mac.StringListGet("mode", 0));
        Assert.Equal(SyntheticAssets.TreeMac, mac.GetProp("sta_mac_addr"));
        var uart = new FactoryTree(tree.Root, null, false).ConsoleUart;
        Assert.Equal(new UartSetting(0, 2_000_000, 16), uart);
    }

    private static byte[] Region(params (int Offset, uint Word)[] words)
    {
        var region = new byte[128];
        foreach (var (offset, word) in words)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(region.AsSpan(offset), word);
        }

        return region;
    }

    private static FdtNode MacNode(string mode, byte[]? sta = null, byte[]? ap = null)
    {
        var node = new FdtNode("mac");
        node.Properties["mode"] = System.Text.Encoding.ASCII.GetBytes(mode + "\0");
        if (sta is not null)
        {
            node.Properties["sta_mac_addr"] = sta;
        }

        if (ap is not null)
        {
            node.Properties["ap_mac_addr"] = ap;
        }

        return node;
    }
}
