using Fixture.Controller.Reports;
using Fixture.Controller.Station;
using Fixture.Hal;
using Fixture.Hal.Supply;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Wire;
using Polly.Timeout;
using Stateless;

namespace Fixture.Controller.Workflow;

/// <summary>
/// One socket's unit cycle as a Stateless state machine (fixture-design §4): each working state's async
/// entry action does its step on the socket's loop and names the next trigger; an exception inside a
/// step becomes a Fail, Abort or FixtureFault trigger there and then. Every path goes through
/// PoweringDown (lines de-energised, TX held low) and Reporting (exactly one row, on disk before the
/// verdict is shown). A new machine per unit: nothing of one unit leaks into the next.
/// </summary>
internal sealed partial class UnitWorkflow : IDisposable
{
    private static readonly UnitState[] WorkingStates =
    [
        UnitState.PoweringUp, UnitState.EnteringBootloader, UnitState.Handshaking, UnitState.LoadingHelper,
        UnitState.Identifying, UnitState.Flashing, UnitState.Booting, UnitState.VerifyingBoot,
    ];

    private readonly SocketEnvironment _socket;
    private readonly WorkflowSettings _settings;
    private readonly IUnitRecorder _recorder;
    private readonly IStationObserver _observer;
    private readonly PowerOnGate _gate;
    private StateMachine<UnitState, UnitTrigger> _machine = CreateMachine(null);
    private UnitTrigger? _next;
    private UnitAttempt _attempt = null!;
    private UnitRequest _request = null!;
    private CancellationToken _cancellation;
    private long _stateEntered;
    private UnitOutcome? _outcome;

    public UnitWorkflow(SocketEnvironment socket, WorkflowSettings settings, IUnitRecorder recorder, IStationObserver observer, PowerOnGate gate)
    {
        _socket = socket;
        _settings = settings;
        _recorder = recorder;
        _observer = observer;
        _gate = gate;
    }

    /// <summary>Test seam: runs before each working state's step (an exception here is an exception inside the step).</summary>
    public Func<UnitState, CancellationToken, Task>? BeforeStep { get; init; }

    public UnitState State => _machine.State;

    /// <summary>The machine's structure, for the generated state diagram (no step ever runs on it).</summary>
    public static StateMachine<UnitState, UnitTrigger> Describe() => CreateMachine(null);

    /// <summary>
    /// Runs one unit from the start button to its report row, on the caller's loop. Never throws for
    /// anything the unit or the station does; the lines are de-energised whatever happens.
    /// </summary>
    public async Task<UnitOutcome?> RunAsync(UnitRequest request, CancellationToken cancellationToken)
    {
        _request = request;
        _cancellation = cancellationToken;
        _outcome = null;
        _machine = CreateMachine(this);
        var time = _socket.Time;
        _attempt = new UnitAttempt(_socket.Number, _recorder.NextAttemptNumber(), time.GetUtcNow(), time.GetTimestamp())
        {
            UnitId = request.UnitId,
            Lot = request.Lot,
            Operator = request.Operator,
            Verification = request.Verification,
        };
        _stateEntered = time.GetTimestamp();
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
            _attempt.Fail(FailureCode.FixtureFault, StepName(_machine.State), $"workflow error in {_machine.State}: {e.Message}");
            ReleaseLines();
            if (_outcome is null)
            {
                await ReportAsync(CancellationToken.None);
            }
        }
        finally
        {
            ReleaseLines();
        }

