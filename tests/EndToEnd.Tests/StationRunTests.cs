using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Simulation;
using Fixture.Protocol.BootLog;
using Fixture.Simulator.Faults;

namespace Fixture.EndToEnd.Tests;

/// <summary>The README command, gang mode, and what survives a station restart.</summary>
public sealed class StationRunTests
{
    [Fact]
    public void Readme_command_flashes_three_units_that_pass_with_distinct_macs_and_matching_ssids()
    {
        var reports = Directory.CreateTempSubdirectory("fixture-readme-").FullName;
        try
        {
            var (exit, output, error) = FixtureCli.Run("run", "--sim", "--units", "3", "--reports", reports);

            Assert.True(exit == 0, error + output);
            Assert.Equal(3, output.Split('\n').Count(l => l.Contains("] PASS ", StringComparison.Ordinal)));
            var file = Assert.Single(Directory.GetFiles(Path.Combine(reports, "sim-1"), "*.csv"));
            var rows = UnitReportCsv.ReadAllRows(file);
            Assert.Equal(3, rows.Count);
            Assert.All(rows, r => Assert.Equal(UnitVerdict.Pass, r.Verdict));
            Assert.Equal(3, rows.Select(r => r.Mac).Distinct().Count());
            Assert.All(rows, r => Assert.Equal(OpenBl602Ssid.Prefix + r.Mac!.Replace(":", "", StringComparison.Ordinal)[4..], r.SsidSeen));
            Assert.Equal([1L, 2L, 3L], rows.Select(r => r.AttemptNumber).Order());
        }
        finally
        {
            Directory.Delete(reports, recursive: true);
        }
    }

