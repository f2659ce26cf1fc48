using Fixture.Controller.Simulation;
using Fixture.Controller.Station;
using Fixture.Controller.Upkeep;
using Fixture.Simulator.Faults;

namespace Fixture.EndToEnd.Tests;

/// <summary>Issue 12 §3/§4: the lockout rule and the wear limits come from the station configuration.</summary>
public sealed class StationLimitsTests : IDisposable
{
    private readonly string _reports = Directory.CreateTempSubdirectory("fixture-limits-").FullName;

    [Fact]
    public void A_socket_at_its_configured_insertion_stop_limit_refuses_to_start_saying_which_pogo_block_to_replace()
    {
        using var station = TemporaryStation.Edited("\"verificationUnits\": []", "\"verificationUnits\": [], \"wear\": { \"insertionWarning\": 2, \"insertionStop\": 3 }");
        var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(UnitFaults.None, StationFaults.None), reportDirectory: _reports, configPath: station.ConfigPath);
        try
        {
            var summary = run.Run(unitsPerSocket: 4);

            Assert.Equal(3, summary.Outcomes.Count);
            Assert.Contains(run.Observer.Messages, m => m.Level == StationMessageLevel.Warning && m.Text.StartsWith("socket 1: 2 insertions, past its warning limit of 2: replace the pogo block of socket 1 soon", StringComparison.Ordinal));
            var refused = run.Observer.Snapshots[^1];
            Assert.Equal(StationSocketStates.WornOut, refused.State);
            Assert.Contains("replace the pogo block of socket 1 now", refused.Step, StringComparison.Ordinal);

            var reset = FixtureCli.Run("socket", "counters", "--reset", "insertions", "--socket", "1", "--by", "T042", "--config", station.ConfigPath, "--reports", _reports);
            Assert.True(reset.Exit == 0, reset.Output + reset.Error);
            Assert.Null(run.Station.Upkeep.WhyRefused(1));
            Assert.Contains(File.ReadAllLines(StationRecordLayout.AuditFile(_reports, "sim-1")), l => l.Contains("\"counter-reset\"", StringComparison.Ordinal) && l.Contains("T042", StringComparison.Ordinal) && l.Contains("\"was\":\"3\"", StringComparison.Ordinal));
        }
        finally
        {
            run.DisposeKeepingReports();
        }
    }

    [Fact]
    public void The_configured_lockout_threshold_locks_a_socket_after_that_many_failures()
    {
        using var station = TemporaryStation.Edited("\"verificationUnits\": []", "\"verificationUnits\": [], \"lockout\": { \"consecutiveFailures\": 1 }");
        var run = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(UnitFaults.None with { SecureBootFusesSet = true }, StationFaults.None), reportDirectory: _reports, configPath: station.ConfigPath);
        try
        {
            Assert.Single(run.Run(unitsPerSocket: 2).Outcomes);
            Assert.True(run.Station.Upkeep.Store.Read().Socket(1).IsLocked);
            Assert.Equal(StationSocketStates.Locked, run.Observer.Snapshots[^1].State);
        }
        finally
        {
            run.DisposeKeepingReports();
        }
    }

    public void Dispose() => Directory.Delete(_reports, recursive: true);
}