        return _outcome;
    }

    private static StateMachine<UnitState, UnitTrigger> CreateMachine(UnitWorkflow? owner)
    {
        var m = new StateMachine<UnitState, UnitTrigger>(UnitState.Idle, FiringMode.Immediate) { RetainSynchronizationContext = true };
        StateMachine<UnitState, UnitTrigger>.StateConfiguration Step(UnitState state, string description, Func<UnitWorkflow, CancellationToken, Task<UnitTrigger>> body) =>
            m.Configure(state).OnEntryAsync(() => owner!.RunStepAsync(state, body), description);

        m.Configure(UnitState.Idle)
            .Permit(UnitTrigger.Start, UnitState.PoweringUp);
        Step(UnitState.PoweringUp, "check guard, live rail and port; power on in download mode", (w, ct) => w.PowerUpAsync(ct))
            .Permit(UnitTrigger.Powered, UnitState.EnteringBootloader);
        Step(UnitState.EnteringBootloader, "check short, sag and bootrom current", (w, ct) => w.EnterBootloaderAsync(ct))
            .Permit(UnitTrigger.InDownloadMode, UnitState.Handshaking);
        Step(UnitState.Handshaking, "bootrom handshake, power-cycling between tries; boot info; rework decision", (w, ct) => w.HandshakeAsync(ct))
            .Permit(UnitTrigger.BootromAnswered, UnitState.LoadingHelper)
            .Permit(UnitTrigger.Rework, UnitState.PoweringDown);
        Step(UnitState.LoadingHelper, "load and start the eflash_loader", (w, ct) => w.LoadHelperAsync(ct))
            .Permit(UnitTrigger.HelperRunning, UnitState.Identifying)
            .Permit(UnitTrigger.Restart, UnitState.Handshaking);
        Step(UnitState.Identifying, "loader handshake at the working baud; eFuse identity and the MAC it predicts; JEDEC id", (w, ct) => w.IdentifyAsync(ct))
            .Permit(UnitTrigger.Identified, UnitState.Flashing)
            .Permit(UnitTrigger.Rework, UnitState.PoweringDown);
        Step(UnitState.Flashing, "run the flash plan", (w, ct) => w.FlashAsync(ct))
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

        Step(UnitState.Booting, "release BOOT, pulse CHIP_EN, switch the open port to the console baud", (w, ct) => w.BootAsync(ct))
            .Permit(UnitTrigger.FirmwareStarted, UnitState.VerifyingBoot);
        Step(UnitState.VerifyingBoot, "read and check the boot log until boot complete or the deadline", (w, ct) => w.VerifyBootAsync(ct))
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
            .OnEntryAsync(() => owner!.ReportAsync(CancellationToken.None), "row on disk, then the verdict")
            .Permit(UnitTrigger.Reported, UnitState.Idle);
        m.OnTransitioned(t => owner?.OnTransitioned(t));
        return m;
    }

    private async Task RunStepAsync(UnitState state, Func<UnitWorkflow, CancellationToken, Task<UnitTrigger>> body)
    {
        try
        {
            _cancellation.ThrowIfCancellationRequested();
            if (BeforeStep is { } hook)
            {
                await hook(state, _cancellation);
            }

            _next = await body(this, _cancellation);
        }
        catch (Exception e)
        {
            _next = Classify(state, e);
        }
    }

    /// <summary>Turns what a step threw into the trigger that ends the attempt, recording the reason.</summary>
    private UnitTrigger Classify(UnitState state, Exception e)
    {
        var step = StepName(state);
        if (_cancellation.IsCancellationRequested && e is OperationCanceledException or UnitAbortedException or HardwareFaultException or IspException)
        {
            _attempt.Fail(FailureCode.Aborted, step, $"aborted in {step}{(_request.AbortReason() is { } why ? ": " + why : "")}");
            return UnitTrigger.Abort;
        }

        switch (e)
        {
            case UnitAbortedException aborted:
                _attempt.Fail(FailureCode.Aborted, step, aborted.Message);
                return UnitTrigger.Abort;
            case UnitReworkException rework when state is UnitState.Handshaking or UnitState.Identifying:
                _attempt.Rework(rework.Code, step, rework.Message);
                return UnitTrigger.Rework;
            case UnitFailureException failure:
                _attempt.Fail(failure.Code, step, failure.Message);
                return UnitTrigger.Fail;
            case LiveRailException live:
                _attempt.Fail(FailureCode.LiveRail, step, live.Message);
                return UnitTrigger.Fail;
            case ChipLockedException locked:
                _attempt.Fail(FailureCode.ChipLocked, step, locked.Message);
                return UnitTrigger.Fail;
            case IspLinkException or StationFaultException or HardwareFaultException or IOException or UnauthorizedAccessException:
                if (e is IspLinkException or IOException)
                {
                    _socket.DropChannel();
                }

                _attempt.Fail(FailureCode.FixtureFault, step, e.Message);
                return UnitTrigger.FixtureFault;
            case TimeoutRejectedException timeout:
                _attempt.Fail(StepCode(state), step, $"{step} did not finish within its {timeout.Timeout.TotalSeconds:0.#} s limit (workflow.stepTimeouts).");
                return UnitTrigger.Fail;
            case IspException isp:
                _attempt.Fail(StepCode(state), step, isp.Message);
                return UnitTrigger.Fail;
            default:
                _attempt.Fail(FailureCode.FixtureFault, step, $"unexpected {e.GetType().Name} in {step}: {e.Message} (a station software fault: tell the technician; the unit is not to blame)");
                return UnitTrigger.FixtureFault;
        }
    }

    /// <summary>The code a protocol error or a timeout in this step gets.</summary>
    private static FailureCode StepCode(UnitState state) => state switch
    {
        UnitState.PoweringUp or UnitState.EnteringBootloader or UnitState.Handshaking => FailureCode.NoHandshake,
        UnitState.LoadingHelper => FailureCode.HelperLoad,
        UnitState.Identifying => FailureCode.LoaderHandshake,
        UnitState.Checking or UnitState.Verifying => FailureCode.Verify,
        UnitState.Erasing => FailureCode.Erase,
        UnitState.Flashing or UnitState.Writing => FailureCode.Write,
        UnitState.Booting or UnitState.VerifyingBoot => FailureCode.BootSilent,
        _ => FailureCode.FixtureFault,
    };

    /// <summary>The report's failed_step: the region phases report as Flashing (the detail names region and phase).</summary>
    private static string StepName(UnitState state) =>
        state is UnitState.Checking or UnitState.Erasing or UnitState.Writing or UnitState.Verifying ? nameof(UnitState.Flashing) : state.ToString();

    private void OnTransitioned(StateMachine<UnitState, UnitTrigger>.Transition transition)
    {
        var now = _socket.Time.GetTimestamp();
        _attempt.AddTime(transition.Source, _socket.Time.GetElapsedTime(_stateEntered, now));
        _stateEntered = now;
        _flashRegion = transition.Destination is UnitState.Checking or UnitState.Erasing or UnitState.Writing or UnitState.Verifying ? _flashRegion : null;
        Show(_flashRegion is { } region ? $"{Describe(transition.Destination)} {region}" : Describe(transition.Destination), force: true);
    }

    public void Dispose() => CloseRawLog();

    private void ReleaseLines()
    {
        try
        {
            _socket.Lines.ReleaseAll();
        }
        catch (AggregateException e)
        {
            _observer.OnStationMessage(new StationMessage(StationMessageLevel.Error, $"{_socket.Label}: {e.InnerExceptions[0].Message} Switch the station's supply off by hand.", _socket.Number));
        }
    }
}
