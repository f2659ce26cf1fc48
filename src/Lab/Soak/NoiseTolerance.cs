using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Controller.Station;
using Fixture.Controller.Simulation;
using Fixture.Simulator.Faults;

namespace Fixture.Lab.Soak;

/// <summary>How a line noise level went: units run, passed, and the codes of those that failed.</summary>
public sealed record NoiseFigure(string Noise, int Units, int Passed, IReadOnlyDictionary<FailureCode, int> Failures);

/// <summary>
/// Measures what line noise the station survives: units whose line corrupts or drops bytes at fixed
/// rates, each rate on its own gang station in modelled time, counted by verdict. A measurement, not a
/// check: the soak's profiles draw noise below the cliff it shows, so their verdict is certain.
/// </summary>
public static class NoiseTolerance
{
    /// <summary>Corrupted- and dropped-byte rates per byte, each direction, from harmless to hopeless.</summary>
    public static IReadOnlyList<(string Name, UnitFaults Faults)> Levels { get; } =
    [
        ("1e-5 corrupted", new UnitFaults { LineCorruptionRate = 1e-5 }),
        ("3e-5 corrupted", new UnitFaults { LineCorruptionRate = 3e-5 }),
        ("1e-4 corrupted", new UnitFaults { LineCorruptionRate = 1e-4 }),
        ("2e-4 corrupted", new UnitFaults { LineCorruptionRate = 2e-4 }),
        ("1e-6 dropped", new UnitFaults { LineDropRate = 1e-6 }),
        ("2e-6 dropped", new UnitFaults { LineDropRate = 2e-6 }),
        ("1e-5 dropped", new UnitFaults { LineDropRate = 1e-5 }),
    ];

    public static IReadOnlyList<NoiseFigure> Measure(SoakOptions options, string reportDirectory, int unitsPerLevel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var figures = new List<NoiseFigure>();
        var perSocket = Math.Max(1, (unitsPerLevel + options.Sockets - 1) / options.Sockets);
        for (var level = 0; level < Levels.Count; level++)
        {
            var (name, faults) = Levels[level];

            // MACs beyond any soak unit's, one block per level.
            var firstMac = 0x200000 + (level * 0x10000);
            var simulation = new SimulationComposition(new SimulationOptions
            {
                Sockets = options.Sockets,
                UnitSetups = (socket, unit) => new SimulatedUnitSetup(faults, StationFaults.None, SoakRun.MacAt(firstMac + (unit * options.Sockets) + socket)),
                RetainUnits = false,
            });
            var station = StationFactory.Open(
                new StationOptions { ConfigPath = options.ConfigPath, ReportDirectory = Path.Combine(reportDirectory, "noise-" + level.ToString(CultureInfo.InvariantCulture)) },
                new QuietObserver(),
                simulation);
            using (station)
            {
                var rows = station.RunUnitsAsync(perSocket, cancellationToken).GetAwaiter().GetResult().Outcomes.Select(o => o.Row).ToList();
                figures.Add(new NoiseFigure(
                    name,
                    rows.Count,
                    rows.Count(r => r.Verdict == UnitVerdict.Pass),
                    rows.Where(r => r.FailureCode is not null).GroupBy(r => r.FailureCode!.Value).ToDictionary(g => g.Key, g => g.Count())));
            }
        }

        return figures;
    }

    private sealed class QuietObserver : IStationObserver
    {
        public void OnSocketChanged(SocketSnapshot snapshot)
        {
        }

        public void OnUnitFinished(UnitOutcome outcome)
        {
        }

        public void OnStationMessage(StationMessage message)
        {
        }

        public void OnCountsChanged(StationCounts counts)
        {
        }
    }
}
