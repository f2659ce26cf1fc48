using Fixture.Controller.Station.Simulation;
using Fixture.Controller.Workflow;

namespace Fixture.Controller.Station;

/// <summary>How to open a station: which configuration and recipe, real or simulated, and the simulation's choices.</summary>
public sealed record StationOptions
{
    /// <summary>Station configuration; with <see cref="Simulated"/> and none, config/station.sim.json.</summary>
    public string? ConfigPath { get; init; }

    public bool Simulated { get; init; }

    /// <summary>Simulated station only: widen it to this many sockets (1–8).</summary>
    public int? Sockets { get; init; }

    /// <summary>Simulated station only: the fault profile the units are drawn from (none, mixed, soak); default the configuration's.</summary>
    public string? FaultProfile { get; init; }

    /// <summary>Simulated station only: faults per socket, "SOCKET:ITEM" (e.g. "2:weak-supply=2", "1:crossed-port").</summary>
    public IReadOnlyList<string> SocketFaults { get; init; } = [];

    /// <summary>Simulated station only: every unit from this unit file (config/units/*.json), counted up so each is distinct.</summary>
    public string? UnitFile { get; init; }

    /// <summary>Recipe file instead of the configuration's.</summary>
    public string? RecipePath { get; init; }

    /// <summary>Report folder instead of the configuration's.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>Simulated station: run in real time (interactive demo, gang benchmark) instead of modelled time.</summary>
    public bool RealTime { get; init; }

    /// <summary>Real-time factor of the simulated station (1 = wall clock).</summary>
    public double? Speed { get; init; }

    /// <summary>Seed of the drawn fault population.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Simulated station only: the adapters' turnaround per reply instead of the configuration's (the cycle benchmark's FTDI case).</summary>
    internal TimeSpan? AdapterTurnaround { get; init; }

    /// <summary>Test seam: the setup of each simulated unit by (socket index, unit index); wins over profile and socket faults.</summary>
    internal Func<int, int, SimulatedUnitSetup>? UnitSetups { get; init; }

    /// <summary>Simulated station: keep every unit inserted (tests inspect them); off for a soak of thousands.</summary>
    internal bool RetainSimulatedUnits { get; init; } = true;

    /// <summary>Test seam: runs before each working state's step on every socket.</summary>
    internal Func<int, UnitState, CancellationToken, Task>? BeforeStep { get; init; }
}

/// <summary>The station could not be opened: bad input (exit 2) or a station fault (exit 3); the message names file and key.</summary>
public sealed class StationSetupException : Exception
{
    public const int BadInput = 2;
    public const int StationFault = 3;

    public StationSetupException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
