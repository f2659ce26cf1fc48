using Fixture.Controller.Workflow;
using Fixture.Simulator.Timing;

namespace Fixture.Controller.Simulation;

/// <summary>
/// The simulated station in modelled time: every socket on its own <see cref="SimulationClock"/> (its own
/// timeline), its loop the simulator's <see cref="VirtualTimeLoop"/>, which jumps the clock to the next
/// timer whenever nothing on the loop can run. The same figures on every run.
/// </summary>
internal sealed class ModelledSocketLoops : ISocketLoopFactory
{
    private readonly SimulationClock[] _clocks;

    public ModelledSocketLoops(int sockets, TimeProvider stationTime)
    {
        StationTime = stationTime;
        var start = TimeProvider.System.GetUtcNow();
        _clocks = [.. Enumerable.Range(0, sockets).Select(_ => new SimulationClock(start))];
    }

    /// <summary>The station's shared hardware still runs on the wall clock (panel inputs, lamps).</summary>
    public TimeProvider StationTime { get; }

    public bool SeparateTimelines => true;

    /// <summary>Each socket's clock, for the simulated links and units of that socket.</summary>
    public IReadOnlyList<TimeProvider> Clocks => _clocks;

    public SocketLoop Create(int socketIndex) => new ModelledSocketLoop(_clocks[socketIndex]);
}

/// <summary>A socket's loop in modelled time: a <see cref="VirtualTimeLoop"/> kept for the socket's life.</summary>
internal sealed class ModelledSocketLoop : SocketLoop
{
    private readonly VirtualTimeLoop _loop;

    public ModelledSocketLoop(SimulationClock clock)
    {
        Time = clock;
        _loop = new VirtualTimeLoop(clock);
    }

    public override TimeProvider Time { get; }

    public override void Run(Func<Task> body)
    {
        try
        {
            _loop.Run(async () =>
            {
                Running = SynchronizationContext.Current;
                await body();
            });
        }
        finally
        {
            Running = null;
        }
    }
}
