using Fixture.Controller.Upkeep;
using Fixture.Controller.Workflow;
using Fixture.Hal;
using Fixture.Hal.Lines;

namespace Fixture.Controller.Station;

/// <summary>
/// One socket of a running station: its workflow on its own loop and clock (its own thread), its
/// lamps, and the unit feeder told at each start (the simulation puts its next unit in). Aborts from
/// other threads are posted onto the loop, never run on the caller's thread. Before each start the
/// station's upkeep is asked whether the socket may start (a locked or worn-out socket's start is
/// ignored, and the operator is told why); after each attempt, outside the loop on the socket's own
/// thread, the attempt and the relay operations it made are recorded (lockout, wear counters).
/// </summary>
internal sealed class StationSocket : IDisposable
{
    private readonly UnitWorkflow _workflow;
    private readonly IUnitFeeder _feeder;
    private readonly IStationObserver _observer;
    private readonly StationUpkeep _upkeep;
    private readonly RelayOperations _relays;
    private readonly Dictionary<string, WearLevel> _wearShown = new(StringComparer.Ordinal);
    private CancellationTokenSource? _unitCancellation;
    private volatile string? _abortReason;
    private volatile bool _busy;

    public StationSocket(int index, SocketEnvironment environment, UnitPhases phases, UnitWorkflow workflow, SocketLoop loop, IUnitFeeder feeder, IStationObserver observer, StationUpkeep upkeep, RelayOperations relays)
    {
        _upkeep = upkeep;
        _relays = relays;
        Index = index;
        Environment = environment;
        Phases = phases;
        _workflow = workflow;
        Loop = loop;
        _feeder = feeder;
        _observer = observer;
    }

    public int Index { get; }

    public int Number => Environment.Number;

    public SocketEnvironment Environment { get; }

    public SocketLoop Loop { get; }

    /// <summary>The socket's phases, as its workflow runs them.</summary>
    public UnitPhases Phases { get; }

    public bool IsBusy => _busy;

    /// <summary>Runs units one after another on the calling thread (the socket's own), each to its report row; a refused start counts as one of them.</summary>
    public List<UnitOutcome> RunUnits(int count, Func<UnitRequest> nextRequest, CancellationToken stop)
    {
        var outcomes = new List<UnitOutcome>();
        for (var i = 0; i < count && !stop.IsCancellationRequested; i++)
        {
            if (RunOne(nextRequest(), stop) is { } outcome)
            {
                outcomes.Add(outcome);
            }
        }

        return outcomes;
    }

    /// <summary>Runs one unit on the calling thread (the socket's own); null when the start was refused (the operator was told why).</summary>
    public UnitOutcome? RunOne(UnitRequest request, CancellationToken stop)
    {
        if (Refusal(request.Verification) is { } refused)
        {
            _observer.OnStationMessage(new StationMessage(StationMessageLevel.Warning, $"start ignored: {refused.Text}", Number));
            ShowRefused(refused);
            return null;
        }

        _ = _relays.Take();
        UnitOutcome? outcome = null;
        Loop.Run(async () => outcome = await RunOneAsync(request, stop));
        if (outcome is not null)
        {
            RecordUpkeep(outcome.Row);
        }

        return outcome;
    }

    /// <summary>
    /// Why this socket must not start now (locked, worn out, or its state unreadable; a production start
    /// also while the verification gate is closed), or null.
    /// </summary>
    public SocketRefusal? Refusal(Reports.VerificationUnitKind requested = Reports.VerificationUnitKind.None)
    {
        if (Environment.ConsoleUnreadable is { } adapter)
        {
            return new SocketRefusal(RefusalKind.Locked, adapter); // said once as a FIXTURE_FAULT; every later start on this adapter would only say it again
        }

        try
        {
            return _upkeep.RefusalOf(Number, requested);
        }
        catch (StationRecordException e)
        {
            return new SocketRefusal(RefusalKind.Locked, e.Message);
        }
    }

    /// <summary>Tells the observer (the tile) that the socket is locked and why.</summary>
    public void ShowLocked(string why) => ShowRefused(new SocketRefusal(RefusalKind.Locked, why));

    /// <summary>Tells the observer (the tile) why the socket's starts are refused: locked, worn out, or waiting for its verification.</summary>
    public void ShowRefused(SocketRefusal refusal)
    {
        var state = refusal.Kind switch
        {
            RefusalKind.WornOut => StationSocketStates.WornOut,
            RefusalKind.VerificationRequired => StationSocketStates.VerificationRequired,
            _ => StationSocketStates.Locked,
        };
        _observer.OnSocketChanged(new SocketSnapshot(Number, state, refusal.Text, null, null, null, null, null, TimeSpan.Zero));
    }

