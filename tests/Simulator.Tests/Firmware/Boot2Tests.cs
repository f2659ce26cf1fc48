using Fixture.Protocol.Images;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Firmware;

namespace Fixture.Simulator.Tests.Firmware;

public class Boot2Tests
{
    [Fact]
    public void Corrupt_firmware_makes_boot2_print_its_failure_over_and_over_at_2_Mbaud()
    {
        var chip = TestImages.FreshlyFlashed();
        chip.Flash.Corrupt(0x11000 + 100);

        chip.Boot(TimeSpan.FromSeconds(3));

        var log = chip.Text();
        Assert.True(OpenBl602BootTests.CountOf(log, "BLSP boot2 fail\r\n") >= 5);
        Assert.Equal(string.Concat(Enumerable.Repeat("BLSP boot2 fail\r\n", OpenBl602BootTests.CountOf(log, "BLSP boot2 fail\r\n"))), log);
        Assert.All(chip.Output, c => Assert.Equal(2_000_000, c.Baud));
        Assert.Contains("SHA-256", Boot2.Inspect(chip.Flash).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_firmware_with_the_log_disable_efuse_is_silent()
    {
        var chip = TestImages.FreshlyFlashed(efuse: new FakeEfuse { SoftwareConfig0 = 0x3 });
        chip.Flash.EraseSectors(0x10000, 0x1000);

        chip.Boot(TimeSpan.FromSeconds(3));

        Assert.Empty(chip.Output);
        Assert.Equal(FlashBootStage.Boot2Failed, Boot2.Inspect(chip.Flash).Stage);
    }

    [Fact]
    public void Corrupt_boot2_leaves_the_bootrom_with_nothing_to_run_silence()
    {
        var chip = TestImages.FreshlyFlashed();
        chip.Flash.Corrupt(0x2000 + 10);

        chip.Boot(TimeSpan.FromSeconds(3));

        Assert.Empty(chip.Output);
        var outcome = Boot2.Inspect(chip.Flash);
        Assert.Equal(FlashBootStage.Boot2Invalid, outcome.Stage);
        Assert.StartsWith("boot2 at 0x0:", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_valid_partition_table_is_a_boot2_failure()
    {
        var chip = TestImages.FreshlyFlashed();
        chip.Flash.Corrupt(0xE000 + 20);
        chip.Flash.Corrupt(0xF000 + 20);

        var outcome = Boot2.Inspect(chip.Flash);

        Assert.Equal(FlashBootStage.Boot2Failed, outcome.Stage);
        Assert.Contains("no valid partition table", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_partition_copy_with_a_bad_CRC_is_skipped()
    {
        var chip = TestImages.FreshlyFlashed();
        // Copy 0 says FW slot 1 is active (nothing valid there), but its entry CRC is broken.
        var moved = new PartitionTable([.. PartitionLayouts.Classic2M.Entries.Select(e => e.Name == "FW" ? e with { ActiveIndex = 1 } : e)], Age: 5);
        var copy0 = moved.ToBytes();
        copy0[^1] ^= 0xFF;
        chip.Flash.EraseSectors(0xE000, 0x1000);
        chip.Flash.Program(0xE000, copy0);

        chip.Boot(TimeSpan.FromSeconds(6));

        var outcome = Boot2.Inspect(chip.Flash);
        Assert.Equal(1, outcome.TableCopy);
        Assert.Equal(0x10000u, outcome.FirmwareAddress);
        Assert.Contains("[WF][SM] start AP with ssid OpenBL602_971E9666;", chip.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_copy_with_the_larger_age_wins_and_a_tie_goes_to_copy_0()
    {
        var chip = TestImages.FreshlyFlashed();
        chip.Flash.EraseSectors(0xD8000, 0x1000);
        chip.Flash.Program(0xD8000, TestImages.OpenBl602("1.17.400"));
        var slot1 = PartitionLayouts.Classic2M with { Entries = [.. PartitionLayouts.Classic2M.Entries.Select(e => e.Name == "FW" ? e with { ActiveIndex = 1 } : e)] };

        WriteTable(chip, 0xF000, slot1 with { Age = 1 });
        Assert.Equal((1, 0xD8000u), Picked(chip));

        WriteTable(chip, 0xF000, slot1 with { Age = 0 });
        Assert.Equal((0, 0x10000u), Picked(chip));
    }

    [Fact]
    public void An_invalid_active_slot_rolls_back_to_the_other_slot_rewriting_the_other_table_copy_with_age_1()
    {
        var chip = TestImages.FreshlyFlashed();
        chip.Flash.EraseSectors(0xD8000, 0x5000);
        chip.Flash.Program(0xD8000, TestImages.OpenBl602("1.17.205"));
        chip.Flash.Corrupt(0x11000 + 4);

        chip.Boot(TimeSpan.FromSeconds(2));

        Assert.Contains("OpenBL602, version 1.17.205", chip.Text(), StringComparison.Ordinal);
        var outcome = Boot2.Inspect(chip.Flash);
        Assert.Equal(1, outcome.FirmwareSlot);
        Assert.Equal(1, outcome.TableCopy);
        Assert.Equal(1u, outcome.Table!.Age);
        Assert.Equal(1, outcome.Table.ByType(0)!.ActiveIndex);
    }

    [Fact]
    public void Missing_factory_parameters_keep_the_console_at_the_early_rate()
    {
        var chip = TestImages.FreshlyFlashed(set: TestImages.Set(baud: 921_600));
        chip.Flash.EraseSectors(0x1F8000, 0x7000);

        chip.Boot(TimeSpan.FromSeconds(2));

        Assert.All(chip.Output, c => Assert.Equal(2_000_000, c.Baud));
        Assert.NotNull(Boot2.Inspect(chip.Flash).FactoryParametersProblem);
    }

    [Fact]
    public void Stock_firmware_prints_the_AliOS_log_at_2_Mbaud()
    {
        var chip = TestImages.FreshlyFlashed(set: TestImages.Set(firmware: TestImages.Stock()));

        chip.Boot(TimeSpan.FromSeconds(2));

        var log = chip.Text();
        Assert.Contains("Starting tg7100c now....\r\n", log, StringComparison.Ordinal);
        Assert.Contains("-Welcome to AliOS Things-\r\n", log, StringComparison.Ordinal);
        Assert.Contains("\r\n--------Firmware info--------\r\napp: smart_outlet,  board: tg7100cevb\r\n", log, StringComparison.Ordinal);
        Assert.DoesNotContain("OpenBL602", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Starting bl602", log, StringComparison.Ordinal);
        Assert.All(chip.Output, c => Assert.Equal(2_000_000, c.Baud));
    }

    [Fact]
    public void Stock_firmware_logs_at_921600_when_its_image_or_the_setting_says_so()
    {
        var marked = TestImages.FreshlyFlashed(set: TestImages.Set(firmware: TestImages.Stock("sim:console_baud=921600")));
        var configured = TestImages.FreshlyFlashed(options: new FlashBootOptions { StockConsoleBaud = 921_600 }, set: TestImages.Set(firmware: TestImages.Stock()));

        marked.Boot(TimeSpan.FromSeconds(1));
        configured.Boot(TimeSpan.FromSeconds(1));

        Assert.Contains("Welcome to AliOS Things", marked.Text(), StringComparison.Ordinal);
        Assert.All(marked.Output, c => Assert.Equal(921_600, c.Baud));
        Assert.All(configured.Output, c => Assert.Equal(921_600, c.Baud));
        Assert.NotEmpty(configured.Output);
    }

    [Fact]
    public void A_valid_image_of_unknown_firmware_runs_silently()
    {
        var chip = TestImages.FreshlyFlashed(set: TestImages.Set(firmware: FlashImage.Build(TestImages.Code(8192, "something else"), FlashImageKind.Firmware)));

        chip.Boot(TimeSpan.FromSeconds(3));

        Assert.Empty(chip.Output);
        Assert.Equal(FirmwareKind.Unrecognised, Boot2.Inspect(chip.Flash).Identity!.Kind);
    }

    [Fact]
    public void Crashing_firmware_is_reset_by_the_watchdog_and_repeats_its_banner()
    {
        var chip = TestImages.FreshlyFlashed(options: new FlashBootOptions { CrashAfter = TimeSpan.FromSeconds(2.5) });

        chip.PowerOn();
        chip.RunFor(TimeSpan.FromSeconds(12));

        var log = chip.Text();
        Assert.True(OpenBl602BootTests.CountOf(log, "Starting bl602 now....\r\n") >= 3);
        Assert.DoesNotContain("Boot complete", log, StringComparison.Ordinal);
        Assert.All(chip.Resets, r => Assert.Contains("watchdog", r, StringComparison.Ordinal));

        // Hung at 2.5 s after the tick at 2.1 s fed the watchdog: reset 3 s after that feed.
        Assert.Equal(TimeSpan.FromSeconds(5.1), chip.StartTimes[1] - chip.StartTimes[0]);
    }

    [Fact]
    public void A_crash_marker_in_the_image_makes_it_crash_too()
    {
        var chip = TestImages.FreshlyFlashed(set: TestImages.Set(firmware: TestImages.OpenBl602("1.17.366", "sim:crash_after_ms=1500")));

        chip.PowerOn();
        chip.RunFor(TimeSpan.FromSeconds(10));

        Assert.NotEmpty(chip.Resets);
        Assert.True(OpenBl602BootTests.CountOf(chip.Text(), "OpenBL602, version 1.17.366") >= 2);
    }

    private static void WriteTable(FakeChip chip, uint address, PartitionTable table)
    {
        chip.Flash.EraseSectors(address, 0x1000);
        chip.Flash.Program(address, table.ToBytes());
    }

    private static (int Copy, uint Address) Picked(FakeChip chip)
    {
        var outcome = Boot2.Inspect(chip.Flash);
        return (outcome.TableCopy!.Value, outcome.FirmwareAddress!.Value);
    }
}
