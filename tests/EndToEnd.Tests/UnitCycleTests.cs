using Fixture.Controller.Reports;
using Fixture.Controller.Simulation;
using Fixture.Controller.Workflow;
using Fixture.Protocol.BootLog;
using Fixture.Simulator.Faults;
using static Fixture.Simulator.Hardware.SimulatedStationHardware;

namespace Fixture.EndToEnd.Tests;

/// <summary>
/// One unit per fault kind on the simulated station in modelled time: each ends with its code, the
/// socket's lines de-energised on the simulated GPIO chip's transition log, and exactly one CSV row.
/// </summary>
public sealed class UnitCycleTests
{
    [Fact]
    public void Healthy_unit_passes_with_every_measured_column_filled()
    {
        using var run = SimulatedStationRun.WithFaults(UnitFaults.None);
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(UnitVerdict.Pass, row.Verdict);
        Assert.Null(row.FailureCode);
        Assert.Equal("70:3E:97:1E:96:66", row.Mac);
        Assert.Equal("OpenBL602_971E9666", row.SsidSeen);
        Assert.Equal("1.17.366", row.FirmwareVersionSeen);
        Assert.Equal("ef4015", row.JedecId);
        Assert.Equal(1, row.HandshakeAttempts);
        Assert.False(row.WeakSupplyWarning);
        Assert.True(row.BytesSent > 400_000, $"bytes sent {row.BytesSent}");
        Assert.All(new[] { row.PowerUpAndHandshakeTime, row.HelperTime, row.IdentifyTime, row.EraseTime, row.WriteTime, row.VerifyTime, row.BootTime, row.TotalTime }, t => Assert.True(t > TimeSpan.Zero));
        Assert.Equal(0, row.RailVoltageBeforePowerOn!.Value.Volts, 2);
        Assert.Equal(1.0, row.RailVoltageLimit!.Value.Volts, 3);
        Assert.InRange(row.BootromCurrent!.Value.Milliamperes, 3, 15);
        Assert.InRange(row.TimeToBootComplete!.Value.TotalSeconds, 6, 7);
        Assert.Equal(TimeSpan.FromSeconds(10), row.TimeToBootCompleteLimit);
        Assert.Equal(run.Station.Recipe.Sha256, row.RecipeSha256);
        Assert.Equal(64, row.StationConfigSha256.Length);
        Assert.Equal("sim:sim:1", row.AdapterIdentity);
        var log = Path.Combine(run.ReportDirectory, row.RawLogFile!);
        Assert.Contains("[WF][SM] start AP with ssid OpenBL602_971E9666;", File.ReadAllText(log), StringComparison.Ordinal);
        run.AssertDeenergised(0);

        // The verdict reached the operator after the row, with its words.
        var outcome = Assert.Single(run.Observer.Outcomes);
        Assert.Equal("PASS", outcome.Headline);
        Assert.Equal(row.AttemptNumber, outcome.Row.AttemptNumber);
    }

    [Fact]
    public void Unit_is_powered_down_only_after_boot_complete()
    {
        using var run = SimulatedStationRun.WithFaults(UnitFaults.None);
        run.Run();

        // The unit's last boot ran past boot complete (about 6 s) before its power was cut: no failed boot was counted.
        var unit = Assert.Single(run.Simulation.Units);
        var firmwareBoot = unit.Record.Boots[^1];
        Assert.True(firmwareBoot.EndedAt - firmwareBoot.StartedAt >= TimeSpan.FromSeconds(6), $"boot cut after {firmwareBoot.EndedAt - firmwareBoot.StartedAt}");
    }

    [Fact]
    public void Weak_supply_passes_only_thanks_to_power_cycle_retries_and_its_row_says_so()
    {
        using var run = SimulatedStationRun.WithFaults(new UnitFaults { WeakSupplyFailedHandshakes = 2 });
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(UnitVerdict.Pass, row.Verdict);
        Assert.True(row.WeakSupplyWarning);
        // Both bursts of the first power-on browned out; the first power cycle (300 ms off) brought the answer.
        Assert.Equal(2, row.HandshakeAttempts);
        Assert.True(row.TotalRetries >= 1);
        Assert.Equal(300, row.PowerOffTimeThatWorked!.Value.TotalMilliseconds, 0);
        Assert.Contains("weak supply", row.Detail, StringComparison.Ordinal);

        // The retry really cut the power: POWER went on twice.
        var powerOns = run.Transitions(0, SocketSignal.Power).Count(t => run.Asserts(0, SocketSignal.Power, t));
        Assert.Equal(2, powerOns);
        run.AssertDeenergised(0);
    }

    [Fact]
    public void Weak_supply_that_needs_long_off_times_passes_after_the_off_time_has_grown()
    {
        using var run = SimulatedStationRun.WithFaults(new UnitFaults { WeakSupplyMinimumOffTime = TimeSpan.FromMilliseconds(600) });
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(UnitVerdict.Pass, row.Verdict);
        Assert.True(row.WeakSupplyWarning);
        Assert.True(row.PowerOffTimeThatWorked >= TimeSpan.FromMilliseconds(600), $"worked after {row.PowerOffTimeThatWorked}");
        run.AssertDeenergised(0);
    }

