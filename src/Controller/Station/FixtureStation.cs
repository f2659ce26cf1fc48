using Fixture.Controller.Upkeep;
using Fixture.Controller.Workflow;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Protocol.Recipes;

namespace Fixture.Controller.Station;

/// <summary>What a `run --units N` did: every unit's outcome, per socket.</summary>
public sealed record StationRunSummary(IReadOnlyList<UnitOutcome> Outcomes, IReadOnlyList<string> SocketErrors);

/// <summary>
/// A station opened and validated: its sockets (each with its own workflow, loop, thread, port and
/// lines) and the shared report side, as its composition made them (a line station, or the simulated
/// one). Sockets run in parallel; one socket's fault never stops the others. Disposing applies the safe
/// state and releases the hardware.
/// </summary>
public sealed class FixtureStation : IDisposable
{
    private readonly StationHardware _hardware;
    private readonly List<StationSocket> _sockets;
    private readonly StationRecorder _recorder;
    private readonly IStationObserver _observer;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, string> _pendingUnitIds = [];
    private string? _lot;
    private string? _operator;

    internal FixtureStation(StationConfig config, string configPath, Recipe recipe, WorkflowSettings settings, StationHardware hardware, List<StationSocket> sockets, StationRecorder recorder, StationRuntime runtime, IStationObserver observer, StationUpkeep upkeep)
    {
        Upkeep = upkeep;
        Config = config;
        ConfigPath = configPath;
        Recipe = recipe;
        Settings = settings;
        _hardware = hardware;
        _sockets = sockets;
        _recorder = recorder;
        _observer = observer;
        Prompts = new OperatorPrompts(observer);
        ModelledTime = runtime.ModelledTime;
        HasStartButtons = runtime.PanelPressable && (hardware.Panel.StartButtons.Count > 0 || hardware.Sockets.Any(s => s.StartButton is not null));
        Kind = runtime.Kind;
        StartupNotes = runtime.Notes;
        Banner = runtime.Banner;
    }

    public StationConfig Config { get; }

    /// <summary>The station's lockout and wear record and its audit log (beside the reports).</summary>
    public StationUpkeep Upkeep { get; }

    public string ConfigPath { get; }

    public Recipe Recipe { get; }

    public string StationId => Settings.Station;

    public string ReportDirectory => _recorder.ReportDirectory;

    public bool ModelledTime { get; }

    /// <summary>What the station runs on, for its start-up line ("real hardware", "simulated, modelled time").</summary>
    public string Kind { get; }

    /// <summary>Further start-up lines of its composition (who the simulated units are).</summary>
    public IReadOnlyList<string> StartupNotes { get; }

    /// <summary>What the operator console shows above the tiles (the simulated station says so), or null.</summary>
    public string? Banner { get; }

    public int SocketCount => _sockets.Count;

    /// <summary>Whether a person can start units with a button on the station (the simulated station's buttons are simulated lines).</summary>
    public bool HasStartButtons { get; }

    public Hal.Safety.SafeState SafeState => _hardware.SafeState;

    /// <summary>The station's panel: shared start buttons, abort, guard, ESD, lamps.</summary>
    public Hal.Lines.StationPanel Panel => _hardware.Panel;

    /// <summary>Per-socket start buttons of a gang station, by socket number.</summary>
    public IEnumerable<(int Socket, Hal.Lines.IInputLine Button)> SocketStartButtons =>
        _hardware.Sockets.Where(s => s.StartButton is not null).Select(s => (s.Number, s.StartButton!));

    internal WorkflowSettings Settings { get; }

    internal IReadOnlyList<StationSocket> Sockets => _sockets;

    public StationCounts Counts => _recorder.Counts;

    /// <summary>
    /// The instructions of sockets without relays (lines "manual") and the operator's Enter that confirms them: a
    /// start request for a socket that waits for Enter confirms it instead of starting anything.
    /// </summary>
    public OperatorPrompts Prompts { get; internal init; }

