using Fixture.Simulator.Faults;
using Fixture.Simulator.Unit;

namespace Fixture.Lab.Soak;

/// <summary>What a soak runs: how many simulated units on how many sockets, drawn from which fault profile.</summary>
public sealed record SoakOptions
{
    /// <summary>Units in all; rounded up to a whole number per socket.</summary>
    public int Units { get; init; } = 2000;

    public int Sockets { get; init; } = 4;

    /// <summary>Fault profile the units are drawn from: soak (every kind) or mixed (a line's weights).</summary>
    public string Profile { get; init; } = "soak";

    public int Seed { get; init; } = 1;

    /// <summary>Where the soak's station writes its reports; null: a new temporary folder (kept, and named in the summary).</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>Simulated station configuration; null: the default config/station.sim.json.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Units per socket run after the torn-row restart (the kill-and-restart check).</summary>
    public int UnitsAfterRestart { get; init; } = 1;

    /// <summary>Units per line-noise level of <see cref="NoiseTolerance"/> measured after the soak (0: not measured).</summary>
    public int NoiseUnitsPerLevel { get; init; }

    public int UnitsPerSocket => (Units + Sockets - 1) / Sockets;

    /// <summary>Tests: draws the unit of a soak index instead of the profile (a population with known faults).</summary>
    internal Func<int, DrawnUnit>? DrawUnit { get; init; }

    /// <summary>Tests: runs on the socket's simulated unit just before the station boots its firmware (an injected simulator bug).</summary>
    internal Action<SimulatedUnit>? BeforeFirmwareBoot { get; init; }

    /// <summary>One line naming what is wrong with these options, or null when they can run.</summary>
    public string? Problem() =>
        Units < 1 ? $"--units {Units} must be at least 1"
        : Sockets is < 1 or > 8 ? $"--sockets {Sockets}: a station has 1 to 8 sockets"
        : UnitsAfterRestart < 1 ? "the restart check needs at least one unit per socket"
        : NoiseUnitsPerLevel < 0 ? $"--noise-units {NoiseUnitsPerLevel} must be 0 (skip) or more"
        : null;
}
