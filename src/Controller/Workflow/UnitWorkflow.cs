using Fixture.Controller.Reports;
using Fixture.Controller.Station;
using Fixture.Controller.Workflow.Phases;
using Fixture.Hal;
using Fixture.Hal.Supply;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Wire;
using Polly.Timeout;
using Stateless;

namespace Fixture.Controller.Workflow;

/// <summary>
/// One socket's unit cycle as a Stateless state machine (fixture-design §4): each working state's async
/// entry action runs its phase (<see cref="UnitPhases"/>) on the socket's loop and names the next
/// trigger; an exception inside a step becomes a Fail, Abort or FixtureFault trigger there and then
/// (<see cref="Classify"/>). Every path goes through PoweringDown (lines de-energised, TX held low) and
/// Reporting (exactly one row, on disk before the verdict is shown). A new machine and a new
/// <see cref="UnitContext"/> per unit: nothing of one unit leaks into the next.
/// </summary>
internal sealed class UnitWorkflow : IDisposable
{
    private static readonly UnitState[] WorkingStates =
    [
        UnitState.PoweringUp, UnitState.EnteringBootloader, UnitState.Handshaking, UnitState.LoadingHelper,
        UnitState.Identifying, UnitState.BackingUp, UnitState.Flashing, UnitState.Booting, UnitState.VerifyingBoot,
    ];

    private readonly UnitPhases _phases;
    private readonly UnitSnapshots _snapshots;
    private StateMachine<UnitState, UnitTrigger> _machine = CreateMachine(null);
    private UnitTrigger? _next;
    private UnitContext _unit = null!;
    private CancellationToken _cancellation;
    private long _stateEntered;
    private UnitOutcome? _outcome;

    public UnitWorkflow(UnitPhases phases, IStationObserver observer)
    {
        _phases = phases;
        _snapshots = new UnitSnapshots(observer, phases.Socket);
    }

    /// <summary>Test seam: runs before each working state's step (an exception here is an exception inside the step).</summary>
    public Func<UnitState, CancellationToken, Task>? BeforeStep { get; init; }

    /// <summary>Lab seam: sees the unit's context once its row is made (the flash benchmark reads the flash result).</summary>
    public Action<UnitContext>? Recorded { get; init; }

    public UnitState State => _machine.State;

    /// <summary>The machine's structure, for the generated state diagram (no step ever runs on it).</summary>
    public static StateMachine<UnitState, UnitTrigger> Describe() => CreateMachine(null);