    /// <summary>The daily report file rows of <paramref name="day"/> go to.</summary>
    public string ReportFile(DateOnly day) => _recorder.TodaysFile(day);

    /// <summary>Runs <paramref name="unitsPerSocket"/> units on every socket in parallel (the start button pressed that often).</summary>
    public Task<StationRunSummary> RunUnitsAsync(int unitsPerSocket, CancellationToken stop)
    {
        AnnounceUpkeep();
        return OnSocketThreads(socket => socket.RunUnits(unitsPerSocket, () => NextRequest(socket.Number, Reports.VerificationUnitKind.None), stop));
    }

    /// <summary>Runs one unit on one socket (`fixture flash`), marked as a verification unit when <paramref name="verification"/> says so.</summary>
    public Task<StationRunSummary> RunOneAsync(int socketNumber, CancellationToken stop, Reports.VerificationUnitKind verification = Reports.VerificationUnitKind.None)
    {
        var socket = _sockets.FirstOrDefault(s => s.Number == socketNumber)
            ?? throw new ArgumentOutOfRangeException(nameof(socketNumber), socketNumber, $"The station has no socket {socketNumber}.");
        return OnSocketThreads(s => s == socket && s.RunOne(NextRequest(s.Number, verification), stop) is { } o ? [o] : [], [socket]);
    }

    /// <summary>
    /// Takes <paramref name="input"/>'s aborts, unit ids, lot and operator, and unlocks (not its starts) until
    /// disposed: typed commands during a scripted run (`run --units N`).
    /// </summary>
    public IDisposable Listen(IOperatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        void OnAbort(object? sender, int? socketNumber) => Abort(socketNumber, "the operator pressed abort");
        void OnUnitId(object? sender, UnitIdEntry entry) => BindUnitId(entry.Socket, entry.UnitId);
        void OnShift(object? sender, ShiftEntry entry) => SetShift(entry);
        void OnUnlock(object? sender, UnlockEntry entry) => _ = UnlockAsync(entry);
        input.AbortRequested += OnAbort;
        input.UnitIdEntered += OnUnitId;
        input.ShiftEntered += OnShift;
        input.UnlockRequested += OnUnlock;
        return new Subscription(() =>
        {
            input.AbortRequested -= OnAbort;
            input.UnitIdEntered -= OnUnitId;
            input.ShiftEntered -= OnShift;
            input.UnlockRequested -= OnUnlock;
        });
    }

