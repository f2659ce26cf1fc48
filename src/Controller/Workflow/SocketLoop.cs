using System.Collections.Concurrent;
using Fixture.Simulator.Timing;

namespace Fixture.Controller.Workflow;

/// <summary>
/// Runs a socket's async work to completion on the calling thread, with every continuation coming back
/// to it (Stateless is not thread-safe; architecture §2). In modelled time that is the simulator's
/// <see cref="VirtualTime"/> loop on the socket's own <see cref="SimulationClock"/>; in real time a
/// plain single-threaded loop that sleeps until work is posted. Anything another thread wants done on
/// the socket (an abort) is posted with <see cref="Post"/>.
/// </summary>
internal sealed class SocketLoop
{
    private readonly SimulationClock? _modelled;
    private SynchronizationContext? _running;

    public SocketLoop(TimeProvider time)
    {
        Time = time;
        _modelled = time as SimulationClock;
    }

    public TimeProvider Time { get; }

    public bool IsModelled => _modelled is not null;

    /// <summary>Runs <paramref name="body"/> on this thread until it completes.</summary>
    public void Run(Func<Task> body)
    {
        if (_modelled is { } clock)
        {
            VirtualTime.Run(clock, async () =>
            {
                _running = SynchronizationContext.Current;
                await body();
            });
        }
        else
        {
            RunReal(body);
        }

        _running = null;
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

    private void RunReal(Func<Task> body)
    {
        var previous = SynchronizationContext.Current;
        using var context = new QueueContext();
        SynchronizationContext.SetSynchronizationContext(context);
        _running = context;
        try
        {
            var task = body();
            task.ContinueWith(_ => context.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            context.RunUntilComplete();
            task.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>A single-threaded context: posts queue up and run on the loop thread.</summary>
    private sealed class QueueContext : SynchronizationContext, IDisposable
    {
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

        public override void Post(SendOrPostCallback d, object? state)
        {
            try
            {
                _queue.Add((d, state));
            }
            catch (InvalidOperationException)
            {
                // Completed: the body has finished and nothing waits for this any more.
            }
        }

        public override void Send(SendOrPostCallback d, object? state) => d(state);

        public override SynchronizationContext CreateCopy() => this;

        public void Complete() => _queue.CompleteAdding();

        public void RunUntilComplete()
        {
            foreach (var (callback, state) in _queue.GetConsumingEnumerable())
            {
                callback(state);
            }
        }

        public void Dispose() => _queue.Dispose();
    }
}
