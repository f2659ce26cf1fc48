using Fixture.Controller.Reports;
using Fixture.Controller.Simulation;
using Fixture.Controller.Upkeep;
using Fixture.Simulator.Faults;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.EndToEnd.Tests;

/// <summary>Issue 12 §2 on the simulated station: with the verification gate on, production waits for the GOLDEN and KNOWN_BAD units.</summary>
public sealed class VerificationGateTests : IDisposable
{
    private static readonly byte[] GoldenMac = [0x70, 0x3E, 0x97, 0x00, 0x0A, 0x01];
    private static readonly byte[] KnownBadMac = [0x70, 0x3E, 0x97, 0x00, 0x0A, 0x02];

    private readonly string _reports = Directory.CreateTempSubdirectory("fixture-gate-").FullName;
    private readonly FakeTimeProvider _wallClock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void Production_is_refused_until_golden_passed_and_known_bad_failed_with_its_code_and_again_after_a_recipe_change()
    {
        using var station = Station(afterStart: false);
        var run = Open(station, ["golden", "known-bad", "production"]);
        {
            Assert.Empty(Production(run));
            Assert.Contains(run.Observer.Messages, m => m.Text.Contains("needs its verification before production", StringComparison.Ordinal) && m.Text.Contains("GOLDEN", StringComparison.Ordinal));

            Assert.Equal(UnitVerdict.Pass, Single(run, VerificationUnitKind.Golden).Verdict);
            Assert.Empty(Production(run)); // the known-bad unit is still missing
            Assert.Contains(run.Observer.Messages, m => m.Text.Contains("start ignored", StringComparison.Ordinal) && m.Text.Contains("KNOWN_BAD", StringComparison.Ordinal) && !m.Text.Contains("GOLDEN (", StringComparison.Ordinal));

            var knownBad = Single(run, VerificationUnitKind.KnownBad);
            Assert.Equal(FailureCode.ChipLocked, knownBad.FailureCode);
            Assert.Contains(run.Observer.Messages, m => m.Text.Contains("socket 1 is verified", StringComparison.OrdinalIgnoreCase));

            Assert.Equal(UnitVerdict.Pass, Assert.Single(Production(run)).Row.Verdict);
            Assert.Equal(
                [VerificationUnitKind.Golden, VerificationUnitKind.KnownBad, VerificationUnitKind.None],
                run.Rows.Select(r => r.VerificationUnit));
            run.DisposeKeepingReports();
        }

        // A restart with the same configuration and recipe keeps the verification (afterStart off) ...
        var same = Open(station, ["production"]);
        {
            Assert.Single(Production(same));
            same.DisposeKeepingReports();
        }

        // ... a changed recipe closes the gate again.
        using var changed = TemporaryRecipe.WithCleanSlateOff();
        var afterChange = Open(station, ["production"], changed.Path);
        {
            Assert.Empty(Production(afterChange));
            Assert.Contains(afterChange.Observer.Messages, m => m.Text.Contains("the recipe changed", StringComparison.Ordinal));
            afterChange.DisposeKeepingReports();
        }

        var audit = File.ReadAllLines(StationRecordLayout.AuditFile(_reports, "sim-1"));
        Assert.Contains(audit, line => line.Contains("\"recipe-changed\"", StringComparison.Ordinal));
        Assert.Contains(audit, line => line.Contains("\"verification\"", StringComparison.Ordinal) && line.Contains("GOLDEN", StringComparison.Ordinal) && line.Contains("\"counted\":\"yes\"", StringComparison.Ordinal));
        Assert.Contains(audit, line => line.Contains("\"verification\"", StringComparison.Ordinal) && line.Contains("KNOWN_BAD", StringComparison.Ordinal) && line.Contains("CHIP_LOCKED", StringComparison.Ordinal));
        Assert.Equal(0, FixtureCli.Run("audit", "verify", "--dir", _reports).Exit);
    }

    [Fact]
    public void A_verification_counts_its_configured_hours_on_the_wall_clock_and_until_the_next_start()
    {
        using var station = Station(afterStart: true);
        var run = Open(station, ["golden", "known-bad", "production", "production"]);
        {
            Single(run, VerificationUnitKind.Golden);
            Single(run, VerificationUnitKind.KnownBad);
            _wallClock.Advance(TimeSpan.FromHours(7.9));
            Assert.Single(Production(run));

            _wallClock.Advance(TimeSpan.FromHours(0.2));
            Assert.Empty(Production(run));
            Assert.Contains(run.Observer.Messages, m => m.Text.Contains("a verification counts 8 h", StringComparison.Ordinal));
            run.DisposeKeepingReports();
        }

        var restarted = Open(station, ["production"]);
        Assert.Empty(Production(restarted));
        Assert.Contains(restarted.Observer.Messages, m => m.Text.Contains("the station started", StringComparison.Ordinal));
        restarted.DisposeKeepingReports();
    }

    [Fact]
    public void A_unit_marked_golden_that_is_not_the_configured_golden_unit_does_not_open_the_gate()
    {
        using var station = Station(afterStart: true);
        var run = Open(station, ["production", "known-bad", "production"]);

        Assert.Equal(UnitVerdict.Pass, Single(run, VerificationUnitKind.Golden).Verdict);
        Single(run, VerificationUnitKind.KnownBad);

        Assert.Empty(Production(run));
        Assert.Contains(run.Observer.Messages, m => m.Text.Contains("GOLDEN run not counted", StringComparison.Ordinal));
        run.DisposeKeepingReports();
    }

    public void Dispose() => Directory.Delete(_reports, recursive: true);

    private static TemporaryStation Station(bool afterStart) => TemporaryStation.Edited(
        "\"verificationUnits\": []",
        $$"""
        "verificationUnits": [
          { "chipId": "70:3E:97:00:0A:01", "kind": "golden" },
          { "chipId": "70:3E:97:00:0A:02", "kind": "knownBad", "expectedCode": "CHIP_LOCKED" }
        ],
        "verification": { "required": true, "everyHours": 8, "afterStart": {{(afterStart ? "true" : "false")}} }
        """);

    /// <summary>A station on <paramref name="station"/>'s configuration whose n-th unit is <paramref name="units"/>[n].</summary>
    private SimulatedStationRun Open(TemporaryStation station, string[] units, string? recipe = null) =>
        SimulatedStationRun.Open(
            1,
            (_, index) => units[Math.Min(index, units.Length - 1)] switch
            {
                "golden" => new SimulatedUnitSetup(UnitFaults.None, StationFaults.None, GoldenMac),
                "known-bad" => new SimulatedUnitSetup(UnitFaults.None with { SecureBootFusesSet = true }, StationFaults.None, KnownBadMac),
                _ => new SimulatedUnitSetup(UnitFaults.None, StationFaults.None, [0x70, 0x3E, 0x97, 0x00, 0x0B, (byte)(index + 1)]),
            },
            recipePath: recipe,
            reportDirectory: _reports,
            configPath: station.ConfigPath,
            wallClock: _wallClock);

    private static IReadOnlyList<Fixture.Controller.Station.UnitOutcome> Production(SimulatedStationRun run) =>
        run.Station.RunOneAsync(1, CancellationToken.None).GetAwaiter().GetResult().Outcomes;

    private static UnitReportRow Single(SimulatedStationRun run, VerificationUnitKind kind)
    {
        var row = Assert.Single(run.Station.RunOneAsync(1, CancellationToken.None, kind).GetAwaiter().GetResult().Outcomes).Row;
        Assert.Equal(kind, row.VerificationUnit);
        return row;
    }
}