    /// <summary>Shows each wear counter of this socket that reached a higher level than last shown (at start-up: every one past its warning).</summary>
    public void ShowWear(IEnumerable<WearStatus> wear)
    {
        foreach (var status in wear.Where(w => w.Socket == Number))
        {
            var key = status.Line ?? "";
            if (status.Level > _wearShown.GetValueOrDefault(key))
            {
                _observer.OnStationMessage(new StationMessage(status.Level == WearLevel.Stop ? StationMessageLevel.Error : StationMessageLevel.Warning, status.Text, Number));
            }

            _wearShown[key] = status.Level;
        }
    }


    /// <summary>Aborts the unit now running (if any): powered down first, then its ABORTED row.</summary>
    public void Abort(string reason)
    {
        _abortReason = reason;
        Loop.Post(() => _unitCancellation?.Cancel());
    }

    public void Dispose()
    {
        _workflow.Dispose();
        Environment.Dispose();
        Loop.Dispose();
    }

    private async Task<UnitOutcome?> RunOneAsync(UnitRequest request, CancellationToken stop)
    {
        _busy = true;
        _abortReason = null;
        using var cancellation = new CancellationTokenSource();
        _unitCancellation = cancellation;
        using var onStop = stop.Register(() => Abort("the station is stopping (Ctrl+C)"));
        try
        {
            _feeder.UnitStarting(Index);
            SetLamps(busy: true, pass: false, fail: false);
            var outcome = await _workflow.RunAsync(request with { AbortReason = () => _abortReason }, cancellation.Token);
            var passed = outcome?.Row.Verdict == Reports.UnitVerdict.Pass;
            SetLamps(busy: false, pass: passed, fail: !passed);
            return outcome;
        }
        finally
        {
            _unitCancellation = null;
            _busy = false;
        }
    }

    /// <summary>The finished attempt into the station's record: insertions, relay operations, failure runs and a lock.</summary>
    private void RecordUpkeep(Reports.UnitReportRow row)
    {
        try
        {
            // Outside the loop, on the socket's own thread and the system clock: waiting for another
            // process's lock must not run on (and jump) the socket's modelled clock.
            var upkeep = _upkeep.AttemptFinishedAsync(Number, row.Verdict, row.FailureCode, row.VerificationUnit, row.TimestampUtc, _relays.Take())
                .GetAwaiter().GetResult();
            if (upkeep.NewLock is { } locked)
            {
                _observer.OnStationMessage(new StationMessage(StationMessageLevel.Error, $"socket {Number} locked: {locked.Reason}", Number));
                ShowLocked(locked.Reason);
            }

            ShowWear(upkeep.Wear);
            if (_upkeep.VerificationFinishedAsync(row).GetAwaiter().GetResult() is { } verification)
            {
                var level = verification.GateOpen ? StationMessageLevel.Info : verification.Counted ? StationMessageLevel.Warning : StationMessageLevel.Error;
                _observer.OnStationMessage(new StationMessage(level, verification.Text, Number));
            }
        }
        catch (StationRecordException e)
        {
            _observer.OnStationMessage(new StationMessage(StationMessageLevel.Error, $"the attempt's lockout and wear counters were not recorded: {e.Message}", Number));
        }
    }

    private void SetLamps(bool busy, bool pass, bool fail)
    {
        var lamps = Environment.Lamps;
        foreach (var (lamp, on) in new[] { (lamps.Busy, busy), (lamps.Pass, pass), (lamps.Fail, fail) })
        {
            try
            {
                lamp?.Set(on);
            }
            catch (HardwareFaultException e)
            {
                _observer.OnStationMessage(new StationMessage(StationMessageLevel.Warning, e.Message, Number));
            }
        }
    }
}

/// <summary>Snapshot states the station itself sends (the workflow's own are <see cref="UnitState"/> names).</summary>
public static class StationSocketStates
{
    /// <summary>The socket is locked (failures in a row, or by hand, or its state unreadable); the snapshot's step says why.</summary>
    public const string Locked = "Locked";

    /// <summary>A wear counter of the socket is at its stop limit: its starts are refused until the part is replaced and the counter reset.</summary>
    public const string WornOut = "WornOut";

    /// <summary>The verification gate is closed on the socket: production starts are refused until its GOLDEN and KNOWN_BAD units ran; the step says what is missing.</summary>
    public const string VerificationRequired = "VerificationRequired";

    /// <summary>Whether a snapshot state is one of the refusals above (not a unit in the socket).</summary>
    public static bool IsRefusal(string state) => state is Locked or WornOut or VerificationRequired;
}
