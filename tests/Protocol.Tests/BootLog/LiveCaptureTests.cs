using System.Text;
using Fixture.Protocol.BootLog;

namespace Fixture.Protocol.Tests.BootLog;

/// <summary>The analyzer fed as the station feeds it: bytes with their time since reset, and time passing.</summary>
public class LiveCaptureTests
{
    private static readonly BootLogExpectations Expect = new() { Macs = BootLogExpectations.One(OpenBl602Boot.WorkedExampleMac), Version = "1.17.366" };

    private static BootLogAnalyzer Run(OpenBl602Boot boot, BootLogExpectations? expectations = null) =>
        boot.Script().FeedTo(new BootLogAnalyzer(expectations ?? Expect));

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void Verdict_stays_pending_until_boot_complete_then_passes()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        var apSeenWhilePending = false;
        foreach (var (at, bytes) in new OpenBl602Boot().Script().Wire())
        {
            analyzer.Feed(bytes, at);
            if (at < Seconds(OpenBl602Boot.TickAt(6)))
            {
                Assert.True(analyzer.Verdict.IsPending, $"decided early at {at}: {analyzer.Verdict.Reason}");
                Assert.False(analyzer.IsBootComplete);
                apSeenWhilePending |= analyzer.Findings.SsidSeen is not null;
            }
        }

