using Fixture.Hal.Configuration;

namespace Fixture.Controller.Configuration;

/// <summary>
/// Checks the "simulation" section with the rest of the configuration. Its MACs (macBase, macs) are
/// read by <see cref="Station.ConfiguredIdentities"/> in the same pass.
/// </summary>
internal static class SimulationConfigValidator
{
    public static void Validate(SimulationConfig simulation, List<ConfigurationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(simulation.FaultProfile))
        {
            problems.Add(new("simulation.faultProfile", "missing: name a fault profile (\"none\" for healthy units)."));
        }

        if (!(simulation.AdapterTurnaroundMs >= 0))
        {
            problems.Add(new("simulation.adapterTurnaroundMs", "must not be negative."));
        }

        if (simulation.Time is not ("modelled" or "real"))
        {
            problems.Add(new("simulation.time", $"'{simulation.Time}': use \"modelled\" (virtual clock) or \"real\"."));
        }

        if (!(simulation.RealTimeScale > 0))
        {
            problems.Add(new("simulation.realTimeScale", "must be positive (1 = wall-clock speed)."));
        }
    }
}