    /// <summary>
    /// Runs one unit from the start button to its report row, on the caller's loop. Never throws for
    /// anything the unit or the station does; the lines are de-energised whatever happens.
    /// </summary>
    public async Task<UnitOutcome?> RunAsync(UnitRequest request, CancellationToken cancellationToken)
    {
        _cancellation = cancellationToken;
        _outcome = null;
        _machine = CreateMachine(this);
        _unit = _phases.NewUnit(request, _snapshots);
        _snapshots.Begin(_unit.Attempt, () => _machine.State, FollowFlashPhase);
        _stateEntered = _unit.Time.GetTimestamp();
        _next = UnitTrigger.Start;
        try
        {
            while (_next is { } trigger)
            {
                _next = null;
                await _machine.FireAsync(trigger);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // The machine refused a trigger: a defect, but the unit must still end de-energised with its row.
            _unit.Attempt.Fail(FailureCode.FixtureFault, StepName(_machine.State), $"workflow error in {_machine.State}: {e.Message}");
            PowerPhase.ReleaseLines(_unit);
            _outcome ??= ReportPhase.Record(_unit);
        }
        finally
        {
            PowerPhase.ReleaseLines(_unit);
        }

        return _outcome;
    }

    public void Dispose() => _unit?.CloseRawLog();

    private static StateMachine<UnitState, UnitTrigger> CreateMachine(UnitWorkflow? owner)
    {
        var m = new StateMachine<UnitState, UnitTrigger>(UnitState.Idle, FiringMode.Immediate) { RetainSynchronizationContext = true };
        StateMachine<UnitState, UnitTrigger>.StateConfiguration Step(UnitState state, string description, Func<UnitPhases, UnitContext, CancellationToken, Task<UnitTrigger>> body) =>
            m.Configure(state).OnEntryAsync(() => owner!.RunStepAsync(state, body), description);

        m.Configure(UnitState.Idle)
            .Permit(UnitTrigger.Start, UnitState.PoweringUp);
        Step(UnitState.PoweringUp, "rework decision by unit id; check guard, live rail and port; power on in download mode", async (p, unit, ct) =>
            {
                UnitRecognition.RecogniseScanned(unit);
                await p.Power.PowerUpAsync(unit, ct);
                return UnitTrigger.Powered;
            })
            .Permit(UnitTrigger.Powered, UnitState.EnteringBootloader)
            .Permit(UnitTrigger.Rework, UnitState.PoweringDown);
        Step(UnitState.EnteringBootloader, "check short, sag and bootrom current", (_, unit, ct) =>
            {
                ct.ThrowIfCancellationRequested();
                PowerPhase.CheckSupplyAfterPowerOn(unit);
                return Task.FromResult(UnitTrigger.InDownloadMode);
            })
            .Permit(UnitTrigger.InDownloadMode, UnitState.Handshaking);
        Step(UnitState.Handshaking, "bootrom handshake, power-cycling between tries; boot info; rework decision", async (p, unit, ct) =>
            {
                await p.Bootrom.HandshakeAsync(unit, ct);
                return UnitTrigger.BootromAnswered;
            })
            .Permit(UnitTrigger.BootromAnswered, UnitState.LoadingHelper)
            .Permit(UnitTrigger.Rework, UnitState.PoweringDown);
        Step(UnitState.LoadingHelper, "load and start the eflash_loader", async (p, unit, ct) =>
                await p.Helper.LoadAsync(unit, ct) == PhaseResult.Restart ? UnitTrigger.Restart : UnitTrigger.HelperRunning)
            .Permit(UnitTrigger.HelperRunning, UnitState.Identifying)
            .Permit(UnitTrigger.Restart, UnitState.Handshaking);
        Step(UnitState.Identifying, "loader handshake at the working baud; eFuse identity and the MAC it predicts; JEDEC id and the recipe variant for it", async (p, unit, ct) =>
            {
                await p.Identify.IdentifyAsync(unit, ct);
                return BackupPhase.Needed(unit) ? UnitTrigger.BackupNeeded : UnitTrigger.Identified;
            })
            .Permit(UnitTrigger.Identified, UnitState.Flashing)
            .Permit(UnitTrigger.BackupNeeded, UnitState.BackingUp)
            .Permit(UnitTrigger.Rework, UnitState.PoweringDown);
        Step(UnitState.BackingUp, "read the whole flash (0x32), confirm it with the loader's SHA-256 (0x3D), write the backup files", async (p, unit, ct) =>
            {
                await p.Backup.BackUpAsync(unit, ct);
                return UnitTrigger.BackedUp;
            })
            .Permit(UnitTrigger.BackedUp, UnitState.Flashing);
        Step(UnitState.Flashing, "run the flash plan", async (p, unit, ct) =>
                await p.Plan.FlashAsync(unit, ct) == PhaseResult.Restart ? UnitTrigger.Restart : UnitTrigger.Flashed)
            .Permit(UnitTrigger.RegionChecking, UnitState.Checking)
            .Permit(UnitTrigger.RegionErasing, UnitState.Erasing)
            .Permit(UnitTrigger.RegionWriting, UnitState.Writing)
            .Permit(UnitTrigger.RegionVerifying, UnitState.Verifying)
            .Permit(UnitTrigger.Flashed, UnitState.Booting)
            .Permit(UnitTrigger.Restart, UnitState.Handshaking);
        foreach (var (region, trigger) in new[]
                 {
                     (UnitState.Checking, UnitTrigger.RegionChecking), (UnitState.Erasing, UnitTrigger.RegionErasing),
                     (UnitState.Writing, UnitTrigger.RegionWriting), (UnitState.Verifying, UnitTrigger.RegionVerifying),
                 })
        {
            // A region's phases, followed from the flasher's progress; a repeat of the same phase is no transition.
            m.Configure(region).SubstateOf(UnitState.Flashing).Ignore(trigger);
        }

        Step(UnitState.Booting, "release BOOT, pulse CHIP_EN, switch the open port to the console baud (a restore ends after its verify)", async (_, unit, ct) =>
            {
                if (unit.Settings.Restore is { } restore)
                {
                    unit.Attempt.Note($"restored from {unit.Attempt.BackupFile}: the unit will boot {restore.BootsWhat} again (what it held when the backup was taken)");
                    return UnitTrigger.BootVerified;
                }

                await BootPhase.StartFirmwareAsync(unit, ct);
                return UnitTrigger.FirmwareStarted;
            })
            .Permit(UnitTrigger.FirmwareStarted, UnitState.VerifyingBoot)
            .Permit(UnitTrigger.BootVerified, UnitState.PoweringDown);
        Step(UnitState.VerifyingBoot, "read and check the boot log until boot complete or the deadline", async (_, unit, ct) =>
            {
                await BootPhase.VerifyAsync(unit, ct);
                return UnitTrigger.BootVerified;
            })
            .Permit(UnitTrigger.BootVerified, UnitState.PoweringDown);
        foreach (var state in WorkingStates)
        {
            m.Configure(state)
                .Permit(UnitTrigger.Fail, UnitState.Failed)
                .Permit(UnitTrigger.Abort, UnitState.Failed)
                .Permit(UnitTrigger.FixtureFault, UnitState.Failed);
        }

        m.Configure(UnitState.Failed)
            .OnEntry(() => owner!._next = UnitTrigger.PowerDown, "the first failure is kept for the report")
            .Permit(UnitTrigger.PowerDown, UnitState.PoweringDown);
        m.Configure(UnitState.PoweringDown)
            .OnEntryAsync(() => owner!.PowerDownAsync(), "power, BOOT and CHIP_EN de-energised, TX held low, rail discharged")
            .Permit(UnitTrigger.PoweredDown, UnitState.Reporting);
        m.Configure(UnitState.Reporting)
            .OnEntryAsync(() => owner!.ReportAsync(), "row on disk, then the verdict")
            .Permit(UnitTrigger.Reported, UnitState.Idle);
        m.OnTransitioned(t => owner?.OnTransitioned(t));
        return m;
    }

    private async Task RunStepAsync(UnitState state, Func<UnitPhases, UnitContext, CancellationToken, Task<UnitTrigger>> body)
    {
        try
        {
            _cancellation.ThrowIfCancellationRequested();
            if (BeforeStep is { } hook)
            {
                await hook(state, _cancellation);
            }

            _next = await body(_phases, _unit, _cancellation);
        }
        catch (Exception e)
        {
            _next = Classify(state, e);
        }
    }

    private async Task PowerDownAsync()
    {
        await _phases.Power.PowerDownAsync(_unit);
        _next = UnitTrigger.PoweredDown;
    }

    private Task ReportAsync()
    {
        _outcome ??= ReportPhase.Record(_unit);
        Recorded?.Invoke(_unit);
        _next = UnitTrigger.Reported;
        return Task.CompletedTask;
    }

    /// <summary>Turns what a step threw into the trigger that ends the attempt, recording the reason.</summary>
    private UnitTrigger Classify(UnitState state, Exception e)
    {
        var step = StepName(state);
        var attempt = _unit.Attempt;
        if (_cancellation.IsCancellationRequested && e is OperationCanceledException or UnitAbortedException or HardwareFaultException or IspException)
        {
            attempt.Fail(FailureCode.Aborted, step, $"aborted in {step}{(_unit.Request.AbortReason() is { } why ? ": " + why : "")}");
            return UnitTrigger.Abort;
        }

        switch (e)
        {
            case UnitAbortedException aborted:
                attempt.Fail(FailureCode.Aborted, step, aborted.Message);
                return UnitTrigger.Abort;
            case UnitReworkException rework when state is UnitState.PoweringUp or UnitState.Handshaking or UnitState.Identifying:
                attempt.Rework(rework.Code, step, rework.Message);
                return UnitTrigger.Rework;
            case UnitFailureException failure:
                attempt.Fail(failure.Code, step, failure.Message);
                return UnitTrigger.Fail;
            case LiveRailException live:
                attempt.Fail(FailureCode.LiveRail, step, live.Message);
                return UnitTrigger.Fail;
            case ChipLockedException locked:
                attempt.Fail(FailureCode.ChipLocked, step, locked.Message);
                return UnitTrigger.Fail;
            case IspLinkException or StationFaultException or HardwareFaultException or IOException or UnauthorizedAccessException:
                if (e is IspLinkException or IOException)
                {
                    _unit.Socket.DropChannel();
                }

                attempt.Fail(FailureCode.FixtureFault, step, e.Message);
                return UnitTrigger.FixtureFault;
            case TimeoutRejectedException timeout:
                attempt.Fail(StepCode(state), step, $"{step} did not finish within its {timeout.Timeout.TotalSeconds:0.#} s limit (workflow.stepTimeouts).");
                return UnitTrigger.Fail;
            case IspException isp:
                attempt.Fail(StepCode(state), step, isp.Message);
                return UnitTrigger.Fail;
            default:
                attempt.Fail(FailureCode.FixtureFault, step, $"unexpected {e.GetType().Name} in {step}: {e.Message} (a station software fault: tell the technician; the unit is not to blame)");
                return UnitTrigger.FixtureFault;
        }
    }

    /// <summary>The code a protocol error or a timeout in this step gets.</summary>
    private static FailureCode StepCode(UnitState state) => state switch
    {
        UnitState.PoweringUp or UnitState.EnteringBootloader or UnitState.Handshaking => FailureCode.NoHandshake,
        UnitState.LoadingHelper => FailureCode.HelperLoad,
        UnitState.Identifying => FailureCode.LoaderHandshake,
        UnitState.BackingUp => FailureCode.Backup,
        UnitState.Checking or UnitState.Verifying => FailureCode.Verify,
        UnitState.Erasing => FailureCode.Erase,
        UnitState.Flashing or UnitState.Writing => FailureCode.Write,
        UnitState.Booting or UnitState.VerifyingBoot => FailureCode.BootSilent,
        _ => FailureCode.FixtureFault,
    };

    /// <summary>The report's failed_step: the region phases report as Flashing (the detail names region and phase).</summary>
    private static string StepName(UnitState state) =>
        state is UnitState.Checking or UnitState.Erasing or UnitState.Writing or UnitState.Verifying ? nameof(UnitState.Flashing) : state.ToString();

    /// <summary>The flasher moved on: the machine follows with the region's substate (a repeat is ignored there).</summary>
    private void FollowFlashPhase(FlashPhase phase)
    {
        UnitTrigger? trigger = phase switch
        {
            FlashPhase.HashCheck => UnitTrigger.RegionChecking,
            FlashPhase.Erase => UnitTrigger.RegionErasing,
            FlashPhase.Write or FlashPhase.WriteCheck => UnitTrigger.RegionWriting,
            FlashPhase.Verify => UnitTrigger.RegionVerifying,
            _ => null,
        };
        if (trigger is { } t && _machine.CanFire(t))
        {
            _machine.Fire(t);
        }
    }

    private void OnTransitioned(StateMachine<UnitState, UnitTrigger>.Transition transition)
    {
        var now = _unit.Time.GetTimestamp();
        _unit.Attempt.AddTime(transition.Source, _unit.Time.GetElapsedTime(_stateEntered, now));
        _stateEntered = now;
        _snapshots.StateChanged(transition.Destination);
    }
}