    /// <summary>Lot and operator for the rows that follow (null leaves a value unchanged).</summary>
    public void SetShift(ShiftEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            _lot = entry.Lot ?? _lot;
            _operator = entry.Operator ?? _operator;
        }
    }

    /// <summary>
    /// The interactive station: each socket waits for its start (GPIO button, Enter, or the console),
    /// runs the unit and waits again, until <paramref name="stop"/> (Ctrl+C) — or, once
    /// <paramref name="endOfStarts"/> fires (no more starts can come: the typed input closed on a station
    /// without buttons), until the units already started have finished.
    /// </summary>
    public Task RunInteractiveAsync(IReadOnlyList<IOperatorInput> inputs, CancellationToken stop, CancellationToken endOfStarts = default)
    {
        var queues = _sockets.ToDictionary(s => s.Number, _ => new System.Collections.Concurrent.BlockingCollection<StartRequest>(boundedCapacity: 1));
        void OnStart(object? sender, StartRequest request)
        {
            if (endOfStarts.IsCancellationRequested)
            {
                return;
            }

            if (Prompts.TryConfirm(request.Socket))
            {
                return; // Enter answered a socket's instruction ("Hold BOOT and plug the unit in, then press Enter")
            }

            foreach (var socket in _sockets.Where(s => request.Socket is null || s.Number == request.Socket))
            {
                var busy = socket.IsBusy;
                if (busy || !TryQueue(queues[socket.Number], request))
                {
                    if (request.Socket is not null)
                    {
                        _observer.OnStationMessage(new StationMessage(
                            StationMessageLevel.Info,
                            busy ? $"socket {socket.Number} is busy: wait for its verdict." : $"socket {socket.Number} already has a start waiting: this one is ignored; type it again after that one's verdict.",
                            socket.Number));
                    }
                }
            }
        }

        void OnAbort(object? sender, int? socketNumber)
        {
            foreach (var socket in _sockets.Where(s => socketNumber is null || s.Number == socketNumber))
            {
                socket.Abort("the operator pressed abort");
            }
        }

        void OnUnitId(object? sender, UnitIdEntry entry) => BindUnitId(entry.Socket, entry.UnitId);

        void OnShift(object? sender, ShiftEntry entry) => SetShift(entry);

        void OnUnlock(object? sender, UnlockEntry entry) => _ = UnlockAsync(entry);

        AnnounceUpkeep();
        foreach (var input in inputs)
        {
            input.StartRequested += OnStart;
            input.AbortRequested += OnAbort;
            input.UnitIdEntered += OnUnitId;
            input.ShiftEntered += OnShift;
            input.UnlockRequested += OnUnlock;
        }

        var ending = endOfStarts.Register(() =>
        {
            foreach (var queue in queues.Values)
            {
                queue.CompleteAdding();
            }
        });
        var run = OnSocketThreads(socket =>
        {
            var outcomes = new List<UnitOutcome>();
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    if (!queues[socket.Number].TryTake(out var start, Timeout.Infinite, stop))
                    {
                        break; // no more starts can come, and none is waiting
                    }

                    if (socket.RunOne(NextRequest(socket.Number, start.VerificationUnit), stop) is { } outcome)
                    {
                        outcomes.Add(outcome);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C while waiting for a start: nothing is powered.
            }

            return outcomes;
        });
        return run.ContinueWith(
            _ =>
            {
                ending.Dispose();
                foreach (var input in inputs)
                {
                    input.StartRequested -= OnStart;
                    input.AbortRequested -= OnAbort;
                    input.UnitIdEntered -= OnUnitId;
                    input.ShiftEntered -= OnShift;
                    input.UnlockRequested -= OnUnlock;
                }

                foreach (var queue in queues.Values)
                {
                    queue.Dispose();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static bool TryQueue(System.Collections.Concurrent.BlockingCollection<StartRequest> queue, StartRequest request)
    {
        try
        {
            return queue.TryAdd(request);
        }
        catch (InvalidOperationException)
        {
            return false; // no more starts are taken (the input closed)
        }
    }

    /// <summary>Binds a scanned unit id to the socket's next unit (the operator's `id N CODE`).</summary>
    public void BindUnitId(int socket, string unitId)
    {
        lock (_gate)
        {
            _pendingUnitIds[socket] = unitId;
        }

        _observer.OnStationMessage(new StationMessage(StationMessageLevel.Info, $"unit id '{unitId}' bound to socket {socket}'s next unit.", socket));
    }

    /// <summary>Aborts the unit on one socket, or on all.</summary>
    public void Abort(int? socketNumber, string reason)
    {
        foreach (var socket in _sockets.Where(s => socketNumber is null || s.Number == socketNumber))
        {
            socket.Abort(reason);
        }
    }

    /// <summary>
    /// Unlocks a socket for a technician (the console's unlock key, the plain console's <c>unlock</c>),
    /// audited; the outcome is told as a station message. Never throws: a refused id or an unwritable
    /// record is a message, and nothing changes.
    /// </summary>
    public async Task<bool> UnlockAsync(UnlockEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var socket = _sockets.FirstOrDefault(s => s.Number == entry.Socket);
        if (socket is null)
        {
            _observer.OnStationMessage(new StationMessage(StationMessageLevel.Warning, $"Not unlocked: the station has no socket {entry.Socket}."));
            return false;
        }

        try
        {
            // Off the caller's thread (the console's render loop): the file locks may wait for another process.
            var (unlocked, was) = await Task.Run(() => Upkeep.UnlockAsync(entry.Socket, entry.TechnicianId));
            if (!unlocked)
            {
                _observer.OnStationMessage(new StationMessage(StationMessageLevel.Info, $"socket {entry.Socket} was not locked: nothing changed.", entry.Socket));
                return false;
            }

            _observer.OnStationMessage(new StationMessage(StationMessageLevel.Info, $"socket {entry.Socket} unlocked by {entry.TechnicianId} (was: {was!.Reason}); it starts again.", entry.Socket));
            if (socket.Refusal() is { } still)
            {
                socket.ShowRefused(still);
            }
            else if (!socket.IsBusy)
            {
                _observer.OnSocketChanged(new SocketSnapshot(entry.Socket, "Idle", "ready", null, null, null, null, null, TimeSpan.Zero));
            }

            return true;
        }
        catch (Exception e) when (e is ArgumentException or StationRecordException)
        {
            _observer.OnStationMessage(new StationMessage(StationMessageLevel.Warning, $"socket {entry.Socket} not unlocked: {e.Message}", entry.Socket));
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _hardware.Dispose();
        _recorder.Dispose();
    }

    /// <summary>Shows every locked socket on its tile and every wear counter past its warning limit.</summary>
    private void AnnounceUpkeep()
    {
        IReadOnlyList<WearStatus> wear;
        try
        {
            wear = WearCounters.Evaluate(Upkeep.Store.Read(), Upkeep.Limits);
        }
        catch (StationRecordException e)
        {
            _observer.OnStationMessage(new StationMessage(StationMessageLevel.Error, $"{e.Message} Every start is refused until it is fixed."));
            wear = [];
        }

        foreach (var socket in _sockets)
        {
            if (socket.Refusal() is { } why)
            {
                _observer.OnStationMessage(new StationMessage(StationMessageLevel.Warning, why.Text, socket.Number));
                socket.ShowRefused(why);
            }

            socket.ShowWear(wear);
        }
    }

    private Workflow.UnitRequest NextRequest(int socket, Reports.VerificationUnitKind verification)
    {
        lock (_gate)
        {
            _pendingUnitIds.Remove(socket, out var unitId);
            return new Workflow.UnitRequest(unitId, _lot, _operator, verification);
        }
    }

    /// <summary>Runs <paramref name="work"/> for each socket on that socket's own thread; a socket that crashes is reported, the others go on.</summary>
    private Task<StationRunSummary> OnSocketThreads(Func<StationSocket, List<UnitOutcome>> work, IReadOnlyList<StationSocket>? only = null)
    {
        var sockets = only ?? _sockets;
        var done = new TaskCompletionSource<StationRunSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var results = new List<UnitOutcome>[sockets.Count];
        var errors = new List<string>();
        var remaining = sockets.Count;
        for (var i = 0; i < sockets.Count; i++)
        {
            var index = i;
            var socket = sockets[i];
            var thread = new Thread(() =>
            {
                try
                {
                    results[index] = work(socket);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    results[index] = [];
                    lock (errors)
                    {
                        errors.Add($"socket {socket.Number}: {e.GetType().Name}: {e.Message}");
                    }

                    _observer.OnStationMessage(new StationMessage(StationMessageLevel.Error, $"socket {socket.Number} stopped: {e.Message}", socket.Number));
                    try
                    {
                        socket.Environment.Lines.ReleaseAll();
                    }
                    catch (AggregateException)
                    {
                        // Reported by the safe state when the station closes.
                    }
                }

                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    done.SetResult(new StationRunSummary([.. results.SelectMany(r => r)], errors));
                }
            })
            {
                IsBackground = true,
                Name = $"socket {socket.Number}",
            };
            thread.Start();
        }

        return done.Task;
    }

    private sealed class Subscription(Action end) : IDisposable
    {
        public void Dispose() => end();
    }
}
