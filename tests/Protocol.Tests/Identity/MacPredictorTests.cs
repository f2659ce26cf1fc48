using System.Buffers.Binary;
using Fixture.Protocol.BootLog;
using Fixture.Protocol.Identity;
using Fixture.Protocol.Images.DeviceTree;

namespace Fixture.Protocol.Tests.Identity;

/// <summary>
/// The firmware's MAC as the Bouffalo SDK computes it, on eFuse images written word by word from
/// hand-worked vectors (ef_data_0_reg.h offsets; each slot: low word = MAC bytes 5..2, high word =
/// bytes 1..0 + the zero-bit count in bits 16..21). Zero bits: AC:D8:29:6B:B7:ED has 20 (0x14),
/// 70:3E:97:1E:96:66 and 70:3E:97:1E:D9:1C have 23 (0x17), B4:0E:CF:07:15:91 has 26 (0x1A).
/// </summary>
public class MacPredictorTests
{
    // Unit amysen-yx-ws01-9666: chip id AC:D8:29:6B:B7:ED in slot 0.
    private static readonly (int, uint)[] ChipIdAcd8 = [(0x14, 0x296BB7ED), (0x18, 0x0014ACD8)];

    // 70:3E:97:1E:96:66 in slot 1 (key_slot_5 w0/w1).
    private static readonly (int, uint)[] FactoryInSlot1 = [(0x6C, 0x971E9666), (0x70, 0x0017703E)];

    // 70:3E:97:1E:D9:1C in slot 2 (dbg_pwd low/high).
    private static readonly (int, uint)[] FactoryInSlot2 = [(0x04, 0x971ED91C), (0x08, 0x0017703E)];

    private static EfuseRegion0 Efuse(params (int Offset, uint Word)[][] words)
    {
        var region = new byte[128];
        BinaryPrimitives.WriteUInt32LittleEndian(region.AsSpan(0x10), 3); // sw_cfg0 as the real units: bootrom_protect + uart_log_disable
        foreach (var (offset, word) in words.SelectMany(w => w))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(region.AsSpan(offset), word);
        }

