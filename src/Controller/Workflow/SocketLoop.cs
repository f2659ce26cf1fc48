using System.Collections.Concurrent;
using Fixture.Simulator.Timing;

namespace Fixture.Controller.Workflow;

/// <summary>
/// Runs a socket's async work to completion on the calling thread, with every continuation coming back
/// to it (Stateless is not thread-safe; architecture §2). In modelled time that is the simulator's
/// <see cref="VirtualTimeLoop"/> on the socket's own <see cref="SimulationClock"/>; in real time a
/// plain single-threaded loop that sleeps until work is posted. Anything another thread wants done on
/// the socket (an abort) is posted with <see cref="Post"/>.
/// </summary>
/// <remarks>
/// One loop context for the socket's whole life, not one per run: the serial channel's pump outlives a
/// unit (the port stays open between units) and its read completes during a later unit's run; its
/// continuation must run there. With a context per run it was posted to a finished loop and lost, and
/// every unit after a socket's first failed its handshake.
/// </remarks>
internal sealed class SocketLoop : IDisposable
{
    private readonly VirtualTimeLoop? _modelled;
    private readonly QueueContext? _real;
    private SynchronizationContext? _running;

    public SocketLoop(TimeProvider time)
    {
        Time = time;
        if (time is SimulationClock clock)
        {
            _modelled = new VirtualTimeLoop(clock);
        }
        else
        {
            _real = new QueueContext();
        }
    }

    public TimeProvider Time { get; }

    public bool IsModelled => _modelled is not null;

    /// <summary>Runs <paramref name="body"/> on this thread until it completes.</summary>
    public void Run(Func<Task> body)
    {
        try
        {
            if (_modelled is { } loop)
            {
                loop.Run(async () =>
                {
                    _running = SynchronizationContext.Current;
                    await body();
                });
            }
            else
            {
                RunReal(body);
            }
        }
        finally
        {
            _running = null;
        }
    }

    /// <summary>Queues <paramref name="action"/> onto the running loop; false when nothing runs (the action is dropped).</summary>
    public bool Post(Action action)
    {
        var context = _running;
        if (context is null)
        {
            return false;
        }

        context.Post(_ => action(), null);
        return true;
    }

    public void Dispose() => _real?.Dispose();

    private void RunReal(Func<Task> body)
    {
        var context = _real!;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        _running = context;
        try
        {
            var task = body();

            // Wakes the loop once the body is done (its last continuation may have run on this very thread).
            task.ContinueWith(_ => context.Post(static _ => { }, null), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            context.RunUntil(task);
            task.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>A single-threaded context: posts queue up and run on the loop thread, also posts made between runs.</summary>
    private sealed class QueueContext : SynchronizationContext, IDisposable
    {
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

        public override void Post(SendOrPostCallback d, object? state)
        {
            try
            {
                _queue.Add((d, state));
            }
            catch (ObjectDisposedException)
            {
                // The socket is closed: nothing will run on it again.
            }
        }

        public override void Send(SendOrPostCallback d, object? state) => d(state);

        public override SynchronizationContext CreateCopy() => this;

        /// <summary>Runs posted work until <paramref name="task"/> has completed.</summary>
        public void RunUntil(Task task)
        {
            while (!task.IsCompleted)
            {
                var (callback, state) = _queue.Take();
                callback(state);
            }
        }

        public void Dispose() => _queue.Dispose();
    }
}
