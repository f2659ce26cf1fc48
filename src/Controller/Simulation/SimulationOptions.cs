namespace Fixture.Controller.Simulation;

/// <summary>The simulated station's choices (`--sim` and the options that belong to it).</summary>
public sealed record SimulationOptions
{
    /// <summary>Widen the station to this many sockets (1–8), each a copy of its first.</summary>
    public int? Sockets { get; init; }

    /// <summary>The fault profile the units are drawn from (none, mixed, soak); default the configuration's.</summary>
    public string? FaultProfile { get; init; }

    /// <summary>Faults per socket, "SOCKET:ITEM" (e.g. "2:weak-supply=2", "1:crossed-port").</summary>
    public IReadOnlyList<string> SocketFaults { get; init; } = [];

    /// <summary>Every unit from this unit file (config/units/*.json), counted up so each is distinct.</summary>
    public string? UnitFile { get; init; }

    /// <summary>Run in real time (interactive demo, gang benchmark) instead of modelled time.</summary>
    public bool RealTime { get; init; }

    /// <summary>Real-time factor (1 = wall clock); default the configuration's.</summary>
    public double? Speed { get; init; }

    /// <summary>Seed of the drawn fault population.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The adapters' turnaround per reply instead of the configuration's (the cycle benchmark's FTDI case).</summary>
    internal TimeSpan? AdapterTurnaround { get; init; }

    /// <summary>Every socket's serial loaderBaud instead of the configuration's (the flash benchmark's 1 and 3 Mbaud cases; the recipe's loader.baud must allow it too).</summary>
    internal int? LoaderBaud { get; init; }

    /// <summary>Test seam: the setup of each simulated unit by (socket index, unit index); wins over profile and socket faults.</summary>
    internal Func<int, int, SimulatedUnitSetup>? UnitSetups { get; init; }

    /// <summary>Keep every unit inserted (tests inspect them); off for a soak of thousands.</summary>
    internal bool RetainUnits { get; init; } = true;
}
