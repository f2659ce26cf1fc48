using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;

namespace Fixture.Simulator.Tests.Firmware;

public class UnitFlashSetupTests
{
    private static SyntheticAssets Assets => SyntheticAssets.Get(1);

    [Fact]
    public void A_healthy_unit_arrives_factory_fresh_with_stock_firmware()
    {
        var chip = new FakeChip(new FlashBoot().Start);

        var record = UnitFlashSetup.Apply(chip.Flash, chip.Efuse, UnitFaults.None, Assets.OpenBl602Set, Assets);
        chip.Boot(TimeSpan.FromSeconds(2));

        Assert.Equal(UnitInstallation.FactoryFresh, record.Installation);
        Assert.Contains("-Welcome to AliOS Things-", chip.Text(), StringComparison.Ordinal);
        var outcome = Boot2.Inspect(chip.Flash);
        Assert.Equal(FirmwareKind.StockTg7100c, outcome.Identity!.Kind);
        Assert.Equal("factory", outcome.Table!.ByName("factory")!.Name);
        Assert.Equal(0x1C1000u, outcome.Table.ByName("factory")!.Address0);
    }

    [Fact]
    public void An_already_flashed_unit_holds_the_recipe_images_byte_for_byte()
    {
        var chip = new FakeChip(new FlashBoot().Start);
        var set = Assets.OpenBl602Set;

        var record = UnitFlashSetup.Apply(chip.Flash, chip.Efuse, new UnitFaults { AlreadyFlashed = true }, set, Assets);
        chip.Boot(TimeSpan.FromSeconds(7));

        Assert.Equal(UnitInstallation.RecipeImages, record.Installation);
        Assert.Equal(set.Boot2Image, chip.Flash.Snapshot(0, set.Boot2Image.Length));
        Assert.Equal(set.PartitionTable, chip.Flash.Snapshot(0xE000, 272));
        Assert.Equal(set.PartitionTable, chip.Flash.Snapshot(0xF000, 272));
        Assert.Equal(set.FirmwareImage, chip.Flash.Snapshot(0x10000, set.FirmwareImage.Length));
        Assert.Equal(set.FactoryParameters, chip.Flash.Snapshot(0x1F8000, set.FactoryParameters.Length));
        Assert.Contains("OpenBL602, version 1.17.366", chip.Text(), StringComparison.Ordinal);
        Assert.Contains("Correct config has been loaded with 1 changes count.", chip.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_used_units_old_image_fits_its_slot_and_boot2_rolls_back_to_it_when_the_active_slot_is_bad()
    {
        var chip = new FakeChip(new FlashBoot().Start);
        UnitFlashSetup.Apply(chip.Flash, chip.Efuse, new UnitFaults { UsedUnit = new UsedUnitState { StationSsid = null } }, Assets.OpenBl602Set, Assets);
        var slot1 = Boot2.Inspect(chip.Flash).Table!.ByType(0)!;
        Assert.True(Assets.OldFirmwareImage.Length <= slot1.MaxLen1, $"old image {Assets.OldFirmwareImage.Length} bytes, slot {slot1.MaxLen1}");

        chip.Flash.Corrupt(0x11000 + 4);
        chip.Boot(TimeSpan.FromSeconds(2));

        Assert.Equal(1, Boot2.Inspect(chip.Flash).FirmwareSlot);
        Assert.Contains("OpenBL602, version 1.17.205", chip.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_used_unit_keeps_an_old_image_in_the_second_slot_and_records_what_was_injected()
    {
        var chip = new FakeChip(new FlashBoot().Start);

        var record = UnitFlashSetup.Apply(chip.Flash, chip.Efuse, new UnitFaults { UsedUnit = new UsedUnitState { Gpio16AsButton = true, BootFailures = 2 } }, Assets.OpenBl602Set, Assets);

        Assert.Equal(UnitInstallation.OlderOpenBl602, record.Installation);
        Assert.Equal(Assets.OldFirmwareImage, chip.Flash.Snapshot(0xD8000, Assets.OldFirmwareImage.Length));
        Assert.Contains(record.Details, d => d.Contains("HomeNetwork", StringComparison.Ordinal));
        Assert.Contains(record.Details, d => d.Contains("GPIO16", StringComparison.Ordinal));
        Assert.Contains(record.Details, d => d.Contains("2 failed boots", StringComparison.Ordinal));
        Assert.Contains(record.Details, d => d.Contains("second firmware slot", StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_slate_erase_of_PSM_and_the_second_slot_header_leaves_a_first_boot_of_the_new_image()
    {
        var chip = new FakeChip(new FlashBoot().Start);
        UnitFlashSetup.Apply(chip.Flash, chip.Efuse, new UnitFaults { UsedUnit = new UsedUnitState { Gpio16AsButton = true } }, Assets.OpenBl602Set, Assets);

        // What the fixture does: write the recipe's image set, erase PSM and the second slot's header.
        UnitFlashSetup.WriteImageSet(chip.Flash, Assets.OpenBl602Set);
        chip.Flash.EraseSectors(0x1E9000, 0x8000);
        chip.Flash.EraseSectors(0xD8000, 0x1000);
        chip.Boot(TimeSpan.FromSeconds(7));

        var log = chip.Text();
        Assert.Contains("OpenBL602, version 1.17.366", log, StringComparison.Ordinal);
        Assert.Contains("Config crc or ident mismatch", log, StringComparison.Ordinal);
        Assert.Contains("[WF][SM] start AP with ssid OpenBL602_971E9666;", log, StringComparison.Ordinal);
    }
}
