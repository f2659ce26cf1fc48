using Fixture.Controller.Simulation;
using Fixture.Simulator.Faults;

namespace Fixture.EndToEnd.Tests;

/// <summary>What the operator reads while a unit runs: each step with its own detail, a retry only while it is the news.</summary>
public sealed class PlainOutputTests : IDisposable
{
    private static readonly string[] LaterStates = ["LoadingHelper", "Identifying", "Flashing", "Writing", "Booting", "VerifyingBoot", "PoweringDown", "Reporting"];
    private readonly string _folder = Directory.CreateTempSubdirectory("fixture-plain-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void After_a_retried_handshake_every_later_step_prints_its_own_detail_not_the_retry()
    {
        var (exit, output, error) = FixtureCli.Run("flash", "--sim", "--fault", "1:weak-supply=2", "--reports", Path.Combine(_folder, "reports"));

        Assert.True(exit == 0, output + error);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains(lines, l => l.StartsWith("[socket 1] Handshaking: power-cycle 2 of 6, off 300 ms", StringComparison.Ordinal));
        var later = lines.Where(l => LaterStates.Any(s => l.StartsWith($"[socket 1] {s}: ", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(later);
        Assert.DoesNotContain(later, l => l.Contains("power-cycle", StringComparison.Ordinal));
        Assert.Contains("[socket 1] LoadingHelper: loading the flash helper", lines);
        Assert.Contains(lines, l => l.StartsWith("[socket 1] Writing: writing ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_retry_of_one_unit_is_not_shown_on_the_next_unit()
    {
        using var run = SimulatedStationRun.Open(1, (_, unit) => unit == 0
            ? new SimulatedUnitSetup(new UnitFaults { WeakSupplyFailedHandshakes = 2 }, StationFaults.None)
            : SimulatedUnitSetup.Healthy);
        run.Run(unitsPerSocket: 2);

        var snapshots = run.Observer.Snapshots;
        Assert.Contains(snapshots, s => s.State == "Handshaking" && s.Attempt is not null);
        var secondUnit = snapshots.SkipWhile(s => s.State != "Reporting").SkipWhile(s => s.State != "PoweringUp").ToList();
        Assert.NotEmpty(secondUnit);
        Assert.All(secondUnit, s => Assert.Null(s.Attempt));
    }
}
