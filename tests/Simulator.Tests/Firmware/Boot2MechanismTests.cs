using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Sdk;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Firmware;

/// <summary>
/// The real mechanisms behind STOCK_FIRMWARE, BOOT2_FAIL with the log fused off, and the boot2 behaviour
/// they rest on (mfg start request, rollback, the factory partition), after a flash that verified.
/// </summary>
public class Boot2MechanismTests
{
    private static SyntheticAssets Assets => SyntheticAssets.Get(1);

    [Fact]
    public void A_unit_whose_mfg_area_holds_a_start_request_boots_its_stock_image_at_921600_after_the_new_set_is_written()
    {
        var unit = UnitFile.Load(RepositoryPaths.Units("test", "stock-mfg-start-request-921600.json"));
        var chip = new FakeChip(new FlashBoot().Start, efuse: new FakeEfuse { Region = unit.EfuseRegion0.ToArray(), SoftwareConfig0 = 3 }, identity: unit);
        UnitFlashSetup.Apply(chip.Flash, chip.Efuse, UnitFaults.None, Assets.OpenBl602Set, Assets, unit);
        UnitFlashSetup.WriteImageSet(chip.Flash, Assets.OpenBl602Set); // what a flash that verified leaves

        chip.Boot(TimeSpan.FromSeconds(3));

        var outcome = Boot2.Inspect(chip.Flash);
        Assert.Equal("mfg", outcome.StartRequestEntry);
        Assert.Equal(UnitFlashSetup.MfgImageAddress, outcome.FirmwareAddress);
        Assert.Contains("Starting tg7100c now....", chip.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("OpenBL602", chip.Text(), StringComparison.Ordinal);
        Assert.All(chip.Output, c => Assert.Equal(921_600, c.Baud));
    }

    [Fact]
    public void Without_the_start_request_the_same_unit_boots_the_new_firmware()
    {
        var unit = UnitFile.Load(RepositoryPaths.Units("test", "stock-mfg-start-request-921600.json")) with { MfgStartRequest = false };
        var chip = new FakeChip(new FlashBoot().Start, identity: unit);
        UnitFlashSetup.Apply(chip.Flash, chip.Efuse, UnitFaults.None, Assets.OpenBl602Set, Assets, unit);
        UnitFlashSetup.WriteImageSet(chip.Flash, Assets.OpenBl602Set);

        chip.Boot(TimeSpan.FromSeconds(2));

        Assert.Contains("OpenBL602, version", chip.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_failing_at_boot2s_clock_leave_a_unit_with_the_log_fused_off_silent()
    {
        var silent = new FakeChip(new FlashBoot(new FlashBootOptions { BootClockReadErrors = true }).Start, efuse: new FakeEfuse { SoftwareConfig0 = 3 });
        UnitFlashSetup.WriteImageSet(silent.Flash, TestImages.Set());

        silent.Boot(TimeSpan.FromSeconds(3));

        Assert.Empty(silent.Output);
        var outcome = Boot2.Inspect(silent.Flash, new Boot2Conditions(BootClockReadErrors: true));
        Assert.Equal(FlashBootStage.Boot2Failed, outcome.Stage);
        Assert.True(outcome.NoValidTable);
        // The same flash reads clean for the loader and the bootrom: it verifies.
        Assert.Equal(FlashBootStage.FirmwareStarted, Boot2.Inspect(silent.Flash).Stage);
    }

    [Fact]
    public void With_the_log_on_boot2_without_a_valid_table_repeats_No_valid_PT()
    {
        var chip = new FakeChip(new FlashBoot(new FlashBootOptions { BootClockReadErrors = true }).Start);
        UnitFlashSetup.WriteImageSet(chip.Flash, TestImages.Set());

        chip.Boot(TimeSpan.FromSeconds(2));

        Assert.True(OpenBl602BootTests.CountOf(chip.Text(), "No valid PT\r\n\r\n") >= 3);
        Assert.DoesNotContain("BLSP boot2 fail", chip.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_factory_entry_the_firmware_stops_in_board_config_after_its_banner()
    {
        var table = PartitionLayouts.Classic2M with { Entries = [.. PartitionLayouts.Classic2M.Entries.Where(e => e.Name != "factory")] };
        var chip = new FakeChip(new FlashBoot().Start);
        var set = TestImages.Set(table: table);
        chip.Flash.Program(0, set.Boot2Image);
        chip.Flash.Program(PartitionTableReader.Table0Address, set.PartitionTable);
        chip.Flash.Program(PartitionTableReader.Table1Address, set.PartitionTable);
        chip.Flash.Program(0x10000, set.FirmwareImage);

        chip.Boot(TimeSpan.FromSeconds(6));

        var log = chip.Text();
        Assert.Contains("Starting bl602 now....", log, StringComparison.Ordinal);
        Assert.DoesNotContain("[OS] Starting aos_loop_proc task", log, StringComparison.Ordinal);
        Assert.Empty(chip.Resets);
    }
}
