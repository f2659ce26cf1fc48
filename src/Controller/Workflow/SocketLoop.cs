namespace Fixture.Controller.Workflow;

/// <summary>
/// Runs a socket's async work to completion on the calling thread, with every continuation coming back
/// to it (Stateless is not thread-safe; architecture §2), on the socket's clock. Anything another thread
/// wants done on the socket (an abort) is posted with <see cref="Post"/>. On a line station a
/// <see cref="SingleThreadSocketLoop"/>; a composition may bring another (the simulation's modelled time).
/// </summary>
/// <remarks>
/// One loop context for the socket's whole life, not one per run: the serial channel's pump outlives a
/// unit (the port stays open between units) and its read completes during a later unit's run; its
/// continuation must run there. With a context per run it was posted to a finished loop and lost, and
/// every unit after a socket's first failed its handshake.
/// </remarks>
internal abstract class SocketLoop : IDisposable
{
    /// <summary>The socket's clock: its timeouts, delays and report times.</summary>
    public abstract TimeProvider Time { get; }

    /// <summary>Runs <paramref name="body"/> on this thread until it completes.</summary>
    public abstract void Run(Func<Task> body);

    /// <summary>Queues <paramref name="action"/> onto the running loop; false when nothing runs (the action is dropped).</summary>
    public bool Post(Action action)
    {
        var context = Running;
        if (context is null)
        {
            return false;
        }

        context.Post(_ => action(), null);
        return true;
    }

    /// <summary>The loop's context while <see cref="Run"/> runs; null between runs.</summary>
    protected SynchronizationContext? Running { get; set; }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>
/// The sockets' loops and clocks of one station, made by whoever composes the station: a line station
/// gives each socket a <see cref="SingleThreadSocketLoop"/> on the system clock.
/// </summary>
internal interface ISocketLoopFactory
{
    /// <summary>The clock of the station's shared hardware (panel inputs, lamps) and of a shared power-on stagger.</summary>
    TimeProvider StationTime { get; }

    /// <summary>
    /// True when every socket runs on a timeline of its own (modelled time): the sockets' power-ons then
    /// cannot be spaced on one clock and are offset by socket position instead.
    /// </summary>
    bool SeparateTimelines { get; }

    /// <summary>The loop of the socket at <paramref name="socketIndex"/> (0-based), for the socket's whole life.</summary>
    SocketLoop Create(int socketIndex);
}

/// <summary>Real time: every socket a <see cref="SingleThreadSocketLoop"/> on one clock.</summary>
internal sealed class SingleThreadSocketLoops(TimeProvider time) : ISocketLoopFactory
{
    public TimeProvider StationTime { get; } = time;

    public bool SeparateTimelines => false;

    public SocketLoop Create(int socketIndex) => new SingleThreadSocketLoop(StationTime);
}
