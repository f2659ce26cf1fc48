namespace Fixture.Protocol.BootLog;

/// <summary>Where the boot check stands.</summary>
public enum BootVerdictOutcome
{
    /// <summary>Not decided yet: keep feeding bytes (or time) to the analyzer.</summary>
    Pending,

    /// <summary>The firmware identified itself, opened the right AP and reached boot complete.</summary>
    Pass,

    /// <summary>The boot failed; <see cref="BootLogVerdict.Failure"/> says how.</summary>
    Fail,
}

/// <summary>What decided that the boot is complete.</summary>
public enum BootCompleteEvidence
{
    /// <summary>Boot complete has not been seen.</summary>
    None,

    /// <summary>OpenBeken's `Boot complete time reached` line (its prefix may be mangled).</summary>
    BootCompleteLine,

    /// <summary>The `Time N` counter reached <see cref="BootLogAnalyzer.BootCompleteTick"/> without restarting, the line itself was not seen.</summary>
    TimeCounter,
}

/// <summary>
/// The analyzer's decision. Once it leaves <see cref="BootVerdictOutcome.Pending"/> it never changes;
/// the findings keep accumulating after it (the workflow still waits for boot complete before power-off).
/// </summary>
public sealed record BootLogVerdict
{
    /// <summary>The verdict of a check that has not decided yet.</summary>
    public static BootLogVerdict Pending { get; } = new() { Outcome = BootVerdictOutcome.Pending, Reason = "boot log not decided yet" };

    public required BootVerdictOutcome Outcome { get; init; }

    /// <summary>How the boot failed; null unless <see cref="Outcome"/> is Fail.</summary>
    public BootFailureKind? Failure { get; init; }

    /// <summary>The report's failure code (e.g. `SSID_MISMATCH`); null unless the verdict is FAIL.</summary>
    public string? FailureCode => Failure?.ToFailureCode();

    /// <summary>What happened and what to do next, in words for an operator or QA engineer.</summary>
    public required string Reason { get; init; }

    /// <summary>Which evidence decided the verdict (e.g. the boot-complete line, or the Time counter).</summary>
    public string? DecidingEvidence { get; init; }

    /// <summary>Time since reset at which the verdict was decided (zero for a saved log without timing).</summary>
    public TimeSpan? DecidedAt { get; init; }

    /// <summary>The SSID the expectations ask for (null when no MAC was given).</summary>
    public string? ExpectedSsid { get; init; }

    /// <summary>The AP SSID in the log, if any.</summary>
    public string? SeenSsid { get; init; }

    /// <summary>The version the expectations ask for (null when none was given).</summary>
    public string? ExpectedVersion { get; init; }

    /// <summary>The version on the `OpenBL602, version` line, if any.</summary>
    public string? SeenVersion { get; init; }

    public bool IsPending => Outcome == BootVerdictOutcome.Pending;

    public bool IsPass => Outcome == BootVerdictOutcome.Pass;

    public bool IsFail => Outcome == BootVerdictOutcome.Fail;
}