    [Fact]
    public void Run_refuses_a_bad_fault_profile_with_exit_2_before_touching_anything()
    {
        var (exit, _, error) = FixtureCli.Run("run", "--sim", "--units", "1", "--faults", "nonsense");

        Assert.Equal(2, exit);
        Assert.Contains("nonsense", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_socket_gang_run_with_different_faults_gets_each_sockets_rows_right_and_separate_logs()
    {
        using var run = SimulatedStationRun.Open(2, (socket, _) => socket == 0
            ? SimulatedUnitSetup.Healthy
            : new SimulatedUnitSetup(new UnitFaults { FirmwareCrashAfter = TimeSpan.FromSeconds(2) }, StationFaults.None));
        run.Run(unitsPerSocket: 2);

        var rows = run.Rows;
        Assert.Equal(4, rows.Count);
        Assert.All(rows.Where(r => r.Socket == 1), r => Assert.Equal(UnitVerdict.Pass, r.Verdict));
        Assert.All(rows.Where(r => r.Socket == 2), r => Assert.Equal(FailureCode.BootLoop, r.FailureCode));
        Assert.Equal(4, rows.Select(r => r.AttemptNumber).Distinct().Count());
        Assert.Equal(4, rows.Select(r => r.Mac).Distinct().Count());
        Assert.Equal(4, rows.Select(r => r.RawLogFile).Distinct().Count());
        foreach (var row in rows)
        {
            // Each socket's log is its own: no other unit's SSID shows in it.
            var log = File.ReadAllText(Path.Combine(run.ReportDirectory, row.RawLogFile!));
            var others = rows.Where(r => r.Mac != row.Mac).Select(r => OpenBl602Ssid.Prefix + r.Mac!.Replace(":", "", StringComparison.Ordinal)[4..]);
            Assert.All(others, ssid => Assert.DoesNotContain(ssid, log, StringComparison.Ordinal));
        }

        run.AssertDeenergised(0);
        run.AssertDeenergised(1);
    }

    [Fact]
    public async Task A_socket_started_again_after_its_last_unit_flashes_the_next_unit_too()
    {
        // The interactive station starts each unit as its own run on the socket's loop, with the port kept
        // open in between: the port's reader, left waiting by the first run, must serve the second.
        using var run = SimulatedStationRun.Open(1, (_, _) => SimulatedUnitSetup.Healthy);
        run.Run();
        run.Run();
        await run.Station.RunOneAsync(1, CancellationToken.None);

        var rows = run.Rows;
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.True(r.Verdict == UnitVerdict.Pass, $"attempt {r.AttemptNumber}: {r.FailureCode?.ToText()} {r.Detail}"));
        Assert.Equal(3, rows.Select(r => r.Mac).Distinct().Count());
        run.AssertDeenergised(0);
    }

    [Fact]
    public void Report_timestamps_file_days_and_raw_log_days_are_the_wall_clock_not_modelled_time()
    {
        var wallClock = new Fixture.Simulator.Timing.SimulationClock(new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero));
        using var run = SimulatedStationRun.Open(2, (_, _) => new SimulatedUnitSetup(UnitFaults.None, StationFaults.None), wallClock: wallClock);
        run.Run(unitsPerSocket: 2);

        var rows = run.Rows;
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(wallClock.GetUtcNow(), r.TimestampUtc));
        Assert.All(rows, r => Assert.Contains("2031-03-04", r.RawLogFile, StringComparison.Ordinal));
        Assert.Equal(
            [Path.GetFileName(run.Station.ReportFile(new DateOnly(2031, 3, 4)))],
            Directory.EnumerateFiles(Path.Combine(run.ReportDirectory, run.Station.StationId), "*.csv").Select(Path.GetFileName));
    }

    [Fact]
    public void Fixture_fault_is_neither_an_attempt_nor_a_fail_in_todays_counts()
    {
        using var run = SimulatedStationRun.Open(2, (socket, _) => new SimulatedUnitSetup(UnitFaults.None, socket == 0 ? new StationFaults { SaggingSupply = true } : StationFaults.None));
        run.Run(unitsPerSocket: 2);

        Assert.Equal(2, run.Rows.Count(r => r.FailureCode == FailureCode.FixtureFault));
        var counts = run.Station.Counts;
        Assert.Equal((2, 2, 0), (counts.Attempts, counts.Pass, counts.Fail));
        Assert.Equal(counts, run.Observer.Counts[^1]);
        Assert.True(run.Observer.Counts.Zip(run.Observer.Counts.Skip(1)).All(p => p.Second.Attempts >= p.First.Attempts), "today's attempts went backwards");
    }

    [Fact]
    public void Retest_history_survives_a_station_restart()
    {
        byte[] mac = [0x70, 0x3E, 0x97, 0x00, 0x00, 0x42];
        var first = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(new UnitFaults { JedecId = [0xC8, 0x40, 0x15] }, StationFaults.None, mac));
        first.Run();
        Assert.Equal(FailureCode.FlashId, first.SingleRow().FailureCode);
        var reports = first.ReportDirectory;
        first.DisposeKeepingReports();

        using var second = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(new UnitFaults { JedecId = [0xC8, 0x40, 0x15] }, StationFaults.None, mac), reportDirectory: reports);
        second.Run();

        var rows = second.Rows;
        Assert.Equal(2, rows.Count);
        Assert.Equal((UnitVerdict.Rework, FailureCode.FlashId), (rows[1].Verdict, rows[1].FailureCode));
        Assert.True(rows[1].AttemptNumber > rows[0].AttemptNumber);
    }

    [Fact]
    public async Task Unit_at_its_retest_limit_is_rework()
    {
        byte[] mac = [0x70, 0x3E, 0x97, 0x00, 0x00, 0x43];
        using var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(new UnitFaults { FirmwareCrashAfter = TimeSpan.FromSeconds(2) }, StationFaults.None, mac));
        run.Run(unitsPerSocket: 3);
        // Three failures in a row also lock the socket (issue 12): a technician unlocks it for the retest.
        Assert.True(await run.Station.UnlockAsync(new Fixture.Controller.Station.UnlockEntry(1, "T042")));
        run.Run(unitsPerSocket: 1);

        var rows = run.Rows;
        Assert.Equal([UnitVerdict.Fail, UnitVerdict.Fail, UnitVerdict.Fail, UnitVerdict.Rework], rows.Select(r => r.Verdict));
        Assert.Contains("retest limit 3", rows[3].Detail, StringComparison.Ordinal);
    }
}