        Assert.True(apSeenWhilePending);
        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal(ConfigOrigin.DefaultsWritten, analyzer.Findings.Config);
        Assert.True(analyzer.Findings.HasMarker(BootMarkerKind.PinsSetUp));
        Assert.True(analyzer.IsBootComplete);
        Assert.Equal(BootCompleteEvidence.BootCompleteLine, analyzer.Findings.BootCompleteEvidence);
        Assert.InRange(analyzer.Verdict.DecidedAt!.Value, Seconds(OpenBl602Boot.TickAt(6)), Seconds(OpenBl602Boot.TickAt(6) + 0.05));
        Assert.InRange(analyzer.Findings.ApStartedAt!.Value, Seconds(OpenBl602Boot.TickAt(5)), Seconds(OpenBl602Boot.TickAt(5) + 0.05));
        Assert.Contains(" s", analyzer.Verdict.DecidingEvidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ring_buffer_model_really_cuts_threaded_lines()
    {
        // Guards the other tests: the simulated capture must contain direct lines inside threaded ones.
        var text = new OpenBl602Boot().Script().Text();
        Assert.Matches(@"Info:[^\r\n]*\[WF\]|Info:[^\r\n]*\r(?!\n)Main_Init", text);
    }

    [Fact]
    public void Nothing_at_all_is_silent_at_the_silence_timeout_and_not_before()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Advance(Seconds(2.99));
        Assert.True(analyzer.Verdict.IsPending);

        analyzer.Advance(Seconds(3));
        Assert.Equal(BootFailureKind.Silent, analyzer.Verdict.Failure);
        Assert.Equal("BOOT_SILENT", analyzer.Verdict.FailureCode);
        Assert.Contains("nothing from the unit within 3 s", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_at_a_wrong_baud_are_silent_and_say_so()
    {
        var random = new Random(602);
        var analyzer = new BootLogAnalyzer(Expect);
        for (var ms = 0; ms <= 3000; ms += 10)
        {
            var noise = new byte[200];
            random.NextBytes(noise);
            analyzer.Feed(noise, TimeSpan.FromMilliseconds(ms));
        }

        Assert.Equal(BootFailureKind.Silent, analyzer.Verdict.Failure);
        Assert.Contains("nothing readable", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("921600", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(60200, analyzer.Findings.BytesReceived);
    }

    [Fact]
    public void A_long_noise_burst_without_line_breaks_does_not_hide_the_boot_that_follows()
    {
        var analyzer = new BootLogAnalyzer(Expect with { SilenceTimeout = Seconds(30) });
        analyzer.Feed(Enumerable.Repeat((byte)0xF8, 100_000).ToArray(), TimeSpan.Zero);
        new OpenBl602Boot().Script().FeedTo(analyzer);

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
    }

    [Fact]
    public void Boot_complete_is_inferred_from_the_Time_counter_when_the_line_is_lost()
    {
        var analyzer = Run(new OpenBl602Boot { BootCompleteLine = false });

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal(BootCompleteEvidence.TimeCounter, analyzer.Findings.BootCompleteEvidence);
        Assert.Contains("Time counter reached 7", analyzer.Verdict.DecidingEvidence, StringComparison.Ordinal);
        Assert.InRange(analyzer.Verdict.DecidedAt!.Value, Seconds(OpenBl602Boot.TickAt(7)), Seconds(OpenBl602Boot.TickAt(7) + 0.05));
    }

    [Fact]
    public void Time_6_without_the_line_counts_as_boot_complete_when_the_capture_ends()
    {
        var analyzer = Run(new OpenBl602Boot { BootCompleteLine = false, Ticks = 6 });
        Assert.True(analyzer.Verdict.IsPending);

        analyzer.Complete();
        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Contains("Time counter reached 6", analyzer.Verdict.DecidingEvidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_counter_proves_nothing_after_a_stored_config_that_may_change_FullBootTime()
    {
        var analyzer = Run(new OpenBl602Boot { BootCompleteLine = false, StoredConfigChanges = 3, Ticks = 11 });
        Assert.True(analyzer.Verdict.IsPending);
        analyzer.Advance(Expect.BootCompleteTimeout);

        Assert.Equal(BootFailureKind.MarkerMissing, analyzer.Verdict.Failure);
        Assert.Contains("no boot complete within 12 s", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.False(analyzer.IsBootComplete);

        var cleanSlateOff = Run(new OpenBl602Boot { BootCompleteLine = false, StoredConfigChanges = 3, Ticks = 11 }, Expect with { CleanSlate = false });
        cleanSlateOff.Complete();
        Assert.Equal(BootFailureKind.LeftoverConfig, cleanSlateOff.Verdict.Failure);
    }

    [Fact]
    public void Station_mode_with_clean_slate_off_fails_leftover_config_as_soon_as_it_shows()
    {
        var analyzer = Run(new OpenBl602Boot { StoredConfigChanges = 14, StationSsid = "HomeNet-2G" }, Expect with { CleanSlate = false });

        Assert.Equal(BootFailureKind.LeftoverConfig, analyzer.Verdict.Failure);
        Assert.True(analyzer.Verdict.DecidedAt < Seconds(1), analyzer.Verdict.DecidedAt.ToString());
        // The verdict is final, and the boot is still followed to boot complete for the power-off.
        Assert.True(analyzer.IsBootComplete);
    }

    [Fact]
    public void Log_silenced_at_pin_setup_with_clean_slate_off_is_leftover_config_naming_gpio16()
    {
        var analyzer = new BootLogAnalyzer(Expect with { CleanSlate = false });
        FeedUntilPinSetup(analyzer);
        analyzer.Advance(Seconds(9.99));
        Assert.True(analyzer.Verdict.IsPending);

        analyzer.Advance(Seconds(10));
        Assert.Equal(BootFailureKind.LeftoverConfig, analyzer.Verdict.Failure);
        Assert.Contains("GPIO16", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.Equal("1.17.366", analyzer.Verdict.SeenVersion);
    }

    [Fact]
    public void Log_silenced_at_pin_setup_with_clean_slate_on_is_a_missing_marker_that_says_where_it_stopped()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        FeedUntilPinSetup(analyzer);
        analyzer.Advance(Seconds(10));

        Assert.Equal(BootFailureKind.MarkerMissing, analyzer.Verdict.Failure);
        Assert.Contains("stopped right after the version line", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Total_silence_from_a_unit_whose_efuse_mutes_boot2_is_a_boot2_failure()
    {
        var analyzer = new BootLogAnalyzer(Expect with { Boot2LogDisabled = true });
        analyzer.Advance(Seconds(2.99));
        Assert.True(analyzer.Verdict.IsPending);

        analyzer.Advance(Seconds(3));
        Assert.Equal(BootFailureKind.Boot2Failed, analyzer.Verdict.Failure);
        Assert.Contains("uart_log_disable", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Silence_is_boot_silent_when_boot2_could_have_spoken_or_when_unreadable_bytes_came()
    {
        var speaking = new BootLogAnalyzer(Expect);
        speaking.Advance(Seconds(3));
        Assert.Equal(BootFailureKind.Silent, speaking.Verdict.Failure);

        // Bytes at a rate nobody reads are something running, not a boot2 that stopped.
        var garbled = new BootLogAnalyzer(Expect with { Boot2LogDisabled = true });
        garbled.Feed([0xF0, 0x0F, 0xE6, 0x80], Seconds(0.1));
        garbled.Advance(Seconds(3));
        Assert.Equal(BootFailureKind.Silent, garbled.Verdict.Failure);
    }

    // openbl602-boot.md §4: banner and first direct prints, then silence from PIN_SetupPins on.
    private static void FeedUntilPinSetup(BootLogAnalyzer analyzer)
    {
        analyzer.Feed("Starting bl602 now....\r\nBooting BL602 Chip...\r\n[OS] Starting aos_loop_proc task...\r\n"u8, Seconds(0.06));
        analyzer.Feed("OpenBL602, version 1.17.366\r\nEntering initLog()...\r\nCommands registered!\r\ninitLog() done!\r\n\rMain_Init_Before_Delay\r\n"u8, Seconds(1.0));
    }

    [Fact]
    public void No_AP_by_the_AP_timeout_is_a_missing_marker()
    {
        var analyzer = Run(new OpenBl602Boot { StationSsid = "HomeNet-2G" });
        analyzer.Advance(Seconds(9.99));
        Assert.True(analyzer.Verdict.IsPending);

        analyzer.Advance(Seconds(10));
        Assert.Equal(BootFailureKind.MarkerMissing, analyzer.Verdict.Failure);
        Assert.Contains("no AP start within 10 s", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_that_turns_to_noise_after_the_banner_is_a_missing_marker_that_mentions_the_baud()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("Starting bl602 now....\r\nBooting BL602 Chip...\r\n"u8, Seconds(0.001));
        var random = new Random(7);
        for (var ms = 100; ms <= 10_000; ms += 100)
        {
            var noise = new byte[64];
            random.NextBytes(noise);
            analyzer.Feed(noise, TimeSpan.FromMilliseconds(ms));
        }

        Assert.Equal(BootFailureKind.MarkerMissing, analyzer.Verdict.Failure);
        Assert.Contains("console baud may have changed", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Firmware_crashing_after_it_started_is_a_boot_loop_at_the_first_repeat()
    {
        var analyzer = Run(new OpenBl602Boot { CrashAfterTick = 2, Crashes = 3 });

        Assert.Equal(BootFailureKind.BootLoop, analyzer.Verdict.Failure);
        var secondBoot = OpenBl602Boot.TickAt(2) + 0.5;
        Assert.Equal(Seconds(secondBoot), analyzer.Verdict.DecidedAt);
        Assert.Equal(3, analyzer.Findings.RestartsBeforeBootComplete);
    }

    [Fact]
    public void Time_counter_restarting_without_a_banner_is_a_boot_loop()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        var script = new BootLogScript();
        for (var tick = 1; tick <= 3; tick++)
        {
            script.Threaded(tick, TimeLine(tick));
        }

        // The unit restarted; its banner was lost to noise, only the counter shows it.
        script.Threaded(4.5, TimeLine(1)).Threaded(5.5, TimeLine(2));
        script.FeedTo(analyzer);

        Assert.Equal(BootFailureKind.BootLoop, analyzer.Verdict.Failure);
        Assert.Equal(1, analyzer.Findings.TimeCounterRestarts);
        Assert.Contains("from 3 back to 1", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_low_Time_value_among_rising_ones_is_a_garbled_digit_not_a_restart()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        var script = new BootLogScript().Direct(4.6, "[WF][SM] start AP with ssid OpenBL602_971E9666;");
        foreach (var tick in new[] { 1, 2, 3, 4, 5, 2, 7 })
        {
            script.Threaded(script.Wire().Count + 1, TimeLine(tick));
        }

        script.FeedTo(analyzer);

        Assert.Equal(0, analyzer.Findings.Restarts);
        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
    }

    [Fact]
    public void Banner_repeated_once_by_a_reset_glitch_before_the_firmware_ran_is_not_a_loop()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("Starting bl602 now....\r\nBooting BL602 Chip...\r\n"u8, Seconds(0.001));
        new OpenBl602Boot().Script().FeedTo(analyzer);

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal(1, analyzer.Findings.RestartsBeforeBootComplete);
    }

    [Fact]
    public void Banner_repeated_twice_before_the_firmware_ran_is_a_loop()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("Starting bl602 now....\r\nBooting BL602 Chip...\r\n"u8, Seconds(0.001));
        analyzer.Feed("Starting bl602 now....\r\nBooting BL602 Chip...\r\n"u8, Seconds(0.101));
        analyzer.Feed("Starting bl602 now....\r\n"u8, Seconds(0.201));

        Assert.Equal(BootFailureKind.BootLoop, analyzer.Verdict.Failure);
        Assert.Contains("repeated 3 times", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restart_after_boot_complete_is_noted_not_a_loop_and_boot_complete_is_reset()
    {
        var analyzer = Run(new OpenBl602Boot());
        Assert.True(analyzer.IsBootComplete);

        analyzer.Feed("Starting bl602 now....\r\n"u8, Seconds(20));
        Assert.True(analyzer.Verdict.IsPass);
        Assert.False(analyzer.IsBootComplete);
        Assert.Equal(0, analyzer.Findings.RestartsBeforeBootComplete);
        Assert.Contains(analyzer.Findings.Notes, n => n.Contains("restarted after boot complete", StringComparison.Ordinal));
    }

    [Fact]
    public void Boot2_failure_is_decided_at_its_second_line()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("Media boot return 2\r\nBLSP boot2 fail\r\n"u8, Seconds(0.05));
        Assert.True(analyzer.Verdict.IsPending);

        analyzer.Feed("BLSP boot2 fail\r\n"u8, Seconds(0.55));
        Assert.Equal(BootFailureKind.Boot2Failed, analyzer.Verdict.Failure);
        Assert.Equal(Seconds(0.55), analyzer.Verdict.DecidedAt);
    }

    [Fact]
    public void A_single_boot2_failure_line_then_nothing_is_still_a_boot2_failure()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("BLSP boot2 fail\r\n"u8, Seconds(0.05));
        analyzer.Advance(Seconds(3));
        Assert.True(analyzer.Verdict.IsPending, "one readable line is not silence");

        analyzer.Advance(Seconds(10));
        Assert.Equal(BootFailureKind.Boot2Failed, analyzer.Verdict.Failure);
    }

    [Fact]
    public void Version_that_differs_from_the_recipe_fails_at_the_version_line_and_carries_both()
    {
        var analyzer = Run(new OpenBl602Boot { Version = "1.17.300" });

        Assert.Equal(BootFailureKind.VersionMismatch, analyzer.Verdict.Failure);
        Assert.Equal("VERSION_MISMATCH", analyzer.Verdict.FailureCode);
        Assert.Equal("1.17.300", analyzer.Verdict.SeenVersion);
        Assert.Equal("1.17.366", analyzer.Verdict.ExpectedVersion);
        Assert.Equal(Seconds(OpenBl602Boot.MainInitAt), analyzer.Verdict.DecidedAt);
    }

    [Fact]
    public void Expected_version_does_not_require_a_version_line()
    {
        var analyzer = Run(new OpenBl602Boot { Banner = false });

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Null(analyzer.Verdict.SeenVersion);
    }

    [Fact]
    public void Underscore_version_form_is_not_a_UART_version_line()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("OpenBL602_1.17.300\r\n"u8, Seconds(0.6));

        Assert.Null(analyzer.Findings.VersionSeen);
        Assert.True(analyzer.Verdict.IsPending);
    }

    [Fact]
    public void SSID_that_does_not_match_the_MAC_fails_and_carries_both()
    {
        var analyzer = Run(new OpenBl602Boot { ApSsid = "OpenBL602_971E9667" });

        Assert.Equal(BootFailureKind.SsidMismatch, analyzer.Verdict.Failure);
        Assert.Equal("OpenBL602_971E9667", analyzer.Verdict.SeenSsid);
        Assert.Equal("OpenBL602_971E9666", analyzer.Verdict.ExpectedSsid);
        Assert.Contains("70:3E:97:1E:96:66", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SSID_mismatch_caused_by_a_stored_config_with_clean_slate_off_is_leftover_config()
    {
        var analyzer = Run(new OpenBl602Boot { ApSsid = "OpenBL602_11223344", StoredConfigChanges = 9 }, Expect with { CleanSlate = false });

        Assert.Equal(BootFailureKind.LeftoverConfig, analyzer.Verdict.Failure);
        Assert.Equal("OpenBL602_11223344", analyzer.Verdict.SeenSsid);
        Assert.Equal("OpenBL602_971E9666", analyzer.Verdict.ExpectedSsid);
    }

    [Fact]
    public void Without_a_MAC_a_well_formed_SSID_passes_and_any_other_fails()
    {
        var noMac = Expect with { Macs = [] };
        var good = Run(new OpenBl602Boot { ApSsid = "OpenBL602_0A0B0C0D" }, noMac);
        Assert.True(good.Verdict.IsPass, good.Verdict.Reason);
        Assert.Equal("OpenBL602_0A0B0C0D", good.Verdict.SeenSsid);
        Assert.Null(good.Verdict.ExpectedSsid);

        var custom = Run(new OpenBl602Boot { ApSsid = "KitchenPlug" }, noMac);
        Assert.Equal(BootFailureKind.SsidMismatch, custom.Verdict.Failure);
        Assert.Contains("not of the form OpenBL602_XXXXXXXX", custom.Verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[WF][SM] start AP with ssid OpenBL602_971E9666;\r\n")]
    [InlineData("[WF][SM] start AP with ssid OpenBL602_971E9666;xyz\r\n")]
    [InlineData("[WF][SM] start AP with ssid OpenBL602_971E9666\r\n")]
    [InlineData("\u00fe\u0081[SM] start AP with ssid OpenBL602_971E9666;\u00fe\u0080\r\n")]
    [InlineData("Info:MAIN:Time 4, idle 0/s, fr[WF][SM] start AP with ssid OpenBL602_971E9666;\r")]
    public void SSID_is_found_anywhere_in_the_line_and_trailing_characters_are_ignored(string line)
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed(Encoding.Latin1.GetBytes(line), Seconds(5.6));

        Assert.Equal("OpenBL602_971E9666", analyzer.Findings.SsidSeen);
        Assert.True(analyzer.Verdict.IsPending);
    }

    [Fact]
    public void A_partial_SSID_line_decides_nothing_until_it_is_complete()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("[WF][SM] start AP with ssid OpenBL602_971E96"u8, Seconds(0.5));
        Assert.True(analyzer.Verdict.IsPending);
        Assert.Null(analyzer.Findings.SsidSeen);

        analyzer.Feed("66;\r\n"u8, Seconds(0.501));
        Assert.Equal("OpenBL602_971E9666", analyzer.Findings.SsidSeen);
        Assert.True(analyzer.Verdict.IsPending);
    }

    [Fact]
    public void A_cut_SSID_at_the_end_of_a_capture_is_not_read_as_a_mismatch()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("[WF][SM] start AP with ssid OpenBL602_971E96"u8, Seconds(0.5));
        analyzer.Complete();

        Assert.Equal(BootFailureKind.MarkerMissing, analyzer.Verdict.Failure);
        Assert.Contains("SSID line was unreadable", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Time_line_cut_by_a_direct_print_is_not_a_counter_restart()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed(Encoding.Latin1.GetBytes(TimeLine(11) + "\r\n"), Seconds(11.6));
        // `Time 12` was cut after its first digit: `Info:MAIN:Time 1` must not read as a restart.
        analyzer.Feed("Info:MAIN:Time 1"u8, Seconds(12.6));
        analyzer.Feed("[APP] [EVT] [AP] [ADD] 12601, sta idx is 0\r\n"u8, Seconds(12.6));
        analyzer.Feed("2, idle 0/s, free 91200, MQTT 0(0), bWifi 0, secondsWithNoPing -1, socks 2/21 \r\n"u8, Seconds(12.61));

        Assert.Equal(0, analyzer.Findings.Restarts);
        Assert.Equal(12, analyzer.Findings.HighestTimeTick);
    }

    [Fact]
    public void Boot_complete_line_cut_by_a_direct_print_is_joined_and_decides()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("[WF][SM] start AP with ssid OpenBL602_971E9666;\r\n"u8, Seconds(5.6));
        analyzer.Feed("Info:MAIN:Boot comp"u8, Seconds(6.6));
        analyzer.Feed("\rMain_Init_Delay done\r\n"u8, Seconds(6.6));
        analyzer.Feed("[APP] [EVT] [AP] [ADD] 6601, sta idx is 0\r\n"u8, Seconds(6.6));
        Assert.True(analyzer.Verdict.IsPending);

        analyzer.Feed("lete time reached (5 seconds)\r\n"u8, Seconds(6.61));
        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal(BootCompleteEvidence.BootCompleteLine, analyzer.Findings.BootCompleteEvidence);
    }

    [Theory]
    [InlineData("Info:MAIN:Boot complete time reached (5 seconds)")]
    [InlineData("I\u00eefo:M\u00c1IN:Boot complete time reached (5 seconds)")]
    [InlineData("o:MAIN:Boot complete time reached (5 seconds)")]
    [InlineData("\u00ff\u00ffBoot complete time reached")]
    public void Boot_complete_phrase_counts_even_with_a_mangled_prefix(string line)
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed(Encoding.Latin1.GetBytes(line + "\r\n"), Seconds(6.6));

        Assert.True(analyzer.IsBootComplete);
        Assert.Equal(BootCompleteEvidence.BootCompleteLine, analyzer.Findings.BootCompleteEvidence);
    }

    [Fact]
    public void Safe_mode_shows_by_its_Time_prefix_alone()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("Info:MAIN:[SAFE] Time 1, idle 0/s, free 108768, MQTT 0(0), bWifi 0, secondsWithNoPing -1, socks 2/21 \r\n"u8, Seconds(1.6));

        Assert.Equal(BootFailureKind.SafeMode, analyzer.Verdict.Failure);
        Assert.Null(analyzer.Findings.SafeModeBootFailures);
        Assert.Equal(1, analyzer.Findings.HighestTimeTick);
    }

    [Theory]
    [InlineData("app: smart_outlet,  board: tg7100cevb")]
    [InlineData("app: smart_outlet, board: tg7100cevb")]
    [InlineData("app:smart_outlet,board:yx_ws01")]
    [InlineData("-Welcome to AliOS Things-")]
    [InlineData("--------Firmware info--------")]
    [InlineData("Starting tg7100c now....")]
    public void Each_stock_firmware_marker_alone_fails_stock_firmware(string line)
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed(Encoding.Latin1.GetBytes("\r\n" + line + "\r\n"), Seconds(0.2));

        Assert.Equal(BootFailureKind.StockFirmware, analyzer.Verdict.Failure);
    }

    [Fact]
    public void Verdict_is_final_once_decided()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("Starting tg7100c now....\r\n"u8, Seconds(0.01));
        var verdict = analyzer.Verdict;
        new OpenBl602Boot().Script().FeedTo(analyzer);

        Assert.Same(verdict, analyzer.Verdict);
        Assert.Same(verdict, analyzer.Complete());
        Assert.Same(verdict, analyzer.Complete());
    }

    [Fact]
    public void Feeding_after_the_capture_ended_is_refused()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Complete();

        Assert.Throws<InvalidOperationException>(() => analyzer.Feed("x"u8, Seconds(1)));
        Assert.Throws<InvalidOperationException>(() => analyzer.Advance(Seconds(1)));
    }

    [Fact]
    public void Time_going_backwards_in_the_caller_is_ignored()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Advance(Seconds(2));
        analyzer.Feed("garbage"u8, Seconds(1));
        analyzer.Advance(Seconds(2.5));

        Assert.True(analyzer.Verdict.IsPending);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Mangled_threaded_line_prefixes_never_change_a_good_verdict(int seed)
    {
        var random = new Random(seed);
        var pieces = new OpenBl602Boot().Script().Wire();
        var analyzer = new BootLogAnalyzer(Expect);
        foreach (var (at, bytes) in pieces)
        {
            var mangled = (byte[])bytes.Clone();
            for (var i = 0; i + 10 <= mangled.Length; i++)
            {
                // Hit the `Info:MAIN:` / `Warn:CFG:` prefix, never the text after it.
                if (mangled.AsSpan(i).StartsWith("Info:"u8) || mangled.AsSpan(i).StartsWith("Warn:"u8))
                {
                    for (var hits = random.Next(1, 4); hits > 0; hits--)
                    {
                        mangled[i + random.Next(0, 9)] = (byte)random.Next(0x80, 0x100);
                    }
                }
            }

            analyzer.Feed(mangled, at);
        }

        analyzer.Complete();
        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal(0, analyzer.Findings.Restarts);
        Assert.Equal(8, analyzer.Findings.HighestTimeTick);
    }

    internal static string TimeLine(int tick) =>
        $"Info:MAIN:Time {tick}, idle 0/s, free 108768, MQTT 0(0), bWifi 0, secondsWithNoPing -1, socks 2/21 ";
}
