using Fixture.Controller.Reports;
using Fixture.Controller.Station;

namespace Fixture.Lab.OperatorScreen.Demo;

/// <summary>
/// A scripted shift replayed onto an <see cref="IStationObserver"/>, so the operator console can be
/// seen (<c>fixture-lab console demo</c>) and tested without a station. It answers the operator's start,
/// abort, unit-id and lot/operator requests like a station would, but nothing is flashed and no report
/// is written: it is a demonstration, and says so in every row's detail.
/// </summary>
public sealed class ScriptedShift
{
    private readonly IStationObserver observer;
    private readonly TimeProvider time;
    private readonly string stationId;
    private readonly Lock gate = new();
    private readonly Dictionary<int, CancellationTokenSource?> running = [];
    private readonly Dictionary<int, string> unitIds = [];
    private readonly Dictionary<string, bool> firstPassByMac = [];
    private readonly List<Task> units = [];
    private readonly Dictionary<FailureCode, string> macByCode = [];
    private int next;
    private long attempt;
    private int pass;
    private int fail;
    private int rework;
    private string? lot;
    private string? operatorName;
    private bool closed;

    public ScriptedShift(IStationObserver observer, IReadOnlyList<int> sockets, string stationId, TimeProvider time)
    {
        this.observer = observer;
        this.time = time;
        this.stationId = stationId;
        foreach (var socket in sockets)
        {
            running[socket] = null;
        }
    }

    /// <summary>After a verdict, start the socket's next unit by itself this long later (null: wait for the operator).</summary>
    public TimeSpan? AutoRestartAfter { get; init; }

    /// <summary>Answers the operator's requests from <paramref name="input"/>.</summary>
    public void Attach(IOperatorInput input)
    {
        input.StartRequested += (_, request) => Start(request.Socket, request.VerificationUnit);
        input.AbortRequested += (_, socket) => Abort(socket);
        input.UnitIdEntered += (_, entry) => { lock (gate) { unitIds[entry.Socket] = entry.UnitId; } };
        input.ShiftEntered += (_, entry) => { lock (gate) { lot = entry.Lot ?? lot; operatorName = entry.Operator ?? operatorName; } };
    }

    /// <summary>Shows every socket idle and the messages a station shows at start-up.</summary>
    public void Open()
    {
        foreach (var socket in running.Keys)
        {
            observer.OnSocketChanged(new SocketSnapshot(socket, "Idle", "waiting for start", null, null, null, null, null, TimeSpan.Zero));
        }

        observer.OnStationMessage(new StationMessage(StationMessageLevel.Info,
            "Demo: a scripted shift. No station is connected, nothing is flashed and no report is written."));
        observer.OnStationMessage(new StationMessage(StationMessageLevel.Warning,
            "Report file demo_2025-03-14.csv: 1 torn last line (power loss) moved aside to demo_2025-03-14.csv.torn; no action needed, QA can inspect it."));
    }

    /// <summary>Starts the next scripted unit on <paramref name="socket"/>, or on every idle socket.</summary>
    public void Start(int? socket, VerificationUnitKind verification = VerificationUnitKind.None)
    {
        lock (gate)
        {
            if (closed)
            {
                return;
            }

            foreach (var target in running.Keys.Where(key => (socket is null || key == socket) && running[key] is null).ToList())
            {
                var abort = new CancellationTokenSource();
                running[target] = abort;
                var unit = ShiftScript.Units[next++ % ShiftScript.Units.Count];
                units.Add(RunAsync(target, unit, verification, abort.Token));
            }
        }
    }

    public void Abort(int? socket)
    {
        lock (gate)
        {
            foreach (var (key, abort) in running.Where(pair => socket is null || pair.Key == socket))
            {
                abort?.Cancel();
            }
        }
    }

    /// <summary>Ends the shift: running units are aborted and nothing starts any more.</summary>
    public void Close()
    {
        lock (gate)
        {
            closed = true;
        }

        Abort(null);
    }

    /// <summary>Completes when every unit started so far has its verdict.</summary>
    public Task WhenIdleAsync()
    {
        lock (gate)
        {
            return Task.WhenAll(units.ToArray());
        }
    }

