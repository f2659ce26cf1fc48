using Fixture.Controller.Workflow;
using Fixture.Hal;
using Fixture.Hal.Lines;

namespace Fixture.Controller.Station;

/// <summary>
/// One socket of a running station: its workflow on its own loop and clock (its own thread), its
/// lamps, and the unit feeder told at each start (the simulation puts its next unit in). Aborts from
/// other threads are posted onto the loop, never run on the caller's thread.
/// </summary>
internal sealed class StationSocket : IDisposable
{
    private readonly UnitWorkflow _workflow;
    private readonly IUnitFeeder _feeder;
    private readonly IStationObserver _observer;
    private CancellationTokenSource? _unitCancellation;
    private volatile string? _abortReason;
    private volatile bool _busy;

    public StationSocket(int index, SocketEnvironment environment, UnitPhases phases, UnitWorkflow workflow, SocketLoop loop, IUnitFeeder feeder, IStationObserver observer)
    {
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

    /// <summary>Runs units one after another on the calling thread (the socket's own), each to its report row.</summary>
    public List<UnitOutcome> RunUnits(int count, Func<UnitRequest> nextRequest, CancellationToken stop)
    {
        var outcomes = new List<UnitOutcome>();
        Loop.Run(async () =>
        {
            for (var i = 0; i < count && !stop.IsCancellationRequested; i++)
            {
                if (await RunOneAsync(nextRequest(), stop) is { } outcome)
                {
                    outcomes.Add(outcome);
                }
            }
        });
        return outcomes;
    }

    /// <summary>Runs one unit on the calling thread (the socket's own).</summary>
    public UnitOutcome? RunOne(UnitRequest request, CancellationToken stop)
    {
        UnitOutcome? outcome = null;
        Loop.Run(async () => outcome = await RunOneAsync(request, stop));
        return outcome;
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
