using Fixture.Controller.Reports;
using Fixture.Lab.Soak;
using Fixture.Controller.Simulation;
using Fixture.Controller.Workflow;
using Fixture.Simulator.Faults;

namespace Fixture.EndToEnd.Tests;

/// <summary>
/// The fault kinds of fixture-design §7 that <see cref="UnitCycleTests"/> leaves out, end to end on the
/// simulated station: each ends as <see cref="FaultExpectations"/> says, with the socket's lines off on
/// the GPIO transition log and exactly one row. Also checks that table against every kind the fault
/// profiles draw.
/// </summary>
public sealed class FaultCoverageTests
{
    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_fault_kind_the_profiles_draw_ends_as_the_expectation_table_says(FaultKind kind)
    {
        var drawn = new FaultProfile("one kind", kind.ToString(), new Dictionary<FaultKind, double> { [kind] = 1.0 }).Draw(0, 20_260_001 + (int)kind);
        using var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(drawn.Faults, drawn.Station));
        var expected = run.Expect(drawn.Faults, drawn.Station);
        run.Run();

        run.AssertEndsAs(0, expected);
    }

    public static TheoryData<FaultKind> EveryKind() => [.. Enum.GetValues<FaultKind>()];

    [Fact]
    public void Corrupted_bytes_at_a_survivable_rate_pass_with_the_retries_in_the_row()
    {
        var faults = new UnitFaults { LineCorruptionRate = 3e-5 };
        using var run = SimulatedStationRun.WithFaults(faults);
        run.Run();

        var row = run.AssertEndsAs(0, run.Expect(faults));
        Assert.True(row.TotalRetries > 0, "a pass over a corrupting line must show its retries");
        Assert.Contains("after a checksum refusal", row.Detail, StringComparison.Ordinal);
        Assert.Equal("OpenBL602_971E9666", row.SsidSeen);
    }

    [Fact]
    public void Dropped_bytes_at_a_survivable_rate_pass_with_the_retries_and_the_lost_frames_in_the_row()
    {
        // Line noise is seeded per unit: at one byte in a million, socket 6's unit is one whose line does
        // drop bytes while it flashes. The other sockets hold live-rail units, refused before power-on.
        var faults = new UnitFaults { LineDropRate = 1e-6 };
        using var run = SimulatedStationRun.Open(6, (socket, _) => new SimulatedUnitSetup(socket == 5 ? faults : new UnitFaults { LiveRail = true }, StationFaults.None));
        run.Run();

        var row = run.AssertEndsAs(5, run.Expect(faults));
        Assert.True(row.TotalRetries > 0, "a pass over a dropping line must show its retries");
        Assert.Contains("got no reply", row.Detail, StringComparison.Ordinal);
    }

    [Theory]
    // corrupt=0.002: the seeded noise also hits the first eFuse read (read again until two agree), then
    // starves the firmware's write and its hash check: VERIFY, the last phase of Flashing it broke.
    [InlineData("corrupt=0.002", FailureCode.Verify, "Flashing", true)]
    [InlineData("drop=0.001", FailureCode.HelperLoad, "LoadingHelper", true)]
    [InlineData("corrupt=0.02", FailureCode.NoHandshake, "Handshaking", false)]
    public void Line_too_noisy_to_flash_fails_in_the_step_it_broke_without_hanging(string fault, FailureCode code, string step, bool chipIdRead)
    {
        using var run = SimulatedStationRun.WithFaults(UnitFaultsText.Parse([fault]));
        run.Run();

        var row = run.AssertEndsAs(0, new ExpectedOutcome(UnitVerdict.Fail, code, "the line garbles the exchange") { ChipIdRead = chipIdRead });
        Assert.Equal(step, row.FailedStep);
        // What the garbling did: a reply lost or garbled, a frame refused for its checksum, or an xz stream broken.
        Assert.Matches("reply|FL 0103|FL 000C", row.Detail);
        if (code == FailureCode.HelperLoad)
        {
            Assert.Contains("unit restart 1 of 1: the helper load failed", row.Detail, StringComparison.Ordinal);
        }

        // Not a hang: the attempt ended within the step's own timeout, well before the station's limits.
        Assert.True(row.TotalTime < TimeSpan.FromSeconds(60), $"took {row.TotalTime}");
    }

    [Fact]
    public void Helper_load_cut_by_a_reset_glitch_is_retried_after_a_power_cycle_and_the_row_keeps_the_first_reason()
    {
        // The seam resets the chip once as the helper load starts: the bootrom forgets the half-loaded image.
        SimulatedStationRun? run = null;
        var glitched = false;
        run = SimulatedStationRun.Open(1, (_, _) => SimulatedUnitSetup.Healthy, beforeStep: (socket, state, _) =>
        {
            if (state == UnitState.LoadingHelper && !glitched)
            {
                glitched = true;
                var unit = run!.Simulation.UnitIn(socket)!;
                unit.SetChipEnable(false);
                unit.SetChipEnable(true);
            }

            return Task.CompletedTask;
        });
        using (run)
        {
            run.Run();

            var row = run.AssertEndsAs(0, new ExpectedOutcome(UnitVerdict.Pass, null, "the unit restart reloads the helper") { RetriesRequired = true });
            Assert.Contains("unit restart 1 of 1: the helper load failed", row.Detail, StringComparison.Ordinal);
            Assert.Contains("passed after HELPER_LOAD", row.Detail, StringComparison.Ordinal);
            Assert.False(row.WeakSupplyWarning);
        }
    }

    [Fact]
    public void Loader_that_acknowledges_before_programming_passes_proven_by_write_check_and_sha()
    {
        var faults = new UnitFaults { AckMode = LoaderAckMode.BeforeProgramming };
        using var run = SimulatedStationRun.WithFaults(faults);
        run.Run();

        var row = run.AssertEndsAs(0, run.Expect(faults));
        Assert.Equal("OpenBL602_971E9666", row.SsidSeen);
    }

    [Fact]
    public void Deaf_early_acknowledging_loader_passes_thanks_to_resyncs_and_the_row_counts_them()
    {
        var faults = new UnitFaults { AckMode = LoaderAckMode.BeforeProgrammingDeaf };
        using var run = SimulatedStationRun.WithFaults(faults);
        run.Run();

        var row = run.AssertEndsAs(0, run.Expect(faults));
        Assert.True(row.TotalRetries > 0);
        Assert.Contains("re-sync", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_already_in_safe_mode_with_clean_slate_off_fails_safe_mode_and_is_left_able_to_boot_normally()
    {
        using var recipe = TemporaryRecipe.WithCleanSlateOff();
        var faults = new UnitFaults { AlreadyInSafeMode = true };
        using var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(faults, StationFaults.None), recipePath: recipe.Path);
        var expected = run.Expect(faults);
        run.Run();

        var row = run.AssertEndsAs(0, expected);
        Assert.Equal(FailureCode.SafeMode, row.FailureCode);
        Assert.Contains("[SAFE]", File.ReadAllText(Path.Combine(run.ReportDirectory, row.RawLogFile!)), StringComparison.Ordinal);

        // Safe mode still records boot complete: the fixture kept the unit powered past it, so its next boot is normal.
        var boot = run.Simulation.Units[0].Record.Boots[^1];
        Assert.True(boot.EndedAt - boot.StartedAt >= TimeSpan.FromSeconds(6), $"safe-mode boot cut after {boot.EndedAt - boot.StartedAt}");
    }

    [Fact]
    public void Used_unit_with_a_stored_mac_and_clean_slate_off_fails_leftover_config_and_the_row_carries_both_ssid_and_mac()
    {
        byte[] stored = [0x70, 0x3E, 0x97, 0x00, 0x00, 0x07];
        using var recipe = TemporaryRecipe.WithCleanSlateOff();
        var faults = new UnitFaults { UsedUnit = new UsedUnitState { StationSsid = null, StoredMac = stored } };
        using var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(faults, StationFaults.None), recipePath: recipe.Path);
        var expected = run.Expect(faults);
        run.Run();

        var row = run.AssertEndsAs(0, expected);
        Assert.Equal(FailureCode.LeftoverConfig, row.FailureCode);
        Assert.Equal("70:3E:97:1E:96:66", row.Mac);
        Assert.Equal("OpenBL602_97000007", row.SsidSeen);
        Assert.Contains("OpenBL602_971E9666", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Used_unit_with_gpio16_as_a_button_and_clean_slate_off_goes_silent_at_pin_setup_and_fails_leftover_config()
    {
        using var recipe = TemporaryRecipe.WithCleanSlateOff();
        var faults = new UnitFaults { UsedUnit = new UsedUnitState { StationSsid = null, Gpio16AsButton = true } };
        using var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(faults, StationFaults.None), recipePath: recipe.Path);
        var expected = run.Expect(faults);
        run.Run();

        var row = run.AssertEndsAs(0, expected);
        Assert.Equal(FailureCode.LeftoverConfig, row.FailureCode);
        var log = File.ReadAllText(Path.Combine(run.ReportDirectory, row.RawLogFile!));
        Assert.Contains("OpenBL602, version 1.17.366", log, StringComparison.Ordinal);
        Assert.DoesNotContain("PIN_SetupPins", log, StringComparison.Ordinal);
        Assert.Contains("GPIO16", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Used_unit_without_network_pins_or_mac_and_clean_slate_off_passes_noting_the_loaded_config()
    {
        using var recipe = TemporaryRecipe.WithCleanSlateOff();
        var faults = new UnitFaults { UsedUnit = new UsedUnitState { StationSsid = null, BootFailures = 2 } };
        using var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(faults, StationFaults.None), recipePath: recipe.Path);
        var expected = run.Expect(faults);
        run.Run();

        var row = run.AssertEndsAs(0, expected);
        Assert.Contains("loaded config", row.Detail, StringComparison.Ordinal);
    }

    // The seam below stands in for a flash that loses bits between the verify and the boot: the
    // verify proves every region, so no fault of the simulator can leave a corrupt image behind it.
    [Fact]
    public void Firmware_corrupted_after_the_verify_makes_boot2_fail_loudly()
    {
        // A unit whose boot2 log is not fused off (the real units' is): a slot-0-only unit, sw_cfg0 0.
        using var run = SimulatedStationRun.OpenCorruptingBeforeBoot(new SimulatedUnitSetup(UnitFaults.None, StationFaults.None, [0x70, 0x3E, 0x97, 0x1E, 0x96, 0x66]), FirmwareSlot0Code);
        run.Run();

        var row = run.AssertEndsAs(0, new ExpectedOutcome(UnitVerdict.Fail, FailureCode.Boot2Fail, "boot2 prints 'BLSP boot2 fail'"));
        Assert.Equal("VerifyingBoot", row.FailedStep);
        Assert.Contains("BLSP boot2 fail", File.ReadAllText(Path.Combine(run.ReportDirectory, row.RawLogFile!)), StringComparison.Ordinal);
    }

    // Real units often have boot2's log fused off (the protocol reference's sample reads sw_cfg0 = 3). The
    // fixture reads that bit in the bootrom's boot info; with it, not a single byte after a verified flash
    // (the same UART just carried the flashing) is boot2 failing, not a silent line.
    [Fact]
    public void Firmware_corrupted_after_the_verify_on_a_unit_that_mutes_boot2_is_a_boot2_failure_not_silence()
    {
        using var run = SimulatedStationRun.OpenCorruptingBeforeBoot(new SimulatedUnitSetup(new UnitFaults { Boot2LogDisabled = true }, StationFaults.None), FirmwareSlot0Code);
        run.Run();

        var row = run.AssertEndsAs(0, new ExpectedOutcome(UnitVerdict.Fail, FailureCode.Boot2Fail, "silent boot2 on a unit whose eFuse mutes it"));
        Assert.Equal("VerifyingBoot", row.FailedStep);
        Assert.Contains("uart_log_disable", row.Detail, StringComparison.Ordinal);
        // Not one byte from the unit: the raw log holds only the station's own note of its 921 600-baud listen.
        var log = File.ReadAllText(Path.Combine(run.ReportDirectory, row.RawLogFile!));
        Assert.Equal("--- fixture: nothing readable at 2000000 baud; unit reset, listening at 921600 baud ---", log.Trim());
    }

    // A used unit's old OpenBL602 waits in the FW entry's second slot; when the fresh image in the active
    // slot does not survive, boot2 rolls back to it (OTA rollback) and the old version boots.
    [Fact]
    public void Used_unit_with_clean_slate_off_boots_its_old_image_when_the_new_one_is_lost_and_fails_version_mismatch()
    {
        using var recipe = TemporaryRecipe.WithCleanSlateOff();
        var used = new SimulatedUnitSetup(new UnitFaults { UsedUnit = new UsedUnitState { StationSsid = null } }, StationFaults.None);
        using var run = SimulatedStationRun.OpenCorruptingBeforeBoot(used, FirmwareSlot0Code, recipe.Path);
        run.Run();

        var row = run.AssertEndsAs(0, new ExpectedOutcome(UnitVerdict.Fail, FailureCode.VersionMismatch, "boot2 rolled back to the old image"));
        Assert.Equal("1.17.205", row.FirmwareVersionSeen);
        Assert.Contains("1.17.366", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_slate_erases_the_old_image_so_a_lost_new_one_is_boot2_fail_not_an_old_firmware_passing_for_new()
    {
        var used = new SimulatedUnitSetup(new UnitFaults { UsedUnit = new UsedUnitState { StationSsid = null } }, StationFaults.None);
        using var run = SimulatedStationRun.OpenCorruptingBeforeBoot(used, FirmwareSlot0Code);
        run.Run();

        var row = run.AssertEndsAs(0, new ExpectedOutcome(UnitVerdict.Fail, FailureCode.Boot2Fail, "nothing valid to roll back to"));
        Assert.Null(row.FirmwareVersionSeen);
    }

    // With the probe before power-on switched off, a crossed port gets as far as flashing the other
    // socket's unit; the silent boot that follows must still be the station's fault, not the unit's.
    [Fact]
    public void Crossed_port_without_the_power_on_probe_is_caught_after_the_silent_boot_as_a_fixture_fault()
    {
        using var station = TemporaryStation.Edited("\"probePortBeforePower\": true", "\"probePortBeforePower\": false");
        using var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(UnitFaults.None, new StationFaults { CrossedPort = true }), configPath: station.ConfigPath);
        run.Run();

        var row = run.AssertEndsAs(0, new ExpectedOutcome(UnitVerdict.Fail, FailureCode.FixtureFault, "the port's unit did not follow this socket's reset") { ChipIdRead = false });
        Assert.Equal("VerifyingBoot", row.FailedStep);
        Assert.Contains("crossed cables", row.Detail, StringComparison.Ordinal);
        Assert.NotEqual(Fixture.Protocol.Identity.MacAddress.FromBytes(run.Simulation.UnitIn(0)!.Efuse.Mac.Span[..6]).ToString(), row.Mac);
    }

    // Slot 0 of the FW entry at 0x10000; the code starts 4 KiB after its header.
    private const uint FirmwareSlot0Code = 0x10000 + 0x1000 + 0x100;
}
