using Fixture.Controller.Reports;
using UnitsNet;

namespace Fixture.Controller.Workflow;

/// <summary>
/// What one unit attempt has found so far, filled in by the steps on the socket's loop and turned into
/// exactly one report row at the end. The first failure (or the first problem a retry papered over)
/// is kept: a retry never hides it.
/// </summary>
internal sealed class UnitAttempt
{
    private readonly Dictionary<UnitState, TimeSpan> _timeIn = [];
    private readonly List<string> _notes = [];

    public UnitAttempt(int socket, long number, DateTimeOffset startedUtc, long startedTimestamp)
    {
        Socket = socket;
        Number = number;
        StartedUtc = startedUtc;
        StartedTimestamp = startedTimestamp;
    }

    public int Socket { get; }

    public long Number { get; }

    public DateTimeOffset StartedUtc { get; }

    public long StartedTimestamp { get; }

    public string? UnitId { get; set; }

    public string? Lot { get; set; }

    public string? Operator { get; set; }

    public VerificationUnitKind Verification { get; set; }

    /// <summary>
    /// The firmware's MAC as the report writes it: predicted from eFuse once the loader read it, then as
    /// the firmware printed it at boot (<see cref="UnitMacOutcome"/>).
    /// </summary>
    public string? Mac { get; set; }

    /// <summary>Where <see cref="Mac"/> comes from (mac_source), e.g. efuse-slot1.</summary>
    public string? MacSource { get; set; }

    /// <summary>The chip id (eFuse slot 0) from the bootrom's boot info, else from eFuse region 0.</summary>
    public Protocol.Identity.MacAddress? ChipId { get; set; }

    /// <summary>What the loader read of the unit's identity, and the MAC(s) predicted from it.</summary>
    public UnitIdentityReading? Identity { get; set; }

    public string? JedecId { get; set; }

    public string? FirmwareVersionSeen { get; set; }

    public string? SsidSeen { get; set; }

    public UnitVerdict? Verdict { get; private set; }

    public FailureCode? Code { get; private set; }

    public string? FailedStep { get; private set; }

    public string? Detail { get; private set; }

    /// <summary>The first problem a retry or restart went past: (code, step, reason).</summary>
    public (FailureCode Code, string Step, string Reason)? FirstProblem { get; private set; }

    public int HandshakeAttempts { get; set; }

    public int TotalRetries { get; set; }

    public TimeSpan? EraseTime { get; set; }

    public TimeSpan? WriteTime { get; set; }

    public TimeSpan? VerifyTime { get; set; }

    public TimeSpan? TotalTime { get; set; }

    public long BytesSentBefore { get; set; }

    public long BytesSent { get; set; }

    public string? RawLogFile { get; set; }

    public string? AdapterIdentity { get; set; }

    /// <summary>The loader rate the unit's loader completed its work at (null: it never did).</summary>
    public int? LoaderBaud { get; set; }

    /// <summary>How often the loader phase stepped down to a lower rate (null before it ran).</summary>
    public int? BaudStepDowns { get; set; }

    /// <summary>The recipe variant identify chose by flash size, e.g. "1MB" (null before, or when none fits).</summary>
    public string? RecipeVariant { get; set; }

    /// <summary>File name of the unit's stock-firmware backup in the backup folder, taken now or by an earlier attempt (null: none).</summary>
    public string? BackupFile { get; set; }

    public ElectricPotential? RailBeforePowerOn { get; set; }

    public ElectricPotential? RailLimit { get; set; }

    public ElectricCurrent? BootromCurrent { get; set; }

    public ElectricCurrent? BootromCurrentMin { get; set; }

    public ElectricCurrent? BootromCurrentMax { get; set; }

    public TimeSpan? TimeToBootComplete { get; set; }

    public TimeSpan? TimeToBootCompleteLimit { get; set; }

    public TimeSpan? PowerOffThatWorked { get; set; }

    /// <summary>The unit answered only after long power-off times, or drew current out of range in the bootrom.</summary>
    public bool WeakSupply { get; private set; }

    public string? WeakSupplyReason { get; private set; }

    public int UnitRestarts { get; set; }

    /// <summary>The bootrom's boot info says the eFuse silences boot2's UART log (sw_cfg0 uart_log_disable).</summary>
    public bool Boot2LogDisabled { get; set; }

    public IReadOnlyList<string> Notes => _notes;

    public bool IsDecided => Verdict is not null;

    public void Note(string note) => _notes.Add(note);

    public void MarkWeakSupply(string reason)
    {
        if (!WeakSupply)
        {
            WeakSupply = true;
            WeakSupplyReason = reason;
            _notes.Add("weak supply: " + reason);
        }
    }

    /// <summary>A problem a retry went past: kept as the first problem, noted in the detail.</summary>
    public void RecordProblem(FailureCode code, string step, string reason)
    {
        FirstProblem ??= (code, step, reason);
    }

    /// <summary>The attempt failed. The first failure wins; a later one (while powering down) only adds to the detail.</summary>
    public void Fail(FailureCode code, string step, string reason)
    {
        if (Verdict is not null)
        {
            _notes.Add($"then {code.ToText()} in {step}: {reason}");
            if (code == FailureCode.FixtureFault && Verdict == UnitVerdict.Pass)
            {
                // The unit passed but the station could not power it down cleanly: that is not a pass to trust.
                Verdict = UnitVerdict.Fail;
                Code = code;
                FailedStep = step;
                Detail = reason;
            }

            return;
        }

        Verdict = UnitVerdict.Fail;
        if (FirstProblem is { } first && first.Code != code && code is not (FailureCode.Aborted or FailureCode.FixtureFault))
        {
            // The first reason stands; what finally ended the attempt goes into the detail.
            Code = first.Code;
            FailedStep = first.Step;
            Detail = $"{first.Reason} (then {code.ToText()} in {step}: {reason})";
            return;
        }

        Code = code;
        FailedStep = step;
        Detail = FirstProblem is { } earlier && earlier.Reason != reason ? $"{reason} (first: {earlier.Reason})" : reason;
    }

    public void Rework(FailureCode? code, string step, string reason)
    {
        if (Verdict is null)
        {
            Verdict = UnitVerdict.Rework;
            Code = code;
            FailedStep = step;
            Detail = reason;
        }
    }

    public void Pass()
    {
        if (Verdict is null)
        {
            Verdict = UnitVerdict.Pass;
            if (FirstProblem is { } first)
            {
                _notes.Add($"passed after {first.Code.ToText()} in {first.Step}: {first.Reason}");
            }
        }
    }

    public void AddTime(UnitState state, TimeSpan elapsed) =>
        _timeIn[state] = _timeIn.GetValueOrDefault(state) + elapsed;

    public TimeSpan? TimeIn(params UnitState[] states)
    {
        TimeSpan? sum = null;
        foreach (var state in states)
        {
            if (_timeIn.TryGetValue(state, out var t))
            {
                sum = (sum ?? TimeSpan.Zero) + t;
            }
        }

        return sum;
    }
}
