using Fixture.Simulator.Firmware;

namespace Fixture.Simulator.Tests.Firmware;

public class OpenBl602BootTests
{
    private static readonly TimeSpan FullBoot = TimeSpan.FromSeconds(8);

    [Fact]
    public void Freshly_flashed_unit_prints_the_first_boot_log_with_its_MAC_and_opens_its_AP_at_about_5_s()
    {
        var chip = TestImages.FreshlyFlashed();

        chip.Boot(FullBoot);

        var log = chip.Text();
        Assert.Contains("Starting bl602 now....\r\n", log, StringComparison.Ordinal);
        Assert.Contains("OpenBL602, version 1.17.366\r\n", log, StringComparison.Ordinal);
        Assert.Contains("Warn:CFG:CFG_InitAndLoad: Config crc or ident mismatch. Default config will be loaded.\r\n", log, StringComparison.Ordinal);
        Assert.Contains("Info:CFG:CFG_SetDefaultLEDCorrectionTable: setting defaults\r\n", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Correct config has been loaded", log, StringComparison.Ordinal);
        Assert.Contains("Info:MAIN:Using SSID []\r\n", log, StringComparison.Ordinal);
        Assert.Contains("Info:MQTT:MQTT_RegisterCallback called for bT obl971E9666/ subT obl971E9666/+/set\r\n", log, StringComparison.Ordinal);
        Assert.Contains("Info:MQTT:MQTT_RegisterCallback called for bT cmnd/bl602s/ subT cmnd/bl602s/+\r\n", log, StringComparison.Ordinal);
        Assert.Contains("Info:MAIN:Time 1, idle 0/s, free 108768, MQTT 0(0), bWifi 0, secondsWithNoPing -1, socks 2/21 \r\n", log, StringComparison.Ordinal);
        Assert.Contains("[DHCP] ip_start: [192.168.169.2]\r\n", log, StringComparison.Ordinal);
        Assert.Contains("[WF][SM]               channel  1;\r\n", log, StringComparison.Ordinal);

        var ap = chip.TimeOf("[WF][SM] start AP with ssid OpenBL602_971E9666;\r\n");
        Assert.NotNull(ap);
        Assert.InRange(ap.Value, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));
    }

    [Fact]
    public void Boot_complete_follows_Time_6_at_about_6_s()
    {
        var chip = TestImages.FreshlyFlashed();

        chip.Boot(FullBoot);

        var log = chip.Text();
        var time6 = log.IndexOf("Info:MAIN:Time 6,", StringComparison.Ordinal);
        var complete = log.IndexOf("Info:MAIN:Boot complete time reached (5 seconds)\r\n", StringComparison.Ordinal);
        Assert.True(time6 >= 0 && complete > time6, "boot complete comes right after Time 6");
        Assert.DoesNotContain("Boot complete", log[..time6], StringComparison.Ordinal);
        Assert.InRange(chip.TimeOf("Boot complete time reached")!.Value, TimeSpan.FromSeconds(5.8), TimeSpan.FromSeconds(6.5));
    }