        return EfuseRegion0.Parse(region);
    }

    private static FactoryParameters Dtb(string[]? mode, byte[]? sta = null, byte[]? ap = null, bool macNode = true)
    {
        var root = new DeviceTreeNode(string.Empty);
        var wifi = root.AddChild("wifi");
        if (macNode)
        {
            var mac = wifi.AddChild("mac");
            if (mode is not null)
            {
                mac.Add("mode", mode);
            }

            if (sta is not null)
            {
                mac.Add("sta_mac_addr", sta);
            }

            if (ap is not null)
            {
                mac.Add("ap_mac_addr", ap);
            }
        }

        return new FactoryParameters(root);
    }

    // The standard dts: sta C8 43 57 82 73 40, ap C8 43 57 82 73 02.
    private static FactoryParameters Standard(string mode = "MBF") =>
        Dtb([mode], [0xC8, 0x43, 0x57, 0x82, 0x73, 0x40], [0xC8, 0x43, 0x57, 0x82, 0x73, 0x02]);

    private static MacPrediction Single(MacPredictionResult result)
    {
        Assert.Null(result.Unpredictable);
        return Assert.Single(result.Candidates);
    }

    [Fact]
    public void Real_unit_with_its_factory_MAC_in_slot_1_opens_OpenBL602_971E9666()
    {
        var efuse = Efuse(ChipIdAcd8, FactoryInSlot1);

        var prediction = Single(MacPredictor.Predict(efuse, Standard()));

        Assert.Equal(("70:3E:97:1E:96:66", MacSource.EfuseSlot1), (prediction.Mac.ToString(), prediction.Source));
        Assert.Equal("OpenBL602_971E9666", OpenBl602Ssid.FromMac(prediction.Mac));
        Assert.Equal("AC:D8:29:6B:B7:ED", efuse.ChipId.ToString());
    }

    [Fact]
    public void Slot_2_is_the_factory_MAC_when_written_even_with_slot_1_written_too()
    {
        var prediction = Single(MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot1, FactoryInSlot2), Standard()));

        Assert.Equal(("70:3E:97:1E:D9:1C", MacSource.EfuseSlot2), (prediction.Mac.ToString(), prediction.Source));
    }

    [Fact]
    public void A_corrupt_slot_2_fails_M_without_falling_back_to_slot_1_so_B_gives_slot_0()
    {
        (int, uint)[] corrupt = [(0x04, 0x971ED91C), (0x08, 0x0016703E)]; // zero count 22 stored, 23 counted

        var prediction = Single(MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot1, corrupt), Standard()));

        Assert.Equal(("AC:D8:29:6B:B7:ED", MacSource.EfuseSlot0), (prediction.Mac.ToString(), prediction.Source));
        Assert.Contains("parity fails", prediction.How, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_factory_MAC_M_reads_slot_0_the_chip_id()
    {
        var prediction = Single(MacPredictor.Predict(Efuse(ChipIdAcd8), Standard()));

        Assert.Equal(("AC:D8:29:6B:B7:ED", MacSource.EfuseSlot0), (prediction.Mac.ToString(), prediction.Source));
        Assert.Equal("OpenBL602_296BB7ED", OpenBl602Ssid.FromMac(prediction.Mac));
    }

    [Fact]
    public void Cap_code_bits_alone_do_not_make_a_slot_written()
    {
        (int, uint)[] capCodeOnly = [(0x08, 0x2Au << 22)];

        var prediction = Single(MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot1, capCodeOnly), Standard()));

        Assert.Equal(MacSource.EfuseSlot1, prediction.Source);
        Assert.True(Efuse(capCodeOnly).Slot(2).IsEmpty);
        Assert.Equal(0x2A, Efuse(capCodeOnly).Slot(2).CapCode);
    }

    [Fact]
    public void A_cap_code_beside_a_MAC_does_not_break_its_parity()
    {
        (int, uint)[] slot1WithCapCode = [(0x6C, 0x971E9666), (0x70, 0x0017703E | (0x2Au << 22))];

        var prediction = Single(MacPredictor.Predict(Efuse(ChipIdAcd8, slot1WithCapCode), Standard()));

        Assert.Equal(("70:3E:97:1E:96:66", MacSource.EfuseSlot1), (prediction.Mac.ToString(), prediction.Source));
    }

    [Fact]
    public void Mode_B_uses_slot_0_whatever_the_factory_slots_hold()
    {
        var prediction = Single(MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot1), Standard("B")));

        Assert.Equal(("AC:D8:29:6B:B7:ED", MacSource.EfuseSlot0), (prediction.Mac.ToString(), prediction.Source));
    }

    [Fact]
    public void Mode_B_uses_slot_0_even_when_its_parity_fails_in_stored_byte_order()
    {
        (int, uint)[] badChipId = [(0x14, 0xCF071591), (0x18, 0x0019B40E)]; // B4:0E:CF:07:15:91 with 25 stored, 26 counted

        var prediction = Single(MacPredictor.Predict(Efuse(badChipId), Standard("B")));

        Assert.Equal(("91:15:07:CF:0E:B4", MacSource.EfuseSlot0), (prediction.Mac.ToString(), prediction.Source));
    }

    [Fact]
    public void Mode_F_gives_the_dtbs_ap_mac_addr_as_the_SDK_code_does_not_sta_mac_addr()
    {
        var prediction = Single(MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot1), Standard("F")));

        Assert.Equal(("C8:43:57:82:73:02", MacSource.Dtb), (prediction.Mac.ToString(), prediction.Source));
        Assert.Equal("OpenBL602_57827302", OpenBl602Ssid.FromMac(prediction.Mac));
    }

    [Fact]
    public void Mode_F_needs_both_dtb_MACs()
    {
        var onlySta = Dtb(["FB"], sta: [0xC8, 0x43, 0x57, 0x82, 0x73, 0x40]);

        var prediction = Single(MacPredictor.Predict(Efuse(ChipIdAcd8), onlySta));

        Assert.Equal(MacSource.EfuseSlot0, prediction.Source);
    }

    [Fact]
    public void Mode_M_alone_reads_the_factory_slots()
    {
        var prediction = Single(MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot2), Standard("M")));

        Assert.Equal(MacSource.EfuseSlot2, prediction.Source);
    }

    [Fact]
    public void When_no_source_gives_a_MAC_the_SDK_default_is_used()
    {
        var result = MacPredictor.Predict(Efuse(), Dtb(["MBF"]));

        var prediction = Single(result);
        Assert.Equal(("18:B9:05:88:88:88", MacSource.Default), (prediction.Mac.ToString(), prediction.Source));
        Assert.Empty(result.Assumptions);
    }

    [Fact]
    public void An_empty_mode_gives_the_default_MAC_as_an_assumption()
    {
        var result = MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot1), Standard(string.Empty));

        Assert.Equal(MacSource.Default, Single(result).Source);
        Assert.Contains(result.Assumptions, a => a.Contains("uninitialised", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "MBFM" }, "longer than 3")]
    [InlineData(new[] { "M", "B" }, "exactly one")]
    [InlineData(new[] { "XB" }, "BL_ASSERT")]
    public void A_mode_the_SDK_cannot_use_leaves_the_MAC_unpredictable(string[] mode, string why)
    {
        var result = MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot1), Dtb(mode));

        Assert.Empty(result.Candidates);
        Assert.Contains(why, result.Unpredictable, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_wifi_mac_node_the_MAC_is_unpredictable()
    {
        Assert.Contains("no wifi/mac node", MacPredictor.Predict(Efuse(ChipIdAcd8), Dtb(null, macNode: false)).Unpredictable, StringComparison.Ordinal);
    }

    [Fact]
    public void An_assert_character_after_a_source_that_succeeds_is_never_reached()
    {
        Assert.Equal(MacSource.EfuseSlot1, Single(MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot1), Dtb(["MX"]))).Source);
    }

    [Fact]
    public void The_SDK_refuses_a_MAC_whose_bytes_AND_to_1_but_not_one_whose_bytes_are_all_FF()
    {
        (int, uint)[] ones = [(0x6C, 0x01010101), (0x70, 0x002A0101)]; // 01:01:01:01:01:01, 42 zero bits
        (int, uint)[] allFf = [(0x6C, 0xFFFFFFFF), (0x70, 0x0000FFFF)]; // FF:FF:FF:FF:FF:FF, 0 zero bits

        Assert.Equal(MacSource.EfuseSlot0, Single(MacPredictor.Predict(Efuse(ChipIdAcd8, ones), Standard())).Source);
        Assert.Equal(("FF:FF:FF:FF:FF:FF", MacSource.EfuseSlot1), Single(MacPredictor.Predict(Efuse(ChipIdAcd8, allFf), Standard())) is var p ? (p.Mac.ToString(), p.Source) : default);
    }

    [Fact]
    public void With_an_rf_para_entry_a_valid_record_and_the_eFuse_slot_are_both_plausible()
    {
        var record = RfParaRecordTests.Record("70:3E:97:AA:BB:CC");

        var result = MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot1), Standard(), rfParaInTable: true, rfPara: record);

        Assert.Equal(
            [("70:3E:97:1E:96:66", MacSource.EfuseSlot1), ("70:3E:97:AA:BB:CC", MacSource.FlashRfPara)],
            result.Candidates.Select(c => (c.Mac.ToString(), c.Source)));
    }

    [Fact]
    public void With_an_invalid_rf_para_record_M_on_flash_fails_and_B_follows()
    {
        var bytes = RfParaRecordTests.Record("70:3E:97:AA:BB:CC").Bytes.ToArray();
        bytes[13] ^= 0x01; // a MAC byte changed after the CRC was computed

        var result = MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot1), Standard(), rfParaInTable: true, rfPara: RfParaRecord.Parse(bytes));

        Assert.Equal(
            [("70:3E:97:1E:96:66", MacSource.EfuseSlot1), ("AC:D8:29:6B:B7:ED", MacSource.EfuseSlot0)],
            result.Candidates.Select(c => (c.Mac.ToString(), c.Source)));
    }

    [Fact]
    public void Without_an_rf_para_entry_the_record_is_not_considered()
    {
        var result = MacPredictor.Predict(Efuse(ChipIdAcd8, FactoryInSlot1), Standard(), rfParaInTable: false, rfPara: RfParaRecordTests.Record("70:3E:97:AA:BB:CC"));

        Assert.Equal(MacSource.EfuseSlot1, Single(result).Source);
    }
}
