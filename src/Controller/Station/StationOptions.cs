using Fixture.Controller.Workflow;

namespace Fixture.Controller.Station;

/// <summary>How to open a station: which configuration, recipe and report folder (a composition adds its own choices).</summary>
public sealed record StationOptions
{
    /// <summary>Station configuration; none: the composition's default (the simulated station's config/station.sim.json).</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Recipe file instead of the configuration's.</summary>
    public string? RecipePath { get; init; }

    /// <summary>
    /// A configuration built in memory instead of a file (`fixture flash --port`, `fixture restore --port`): read by the
    /// same strict reader, never pinned. <see cref="ConfigPath"/> is ignored when it is given.
    /// </summary>
    public Configuration.OneSocketStation? Bench { get; init; }

    /// <summary>Report folder instead of the configuration's.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>Stock-firmware backup folder instead of the configuration's workflow.backupDirectory (`--backup DIR`).</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>
    /// The wall clock report timestamps, file days and today's counts are read from (default the system clock),
    /// on every station: a simulated station's modelled or scaled time never reaches a report. Test seam.
    /// </summary>
    internal TimeProvider WallClock { get; init; } = TimeProvider.System;

    /// <summary>`fixture restore`: write this backup back instead of the recipe's plan (no backup, no boot check).</summary>
    internal Workflow.RestoreTarget? Restore { get; init; }

    /// <summary>Test seam: runs before each working state's step on every socket.</summary>
    internal Func<int, UnitState, CancellationToken, Task>? BeforeStep { get; init; }

    /// <summary>
    /// Lab seam: socket lockout rules instead of the station's (null: the station's). The soak turns them off
    /// (0 = never lock): its failures are drawn into the units on purpose, not a worn socket's.
    /// </summary>
    internal Upkeep.LockoutSettings? Lockout { get; init; }

    /// <summary>Lab seam: each socket's unit context once its row is made.</summary>
    internal Action<int, UnitContext>? Recorded { get; init; }

    /// <summary>Lab seam: the station's phases run as another host runs a unit (the flash benchmark's vendor imitation); null: the station's own way.</summary>
    internal HostProfile? Host { get; init; }
}

/// <summary>The station could not be opened: bad input (exit 2) or a station fault (exit 3); the message names file and key.</summary>
public sealed class StationSetupException : Exception
{
    public StationSetupException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