    [Fact]
    public void Second_boot_loads_the_config_the_first_boot_saved()
    {
        var chip = TestImages.FreshlyFlashed();

        chip.Boot(FullBoot);
        chip.Boot(FullBoot);

        var second = chip.Text(boot: 2);
        Assert.Contains("Warn:CFG:CFG_InitAndLoad: Correct config has been loaded with 1 changes count.\r\n", second, StringComparison.Ordinal);
        Assert.DoesNotContain("mismatch", second, StringComparison.Ordinal);
        Assert.Contains("[WF][SM] start AP with ssid OpenBL602_971E9666;", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Sdk_banner_comes_at_2_Mbaud_and_the_factory_parameters_baud_drives_the_console_after_it()
    {
        var chip = TestImages.FreshlyFlashed(set: TestImages.Set(baud: 921_600));

        chip.Boot(FullBoot);

        Assert.All(chip.Output.Where(c => c.Text.Contains("Starting bl602 now", StringComparison.Ordinal) || c.Text.Contains("[OS] Starting OS Scheduler", StringComparison.Ordinal)), c => Assert.Equal(2_000_000, c.Baud));
        var afterReinit = chip.Output.SkipWhile(c => !c.Text.Contains("[OS] Starting OS Scheduler", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.NotEmpty(afterReinit);
        Assert.All(afterReinit, c => Assert.Equal(921_600, c.Baud));
        Assert.Contains(afterReinit, c => c.Text.Contains("OpenBL602, version 1.17.366", StringComparison.Ordinal));
    }

    [Fact]
    public void Threaded_lines_arrive_after_direct_prints_made_later_and_in_chunks_of_at_most_128_bytes()
    {
        var chip = TestImages.FreshlyFlashed();

        chip.Boot(FullBoot);

        var log = chip.Text();

        // Logged (threaded) before the direct "\rMain_Init_Before_Delay\r\n", printed after it.
        Assert.True(log.IndexOf("\rMain_Init_Before_Delay\r\n", StringComparison.Ordinal) < log.IndexOf("Info:MAIN:Main_Init_Before_Delay\r\n", StringComparison.Ordinal));
        var threaded = chip.Output.Where(c => c.Text.Contains("Info:", StringComparison.Ordinal)).ToList();
        Assert.All(threaded, c => Assert.True(c.Bytes.Length <= 128));
        Assert.Contains(threaded, c => c.Bytes.Length == 128);
    }

    [Fact]
    public void Boot_counter_increments_at_about_1_s_so_four_cuts_after_it_make_the_fifth_boot_a_safe_mode_boot()
    {
        var chip = TestImages.FreshlyFlashed();

        for (var i = 0; i < 4; i++)
        {
            chip.Boot(TimeSpan.FromSeconds(3));
        }

        chip.Boot(FullBoot);

        var fifth = chip.Text(boot: 5);
        Assert.Equal(2, CountOf(fifth, "Info:MAIN:###### safe mode activated - boot failures 5\r\n"));
        Assert.Contains("Info:MAIN:[SAFE] Time 1, ", fifth, StringComparison.Ordinal);
        Assert.DoesNotContain("Info:MAIN:Time ", fifth, StringComparison.Ordinal);
        Assert.DoesNotContain("PIN_SetupPins", fifth, StringComparison.Ordinal);
        Assert.DoesNotContain("MQTT_RegisterCallback", fifth, StringComparison.Ordinal);
        Assert.Contains("[WF][SM] start AP with ssid OpenBL602_971E9666;", fifth, StringComparison.Ordinal);
        Assert.Contains("Boot complete time reached", fifth, StringComparison.Ordinal);
        Assert.DoesNotContain("safe mode", chip.Text(boot: 4), StringComparison.Ordinal);
    }

    [Fact]
    public void Boot_complete_in_safe_mode_makes_the_next_boot_normal()
    {
        var chip = TestImages.FreshlyFlashed();
        for (var i = 0; i < 4; i++)
        {
            chip.Boot(TimeSpan.FromSeconds(2));
        }

        chip.Boot(FullBoot);
        chip.Boot(FullBoot);

        var sixth = chip.Text(boot: 6);
        Assert.DoesNotContain("safe mode", sixth, StringComparison.Ordinal);
        Assert.Contains("Info:MAIN:Time 1, ", sixth, StringComparison.Ordinal);
        Assert.Contains("PIN_SetupPins", sixth, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuts_before_the_counter_increments_do_not_count()
    {
        var chip = TestImages.FreshlyFlashed();

        for (var i = 0; i < 8; i++)
        {
            chip.Boot(TimeSpan.FromMilliseconds(950));
        }

        chip.Boot(FullBoot);

        var last = chip.Text(boot: 9);
        Assert.DoesNotContain("safe mode", last, StringComparison.Ordinal);
        Assert.DoesNotContain("OpenBL602, version", chip.Text(boot: 1), StringComparison.Ordinal);
        Assert.Contains("Config crc or ident mismatch", last, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_between_1_s_and_boot_complete_counts_but_a_completed_boot_clears_it()
    {
        var chip = TestImages.FreshlyFlashed();
        for (var i = 0; i < 3; i++)
        {
            chip.Boot(TimeSpan.FromSeconds(5.9));
        }

        chip.Boot(FullBoot); // fourth boot completes: failures back to 0
        for (var i = 0; i < 4; i++)
        {
            chip.Boot(TimeSpan.FromSeconds(1.5));
        }

        chip.Boot(FullBoot);

        Assert.DoesNotContain("safe mode", chip.Text(boot: 4), StringComparison.Ordinal);
        Assert.Contains("###### safe mode activated - boot failures 5", chip.Text(boot: 9), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_current_is_tens_of_mA_and_rises_when_the_AP_comes_up()
    {
        var chip = TestImages.FreshlyFlashed();

        chip.PowerOn();
        chip.RunFor(TimeSpan.FromSeconds(3));
        var beforeAp = chip.LoadCurrent;
        chip.RunFor(TimeSpan.FromSeconds(3));

        Assert.InRange(beforeAp, 0.010, 0.099);
        Assert.True(chip.LoadCurrent > beforeAp);
    }

    [Fact]
    public void Steps_run_in_order_even_when_the_clock_jumps()
    {
        var chip = TestImages.FreshlyFlashed();

        chip.PowerOn();
        chip.Time.Advance(TimeSpan.FromSeconds(8));
        chip.Time.Advance(TimeSpan.FromMilliseconds(1));

        var log = chip.Text();
        Assert.True(log.IndexOf("Starting bl602 now", StringComparison.Ordinal) < log.IndexOf("OpenBL602, version", StringComparison.Ordinal));
        Assert.True(log.IndexOf("Info:MAIN:Time 5,", StringComparison.Ordinal) < log.IndexOf("Info:MAIN:Time 6,", StringComparison.Ordinal));
        Assert.Contains("Boot complete time reached", log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stopped_run_prints_nothing_more()
    {
        var chip = TestImages.FreshlyFlashed();
        chip.PowerOn();
        chip.RunFor(TimeSpan.FromSeconds(1.02));
        var run = chip.Run!;

        chip.PowerOff();
        var before = chip.Output.Count;
        chip.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(before, chip.Output.Count);
        Assert.IsAssignableFrom<IFlashBootRun>(run);
    }

    internal static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
