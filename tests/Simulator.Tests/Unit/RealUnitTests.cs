using System.IO.Hashing;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Tests.Firmware;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Unit;

/// <summary>What the real units of issue 9 show the station, derived from their eFuse bytes on the device side.</summary>
public class RealUnitTests
{
    /// <remarks>
    /// d91c: the whole reply is the vendor tool's log line (protocol reference §4.2). 9666 and 048b: the logs
    /// give sw_cfg0 and the chip id bytes; the zero-bit count (0x14, 0x17) is counted by hand from them.
    /// </remarks>
    [Theory]
    [InlineData("amysen-yx-ws01-d91c.json", "010000000000000003000000911507cf0eb41a00")]
    [InlineData("amysen-yx-ws01-9666.json", "010000000000000003000000edb76b29d8ac1400")]
    [InlineData("amysen-yx-ws01-048b.json", "010000000000000003000000e97807cf0eb41700")]
    public void The_bootrom_boot_info_carries_sw_cfg0_3_and_the_chip_id_as_the_vendor_tool_logged(string file, string data)
    {
        var bench = new Bench(options: new SimulatedUnitOptions { Identity = UnitFile.Load(RepositoryPaths.Units(file)) }).PowerUpInBootrom();
        bench.Sync();

        var reply = bench.Exchange(Bench.Frame(0x10, []));

        Assert.Equal(Bench.Concat(Bench.Ok, [0x14, 0x00]), reply[..4]);
        Assert.Equal(data, Convert.ToHexStringLower(reply[4..]));
    }

    [Fact]
    public void The_loader_answers_efuse_read_with_the_128_stored_bytes_and_efuse_read_mac_with_slot_0_as_stored()
    {
        var unit = RealUnits.UnitD91c;
        var bench = new Bench(options: new SimulatedUnitOptions { Identity = unit }).EnterLoader();

        var all = bench.Exchange(Bench.Frame(0x41, Bench.Words(0, 0x80)));
        var mac = bench.Exchange(Bench.Frame(0x42, []));

        Assert.Equal(Bench.Concat(Bench.Ok, [0x80, 0x00], unit.EfuseRegion0.ToArray()), all);
        byte[] stored = [0x91, 0x15, 0x07, 0xCF, 0x0E, 0xB4];
        Assert.Equal(Bench.Concat(Bench.Ok, [0x0A, 0x00], stored, Bench.Words(Crc32.HashToUInt32(stored))), mac);
        Assert.Equal(Bench.Concat(Bench.Ok, [0x08, 0x00], unit.EfuseRegion0.Span.Slice(0x6C, 8).ToArray()), bench.Exchange(Bench.Frame(0x41, Bench.Words(0x6D, 8))));
    }

    [Theory]
    [InlineData("amysen-yx-ws01-9666.json", "70:3E:97:*****", "971e9666")]
    [InlineData("amysen-yx-ws01-d91c.json", "70:3E:97:*****", "971ed91c")]
    [InlineData("amysen-yx-ws01-048b.json", "70:3E:97:*****", "971e048b")]
    [InlineData("test/full-mac-line.json", "70:3E:97:1E:D9:1C", "971ed91c")]
    [InlineData("test/factory-mac-slot1-cap-code.json", "70:3E:97:1E:D9:1C", "971ed91c")]
    [InlineData("test/factory-mac-slot2.json", "70:3E:97:20:00:02", "97200002")]
    [InlineData("test/factory-mac-slot2-bad-parity.json", "B4:0E:CF:07:15:91", "cf071591")]
    [InlineData("test/no-factory-mac.json", "B4:0E:CF:07:15:91", "cf071591")]
    public void The_firmware_prints_the_MAC_the_SDK_rules_give_and_opens_its_AP_with_it(string file, string macLine, string hostname)
    {
        var unit = UnitFile.Load(RepositoryPaths.Units(file));
        var boot = new FlashBoot();
        var chip = new FakeChip(boot.Start, efuse: new FakeEfuse { Region = unit.EfuseRegion0.ToArray(), SoftwareConfig0 = 3 }, identity: unit);
        UnitFlashSetup.WriteImageSet(chip.Flash, TestImages.Set());

        chip.Boot(TimeSpan.FromSeconds(7));

        var log = chip.Text();
        Assert.Contains($"\r\n\r\n[BL] Initi Wi-Fi with MAC #### {macLine} ####\r\n     hostname: OpenBL602_{hostname}\r\n", log, StringComparison.Ordinal);
        Assert.Contains($"[WF][SM] start AP with ssid OpenBL602_{hostname.ToUpperInvariant()};", log, StringComparison.Ordinal);
        var init = log.IndexOf("[APP] [EVT] INIT DONE", StringComparison.Ordinal);
        var wifi = log.IndexOf("[BL] Initi Wi-Fi", StringComparison.Ordinal);
        var mgmr = log.IndexOf("[APP] [EVT] MGMR DONE", StringComparison.Ordinal);
        Assert.True(init < wifi && wifi < mgmr, "the Wi-Fi init block comes between INIT DONE and MGMR DONE");
    }

    [Fact]
    public void A_dtb_with_mode_F_gives_the_dtb_ap_address_not_the_eFuse_one()
    {
        var set = TestImages.Set() with { FactoryParameters = FactoryParametersTree.Write(2_000_000, SyntheticAssets.TreeMac, macMode: "F") };
        var chip = TestImages.FreshlyFlashed(set: set);

        chip.Boot(TimeSpan.FromSeconds(7));

        // The synthetic tree's ap_mac_addr is sta_mac_addr + 1 in the last byte: C8:43:57:82:73:41.
        Assert.Contains("[BL] Initi Wi-Fi with MAC #### C8:43:57:82:73:41 ####", chip.Text(), StringComparison.Ordinal);
        Assert.Contains("start AP with ssid OpenBL602_57827341;", chip.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_options_are_the_first_real_unit()
    {
        Assert.Same(RealUnits.All[0], new SimulatedUnitOptions().Identity);
        Assert.Equal(3u, new Flash.Efuse(RealUnits.All[0].EfuseRegion0.Span).SoftwareConfig0);
    }
}
