using Microsoft.Extensions.Time.Testing;

namespace Fixture.Protocol.Tests.Wire.Peers;

/// <summary>
/// A single-threaded loop with a virtual clock for tests: runs posted continuations on the test
/// thread and, only when nothing is runnable, advances the <see cref="FakeTimeProvider"/> one step.
/// Same idea as the simulator's VirtualTime.Run: code that works here works in modelled time.
/// </summary>
public sealed class VirtualLoop : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> queue = new();
    private readonly object gate = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (gate)
            queue.Enqueue((d, state));
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("The virtual loop is single-threaded.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="body"/> to completion; fails when it needs more than <paramref name="limit"/> of virtual time.</summary>
    public static T Run<T>(FakeTimeProvider time, Func<Task<T>> body, TimeSpan? limit = null, TimeSpan? step = null)
    {
        var loop = new VirtualLoop();
        var previous = Current;
        SetSynchronizationContext(loop);
        try
        {
            var started = time.GetUtcNow();
            var task = body();
            var tick = step ?? TimeSpan.FromMilliseconds(1);
            var budget = limit ?? TimeSpan.FromMinutes(5);
            while (!task.IsCompleted)
            {
                if (loop.TryDequeue(out var item))
                {
                    item.Callback(item.State);
                    continue;
                }

                if (time.GetUtcNow() - started > budget)
                    throw new TimeoutException($"The body did not finish within {budget} of virtual time.");
                time.Advance(tick);
            }

            // Let continuations queued by the last step run (e.g. the pump taking trailing bytes).
            while (loop.TryDequeue(out var rest))
                rest.Callback(rest.State);
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public static void Run(FakeTimeProvider time, Func<Task> body, TimeSpan? limit = null) =>
        Run(time, async () => { await body(); return 0; }, limit);

    private bool TryDequeue(out (SendOrPostCallback Callback, object? State) item)
    {
        lock (gate)
            return queue.TryDequeue(out item);
    }
}