    [Theory]
    [MemberData(nameof(FailingUnits))]
    public void Faulty_unit_ends_with_its_code_lines_off_and_one_row(string fault, FailureCode expected, string step)
    {
        using var run = SimulatedStationRun.WithFaults(UnitFaultsText.Parse([fault]));
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(UnitVerdict.Fail, row.Verdict);
        Assert.True(expected == row.FailureCode, $"{fault}: expected {expected}, got {row.FailureCode} in {row.FailedStep}: {row.Detail}");
        Assert.Equal(step, row.FailedStep);
        Assert.False(string.IsNullOrWhiteSpace(row.Detail));
        run.AssertDeenergised(0, wasPowered: expected != FailureCode.LiveRail);
        Assert.StartsWith("FAIL: " + expected.ToText(), Assert.Single(run.Observer.Outcomes).Headline, StringComparison.Ordinal);
    }

    public static TheoryData<string, FailureCode, string> FailingUnits() => new()
    {
        { "dead", FailureCode.NoHandshake, "Handshaking" },
        { "secure-boot", FailureCode.ChipLocked, "Handshaking" },
        { "jedec=c84015", FailureCode.FlashId, "Identifying" },
        { "write-protected", FailureCode.Verify, "Flashing" },
        { "erase-error=20000", FailureCode.Erase, "Flashing" },
        { "program-error=20100", FailureCode.Verify, "Flashing" },
        { "program-timeout=20100", FailureCode.Write, "Flashing" },
        { "crash=2s", FailureCode.BootLoop, "VerifyingBoot" },
        { "live-rail", FailureCode.LiveRail, "PoweringUp" },
        { "short", FailureCode.Short, "EnteringBootloader" },
    };

    [Fact]
    public void Live_rail_unit_is_refused_and_never_powered()
    {
        using var run = SimulatedStationRun.WithFaults(new UnitFaults { LiveRail = true });
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(FailureCode.LiveRail, row.FailureCode);
        Assert.True(row.RailVoltageBeforePowerOn!.Value.Volts > 3);
        Assert.Contains("unplug the plug from mains", row.Detail, StringComparison.OrdinalIgnoreCase);
        run.AssertDeenergised(0, wasPowered: false);
    }

    [Fact]
    public void Secure_boot_unit_fails_chip_locked_then_is_rework_on_its_next_attempt_without_flashing()
    {
        using var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(new UnitFaults { SecureBootFusesSet = true }, StationFaults.None, [0x70, 0x3E, 0x97, 0x00, 0x00, 0x01]));
        run.Run(unitsPerSocket: 2);

