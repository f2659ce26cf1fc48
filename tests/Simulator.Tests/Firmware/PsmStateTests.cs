using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Firmware.Psm;

namespace Fixture.Simulator.Tests.Firmware;

public class PsmStateTests
{
    private static readonly TimeSpan FullBoot = TimeSpan.FromSeconds(8);

    [Fact]
    public void First_boot_writes_the_default_config_and_the_counters_into_PSM()
    {
        var chip = TestImages.FreshlyFlashed();

        chip.Boot(FullBoot);

        var psm = PsmStore.Open(chip.Flash, 0x1E9000, 0x8000);
        var config = ObkConfig.TryParse(psm.Get(PsmStore.ConfigKey)!)!;
        Assert.Equal(1, config.ChangeCounter);
        Assert.Equal("OpenBL602_971E9666", config.LongDeviceName);
        Assert.Equal("obl971E9666", config.MqttClientId);
        Assert.Equal(1024ul, config.Flags);
        Assert.Equal(new BootCounters(1, 1), BootCounters.Parse(psm.Get(PsmStore.BootCountersKey)));
    }

    [Fact]
    public void Erasing_PSM_makes_the_next_boot_a_first_boot_again()
    {
        var chip = TestImages.FreshlyFlashed();
        chip.Boot(FullBoot);

        chip.Flash.EraseSectors(0x1E9000, 0x8000);
        chip.Boot(FullBoot);

        Assert.Contains("Config crc or ident mismatch", chip.Text(boot: 2), StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_SSID_means_station_mode_and_no_AP()
    {
        var chip = UsedUnit(new UsedUnitState { StationSsid = "HomeNetwork", OldImageInSecondSlot = false });

        chip.Boot(FullBoot);

        var log = chip.Text();
        Assert.Contains("Info:MAIN:Using SSID [HomeNetwork]", log, StringComparison.Ordinal);
        Assert.Contains("Info:MAIN:Connecting to SSID [HomeNetwork]", log, StringComparison.Ordinal);
        Assert.Contains("Correct config has been loaded with 7 changes count.", log, StringComparison.Ordinal);
        Assert.DoesNotContain("start AP", log, StringComparison.Ordinal);
        Assert.DoesNotContain("[DHCP]", log, StringComparison.Ordinal);
        Assert.Contains("Boot complete time reached", log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_MAC_wins_over_the_eFuse_MAC()
    {
        var chip = UsedUnit(new UsedUnitState { StationSsid = null, StoredMac = [0x70, 0x3E, 0x97, 0xAA, 0xBB, 0xCC] });

        chip.Boot(FullBoot);

        Assert.Contains("[WF][SM] start AP with ssid OpenBL602_97AABBCC;", chip.Text(), StringComparison.Ordinal);
        Assert.Contains("bT obl97AABBCC/ subT obl97AABBCC/+/set", chip.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void Gpio16_as_a_button_silences_the_log_after_pin_setup()
    {
        var chip = UsedUnit(new UsedUnitState { StationSsid = null, Gpio16AsButton = true });

        chip.Boot(FullBoot);

        var log = chip.Text();
        Assert.Contains("Starting bl602 now....", log, StringComparison.Ordinal);
        Assert.Contains("OpenBL602, version 1.17.205", log, StringComparison.Ordinal);
        Assert.Contains("initLog() done!", log, StringComparison.Ordinal);
        Assert.DoesNotContain("PIN_SetupPins", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Info:", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Time 1", log, StringComparison.Ordinal);
        Assert.DoesNotContain("start AP", log, StringComparison.Ordinal);
        Assert.True(chip.TimeOf("initLog() done!") <= TimeSpan.FromSeconds(1.001));
    }

    [Fact]
    public void In_safe_mode_pins_are_not_set_up_so_Gpio16_does_not_silence_and_the_AP_opens_despite_an_SSID()
    {
        var chip = UsedUnit(new UsedUnitState { StationSsid = "HomeNetwork", Gpio16AsButton = true }, alreadyInSafeMode: true);

        chip.Boot(FullBoot);

        var log = chip.Text();
        Assert.Contains("###### safe mode activated - boot failures 5", log, StringComparison.Ordinal);
        Assert.Contains("Info:MAIN:[SAFE] Time 6,", log, StringComparison.Ordinal);
        Assert.Contains("[WF][SM] start AP with ssid OpenBL602_971E9666;", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Connecting to SSID", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_boot_failures_count_towards_safe_mode()
    {
        var chip = UsedUnit(new UsedUnitState { StationSsid = null, BootFailures = 3 });

        chip.Boot(TimeSpan.FromSeconds(2)); // 4th failure
        chip.Boot(FullBoot);

        Assert.DoesNotContain("safe mode", chip.Text(boot: 1), StringComparison.Ordinal);
        Assert.Contains("###### safe mode activated - boot failures 5", chip.Text(boot: 2), StringComparison.Ordinal);
    }

    [Fact]
    public void PSM_log_compacts_when_full_and_keeps_the_latest_values()
    {
        var flash = new MemoryFlash();
        var store = PsmStore.Open(flash, 0x1E9000, 0x1000);
        for (uint i = 0; i < 600; i++)
        {
            store.Set(PsmStore.BootCountersKey, new BootCounters(i, i).ToBytes());
        }

        var reopened = PsmStore.Open(flash, 0x1E9000, 0x1000);

        Assert.Equal(new BootCounters(599, 599), BootCounters.Parse(reopened.Get(PsmStore.BootCountersKey)));
    }

    [Fact]
    public void A_foreign_or_torn_config_reads_as_no_config()
    {
        var bytes = ObkConfig.CreateDefault([1, 2, 3, 4, 5, 6]).ToBytes();
        bytes[100] ^= 1;

        Assert.Null(ObkConfig.TryParse(bytes));
        Assert.Null(ObkConfig.TryParse(new byte[ObkConfig.ByteLength]));
    }

    private static FakeChip UsedUnit(UsedUnitState state, bool alreadyInSafeMode = false)
    {
        var chip = new FakeChip(new FlashBoot().Start);
        UnitFlashSetup.Apply(chip.Flash, chip.Efuse, new UnitFaults { UsedUnit = state, AlreadyInSafeMode = alreadyInSafeMode }, TestImages.Set(), SyntheticAssets.Get(1));
        return chip;
    }
}
