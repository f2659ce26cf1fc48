using System.Collections.Concurrent;

namespace Fixture.Controller.Workflow;

/// <summary>
/// A socket's loop in real time: a plain single-threaded loop on the calling thread that sleeps until
/// work is posted; posts made between runs wait for the next run.
/// </summary>
internal sealed class SingleThreadSocketLoop : SocketLoop
{
    private readonly QueueContext _context = new();

    public SingleThreadSocketLoop(TimeProvider time)
    {
        Time = time;
    }

    public override TimeProvider Time { get; }

    public override void Run(Func<Task> body)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        Running = _context;
        try
        {
            var task = body();

            // Wakes the loop once the body is done (its last continuation may have run on this very thread).
            task.ContinueWith(_ => _context.Post(static _ => { }, null), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _context.RunUntil(task);
            task.GetAwaiter().GetResult();
        }
        finally
        {
            Running = null;
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _context.Dispose();
        }

        base.Dispose(disposing);
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