        var rows = run.Rows;
        Assert.Equal(2, rows.Count);
        Assert.Equal((UnitVerdict.Fail, FailureCode.ChipLocked), (rows[0].Verdict, rows[0].FailureCode));
        Assert.Equal((UnitVerdict.Rework, FailureCode.ChipLocked), (rows[1].Verdict, rows[1].FailureCode));
        Assert.Equal(rows[0].Mac, rows[1].Mac);
        Assert.True(rows[1].AttemptNumber > rows[0].AttemptNumber);
        Assert.Null(rows[1].HelperTime);
        Assert.Null(rows[1].WriteTime);
        Assert.False(run.Simulation.Units[1].Record.Boots.Any(b => b.LoaderStarted), "the REWORK unit got a flash helper");
        Assert.StartsWith("REWORK", run.Observer.Outcomes[1].Headline, StringComparison.Ordinal);
        run.AssertDeenergised(0);
    }

    [Fact]
    public void Shorted_unit_scanned_again_is_rework_without_being_powered_a_second_time()
    {
        using var run = SimulatedStationRun.WithFaults(new UnitFaults { Short = true });
        run.Station.BindUnitId(1, "PLUG-0042");
        run.Run();
        var powerOnsAfterFirst = run.Transitions(0, SocketSignal.Power).Count(t => run.Asserts(0, SocketSignal.Power, t));
        run.Station.BindUnitId(1, "PLUG-0042");
        run.Run();

        var rows = run.Rows;
        Assert.Equal((UnitVerdict.Fail, FailureCode.Short), (rows[0].Verdict, rows[0].FailureCode));
        Assert.Equal((UnitVerdict.Rework, FailureCode.Short), (rows[1].Verdict, rows[1].FailureCode));
        Assert.Contains("PLUG-0042", rows[1].Detail, StringComparison.Ordinal);
        Assert.Equal(powerOnsAfterFirst, run.Transitions(0, SocketSignal.Power).Count(t => run.Asserts(0, SocketSignal.Power, t)));
        Assert.StartsWith("REWORK", run.Observer.Outcomes[1].Headline, StringComparison.Ordinal);
        run.AssertDeenergised(0);
    }

    [Fact]
    public void Already_flashed_unit_is_hash_skipped_and_passes()
    {
        using var run = SimulatedStationRun.WithFaults(new UnitFaults { AlreadyFlashed = true });
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(UnitVerdict.Pass, row.Verdict);
        Assert.Contains("hash-skip", row.Detail, StringComparison.Ordinal);
        Assert.True(row.WriteTime < TimeSpan.FromSeconds(1), $"write {row.WriteTime}");
        Assert.True(row.BytesSent < 50_000, $"bytes sent {row.BytesSent}");
        run.AssertDeenergised(0);
    }

    [Fact]
    public void Unit_already_in_safe_mode_passes_because_clean_slate_erases_its_boot_counters()
    {
        using var run = SimulatedStationRun.WithFaults(new UnitFaults { AlreadyInSafeMode = true });
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(UnitVerdict.Pass, row.Verdict);
        Assert.DoesNotContain("[SAFE]", File.ReadAllText(Path.Combine(run.ReportDirectory, row.RawLogFile!)), StringComparison.Ordinal);
        run.AssertDeenergised(0);
    }

    [Fact]
    public void Used_unit_with_clean_slate_passes()
    {
        using var run = SimulatedStationRun.WithFaults(new UnitFaults { UsedUnit = new UsedUnitState { StationSsid = "HomeNetwork", BootFailures = 2 } });
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(UnitVerdict.Pass, row.Verdict);
        Assert.Equal("OpenBL602_971E9666", row.SsidSeen);
        run.AssertDeenergised(0);
    }

    [Fact]
    public void Used_unit_without_clean_slate_fails_leftover_config_and_the_row_notes_the_loaded_config()
    {
        using var recipe = TemporaryRecipe.WithCleanSlateOff();
        using var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(new UnitFaults { UsedUnit = new UsedUnitState { StationSsid = "HomeNetwork" } }, StationFaults.None), recipePath: recipe.Path);
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(FailureCode.LeftoverConfig, row.FailureCode);
        Assert.Equal("VerifyingBoot", row.FailedStep);
        Assert.Contains("loaded config", row.Detail, StringComparison.Ordinal);
        run.AssertDeenergised(0);
    }

    [Fact]
    public void Abort_mid_flash_powers_down_and_writes_an_aborted_row()
    {
        using var run = SimulatedStationRun.WithFaults(UnitFaults.None);
        var aborted = 0;
        run.Observer.OnSnapshot = snapshot =>
        {
            if (snapshot.State == nameof(UnitState.Writing) && snapshot.Region == "firmware" && Interlocked.Exchange(ref aborted, 1) == 0)
            {
                run.Station.Abort(1, "test abort");
            }
        };
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(FailureCode.Aborted, row.FailureCode);
        Assert.Equal("Flashing", row.FailedStep);
        Assert.Contains("test abort", row.Detail, StringComparison.Ordinal);
        run.AssertDeenergised(0);
    }

    [Fact]
    public void Exception_thrown_inside_a_step_is_a_fixture_fault_with_lines_off_and_one_row()
    {
        using var run = SimulatedStationRun.Open(1, (_, _) => SimulatedUnitSetup.Healthy, beforeStep: (_, state, _) =>
            state == UnitState.Identifying ? throw new InvalidOperationException("injected step failure") : Task.CompletedTask);
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(FailureCode.FixtureFault, row.FailureCode);
        Assert.Equal("Identifying", row.FailedStep);
        Assert.Contains("injected step failure", row.Detail, StringComparison.Ordinal);
        run.AssertDeenergised(0);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Station_faults_are_fixture_faults(bool sagging, bool crossed)
    {
        using var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(UnitFaults.None, new StationFaults { SaggingSupply = sagging, CrossedPort = crossed }));
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(FailureCode.FixtureFault, row.FailureCode);
        Assert.Contains(sagging ? "sags" : "another socket", row.Detail, StringComparison.Ordinal);
        run.AssertDeenergised(0, wasPowered: sagging);
    }

    [Fact]
    public void Brown_out_mid_write_restarts_the_unit_once_and_passes_keeping_the_first_reason()
    {
        using var run = SimulatedStationRun.WithFaults(new UnitFaults { BrownOutAfterProgrammedBytes = 300_000 });
        run.Run();

        var row = run.SingleRow();
        Assert.True(row.Verdict == UnitVerdict.Pass, $"{row.FailureCode} in {row.FailedStep}: {row.Detail}");
        Assert.Contains("unit restart 1", row.Detail, StringComparison.Ordinal);
        Assert.Contains("passed after", row.Detail, StringComparison.Ordinal);
        run.AssertDeenergised(0);
    }

    [Fact]
    public void Ssid_in_the_row_matches_the_mac_for_every_unit()
    {
        using var run = SimulatedStationRun.WithFaults(UnitFaults.None);
        run.Run(unitsPerSocket: 2);

        Assert.All(run.Rows, r => Assert.Equal(OpenBl602Ssid.Prefix + r.Mac!.Replace(":", "", StringComparison.Ordinal)[4..], r.SsidSeen));
    }
}