    private async Task RunAsync(int socket, ScriptedUnit unit, VerificationUnitKind verification, CancellationToken abort)
    {
        var started = time.GetTimestamp();
        string mac;
        string? unitId;
        lock (gate)
        {
            // A retest brings back the last unit that failed with the same code.
            mac = unit is { RetestOfPrevious: true, Code: { } code } && macByCode.TryGetValue(code, out var earlier) ? earlier : NextMac();
            if (unit.Code is { } failure)
            {
                macByCode[failure] = mac;
            }
            unitIds.Remove(socket, out unitId);
        }

        var run = new ScriptedRun(observer, time, socket, unitId, started, abort);
        var step = "PoweringUp";
        try
        {
            step = await run.PlayAsync(unit, mac);
            Finish(socket, unit.Verdict, unit.Code, step, mac, unitId, verification, unit, started);
        }
        catch (OperationCanceledException)
        {
            Finish(socket, UnitVerdict.Fail, FailureCode.Aborted, run.State, run.Mac, unitId, verification, unit, started);
        }
    }

    private void Finish(int socket, UnitVerdict verdict, FailureCode? code, string step, string? mac, string? unitId,
        VerificationUnitKind verification, ScriptedUnit unit, long started)
    {
        if (unit.Message is { } message && code != FailureCode.Aborted)
        {
            observer.OnStationMessage(new StationMessage(StationMessageLevel.Error, message.Replace("{socket}", socket.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), socket));
        }

        var row = new UnitReportRow
        {
            TimestampUtc = time.GetUtcNow(),
            Station = stationId,
            Socket = socket,
            AttemptNumber = Interlocked.Increment(ref attempt),
            Operator = operatorName,
            Lot = lot,
            UnitId = unitId,
            Mac = mac,
            RecipeName = "demo",
            RecipeVersion = "demo",
            RecipeSha256 = new string('0', 64),
            StationConfigSha256 = new string('0', 64),
            FirmwareFile = "demo",
            FirmwareSha256 = new string('0', 64),
            Verdict = verdict,
            FailureCode = code,
            FailedStep = code is null ? null : step,
            Detail = "demo: scripted, nothing was flashed",
            HandshakeAttempts = 1 + unit.PowerCycles,
            TotalTime = time.GetElapsedTime(started),
            FixtureVersion = "demo",
            VerificationUnit = verification,
            WeakSupplyWarning = verdict == UnitVerdict.Pass && unit.PowerCycles > 0,
        };

        observer.OnUnitFinished(Describe(row));
        observer.OnCountsChanged(Count(row));
        observer.OnSocketChanged(new SocketSnapshot(socket, "Idle", "waiting for start", null, null, null, null, null, row.TotalTime ?? TimeSpan.Zero));
        lock (gate)
        {
            running[socket]?.Dispose();
            running[socket] = null;
        }

        if (AutoRestartAfter is { } pause)
        {
            _ = RestartAsync(socket, pause);
        }
    }

    private async Task RestartAsync(int socket, TimeSpan pause)
    {
        await Task.Delay(pause, time);
        Start(socket);
    }

    private StationCounts Count(UnitReportRow row)
    {
        lock (gate)
        {
            _ = row.Verdict switch
            {
                UnitVerdict.Pass => ++pass,
                UnitVerdict.Fail => ++fail,
                _ => ++rework,
            };

            // First-pass yield: units whose first yield-counting attempt passed; verification units and station faults are left out.
            var counts = row.VerificationUnit == VerificationUnitKind.None && row.FailureCode is not (FailureCode.FixtureFault or FailureCode.Aborted);
            if (counts && row.Mac is { } key)
            {
                firstPassByMac.TryAdd(key, row.Verdict == UnitVerdict.Pass);
            }

            double? yield = firstPassByMac.Count == 0 ? null : (double)firstPassByMac.Values.Count(passed => passed) / firstPassByMac.Count;
            return new StationCounts(pass + fail + rework, pass, fail, rework, yield);
        }
    }

    private static UnitOutcome Describe(UnitReportRow row)
    {
        if (row.FailureCode is not { } code)
        {
            return new UnitOutcome(row, "PASS", "Flashed, verified and booted: OpenBL602 opened its access point and reached boot complete.",
                "Take the unit out and load the next one.");
        }

        var info = code.Describe();
        return new UnitOutcome(row, $"{row.Verdict.ToText()}: {info.Text}", info.Explanation, info.NextStep);
    }

    private string NextMac()
    {
        var serial = 0x9666 + next;
        return $"70:3E:97:1E:{(serial >> 8) & 0xFF:X2}:{serial & 0xFF:X2}";
    }
}
