namespace Fixture.Controller.Workflow.Configuration;

/// <summary>
/// How the station runs a unit: which recipe, where reports go, retry counts and step timeouts,
/// the retest limit and the verification units: the configuration's "workflow" section, read with the
/// rest of the file (<see cref="Fixture.Controller.Configuration.StationConfigReader"/>) and checked by
/// <see cref="WorkflowConfigValidator"/> in the same pass, so a bad value is refused before anything is touched.
/// </summary>
public sealed record WorkflowConfig
{
    /// <summary>The recipe this station flashes, relative to the configuration file, optionally pinned.</summary>
    public RecipeReference? Recipe { get; init; }

    /// <summary>Report folder (daily CSV files, raw logs); relative paths are taken from the current directory.</summary>
    public string ReportDirectory { get; init; } = "reports";

    /// <summary>Power cycles for the bootrom handshake, the first power-on included.</summary>
    public int HandshakePowerCycles { get; init; } = 6;

    /// <summary>0x55 bursts sent on each power cycle before the next one.</summary>
    public int HandshakeBurstsPerCycle { get; init; } = 2;

    /// <summary>An answer on this power cycle or later marks the unit's supply weak (1 = the first power-on).</summary>
    public int WeakSupplyFromCycle { get; init; } = 2;

    /// <summary>Before powering, send one handshake burst: an answer means the port reaches a powered unit that is not this socket's.</summary>
    public bool ProbePortBeforePower { get; init; } = true;

    /// <summary>Tries of the loader handshake at the working baud (re-syncs included).</summary>
    public int LoaderHandshakeAttempts { get; init; } = 3;

    /// <summary>Tries per flash region, the first included; each retry starts again from the region's erase.</summary>
    public int RegionAttempts { get; init; } = 3;

    /// <summary>
    /// Whole-unit restarts (power cycle, handshake, helper, flash again with hash-skip) when the loader is lost
    /// mid-flash (a brown-out); 0 = none. The unit-level limit: past it the first failure's code stands.
    /// </summary>
    public int UnitRestarts { get; init; } = 1;

    /// <summary>Failed attempts of one unit (by chip id, since its last PASS) after which its next attempt is REWORK without flashing.</summary>
    public int RetestLimit { get; init; } = 3;

    /// <summary>Days of report files read at start-up for each unit's history by chip id (retest limit, codes a retest cannot fix).</summary>
    public int HistoryDays { get; init; } = 14;

    public StepTimeoutsConfig StepTimeouts { get; init; } = new();

    /// <summary>Golden and known-bad units run at shift start; their rows are flagged and left out of yield.</summary>
    public IReadOnlyList<VerificationUnitConfig> VerificationUnits { get; init; } = [];

    /// <summary>Ask the operator for a unit id (barcode) per socket before each unit.</summary>
    public bool AskUnitId { get; init; }

    /// <summary>Ask for lot and operator at start-up (plain console).</summary>
    public bool AskShift { get; init; }

    /// <summary>The verification gate: production only after the GOLDEN and KNOWN_BAD units ran on each socket (issue 12 §2).</summary>
    public VerificationGateConfig Verification { get; init; } = new();

    /// <summary>When a socket locks itself (issue 12 §3).</summary>
    public LockoutConfig Lockout { get; init; } = new();

    /// <summary>Wear counters' warning and stop limits (issue 12 §4).</summary>
    public WearConfig Wear { get; init; } = new();

    /// <summary>
    /// Folder for stock-firmware backups (issue 14 §3): before the first erase of a unit with no backup there, its whole
    /// flash is read, confirmed and written as &lt;chip_id&gt;_&lt;mac&gt;_&lt;utc&gt;.bin.xz + .json. Null (the default): no backups.
    /// Relative paths are taken from the current directory, like <see cref="ReportDirectory"/>.
    /// </summary>
    public string? BackupDirectory { get; init; }
}

/// <summary>
/// <c>workflow.verification</c>: with <see cref="Required"/>, a production start on a socket is refused
/// until the configured GOLDEN unit (<c>workflow.verificationUnits</c>) passed and the KNOWN_BAD unit failed
/// with its <c>expectedCode</c> on it — after the station starts (<see cref="AfterStart"/>), after the
/// configuration or recipe changed, and <see cref="EveryHours"/> after a result.
/// </summary>
public sealed class VerificationGateConfig
{
    public bool Required { get; init; }

    /// <summary>The sockets the gate applies to (socket numbers as operators see them); null: every socket.</summary>
    public IReadOnlyList<int>? Sockets { get; init; }

    /// <summary>A verification result counts this many hours; 0: until the next start or change.</summary>
    public double EveryHours { get; init; }

    /// <summary>Every start of the station (a new process) asks for the verification again.</summary>
    public bool AfterStart { get; init; } = true;
}

/// <summary><c>workflow.lockout</c>: failures (or FIXTURE_FAULTs) in a row on one socket that lock it; 0 turns a rule off.</summary>
public sealed class LockoutConfig
{
    public int ConsecutiveFailures { get; init; } = 3;

    public int ConsecutiveFixtureFaults { get; init; } = 2;
}

/// <summary><c>workflow.wear</c>: warning and stop limits of the insertion (pogo block) and relay operation counters; 0 turns a limit off.</summary>
public sealed class WearConfig
{
    public long InsertionWarning { get; init; } = 80_000;

    public long InsertionStop { get; init; } = 100_000;

    public long RelayWarning { get; init; } = 800_000;

    public long RelayStop { get; init; } = 1_000_000;
}

/// <summary>The recipe file and, when approved, its SHA-256: a changed recipe file is refused.</summary>
public sealed class RecipeReference
{
    public string? File { get; init; }

    public string? Sha256 { get; init; }
}

/// <summary>Each step's deadline (seconds), measured on the station's clock; a step past it fails with its own code.</summary>
public sealed class StepTimeoutsConfig
{
    /// <summary>Power-up, live-rail and port checks, and every handshake power cycle.</summary>
    public double HandshakeSeconds { get; init; } = 30;

    public double HelperSeconds { get; init; } = 20;

    /// <summary>Loader handshake, MAC and JEDEC id.</summary>
    public double IdentifySeconds { get; init; } = 20;

    /// <summary>The whole flash plan (about 8 s at 2 Mbaud; FTDI adapters and retries take longer).</summary>
    public double FlashSeconds { get; init; } = 180;

    /// <summary>Power-down with the discharge check.</summary>
    public double PowerDownSeconds { get; init; } = 5;
}

/// <summary>A verification unit, recognised by its chip id (eFuse slot 0, the report's chip_id).</summary>
public sealed class VerificationUnitConfig
{
    /// <summary>The unit's chip id, e.g. "AC:D8:29:6B:B7:ED" (also with '-' or as 12 hex digits).</summary>
    public string? ChipId { get; init; }

    /// <summary>
    /// Older configurations: the MAC as the report's mac column showed it then, which was the chip id. A unit
    /// matches when this equals its chip id or the MAC its firmware uses.
    /// </summary>
    public string? Mac { get; init; }

    /// <summary>"golden" (must PASS) or "knownBad" (must FAIL with its known code).</summary>
    public string? Kind { get; init; }

    /// <summary>Known-bad units: the code they must fail with (informational, shown to the operator).</summary>
    public string? ExpectedCode { get; init; }
}
