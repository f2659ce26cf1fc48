namespace Fixture.Simulator.Timing;

/// <summary>
/// Runs host code and simulated units together in modelled time: the body runs on a private
/// single-threaded loop, and whenever nothing on the loop is runnable the clock jumps to the next
/// timer. Host code awaits without ConfigureAwait(false), so its continuations come back here, and
/// device-side completions are delivered asynchronously so they post here too. Same input, same
/// modelled figures, on every run.
/// </summary>
public static class VirtualTime
{
    /// <summary>Runs <paramref name="body"/> to completion in modelled time.</summary>
    /// <exception cref="SimulationStalledException">Nothing is runnable, no timer is pending, and the body has not finished.</exception>
    public static void Run(SimulationClock clock, Func<Task> body) =>
        Run<bool>(clock, async () =>
        {
            await body();
            return true;
        });

    /// <summary>Runs <paramref name="body"/> to completion in modelled time and returns its result.</summary>
    public static T Run<T>(SimulationClock clock, Func<Task<T>> body) => new VirtualTimeLoop(clock).Run(body);
}

/// <summary>
/// A <see cref="VirtualTime"/> loop that keeps its context between runs, for code that outlives one run:
/// a serial channel's pump awaits a read that completes during a later run, and its continuation must
/// run then, on this loop (a loop made per run would leave it posted to a context nobody runs).
/// Posts that arrive between runs wait for the next run.
/// </summary>
public sealed class VirtualTimeLoop
{
    private readonly SimulationClock _clock;
    private readonly LoopContext _loop = new();

    public VirtualTimeLoop(SimulationClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
    }

    /// <summary>Runs <paramref name="body"/> to completion in modelled time on this thread.</summary>
    /// <exception cref="SimulationStalledException">Nothing is runnable, no timer is pending, and the body has not finished.</exception>
    public void Run(Func<Task> body) =>
        Run<bool>(async () =>
        {
            await body();
            return true;
        });

    /// <summary>Runs <paramref name="body"/> to completion in modelled time on this thread and returns its result.</summary>
    public T Run<T>(Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var previous = SynchronizationContext.Current;
        var loop = _loop;
        var clock = _clock;
        SynchronizationContext.SetSynchronizationContext(loop);
        try
        {
            var task = body();
            while (true)
            {
                loop.RunPending();
                if (task.IsCompleted)
                {
                    return task.GetAwaiter().GetResult();
                }

                if (!clock.AdvanceToNextTimer())
                {
                    loop.RunPending();
                    if (task.IsCompleted)
                    {
                        return task.GetAwaiter().GetResult();
                    }

                    if (!loop.HasPending)
                    {
                        throw new SimulationStalledException(
                            $"simulation stalled at {clock.Elapsed.TotalMilliseconds:F3} ms of modelled time: the body is waiting, " +
                            "nothing is runnable and no timer is pending (a wait without a timeout, or work that left the loop thread)");
                    }
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>The loop's context: posts queue up and run on the loop thread; Send runs inline.</summary>
    private sealed class LoopContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
        private readonly object _gate = new();

        public bool HasPending
        {
            get
            {
                lock (_gate)
                {
                    return _queue.Count > 0;
                }
            }
        }

        public override void Post(SendOrPostCallback d, object? state)
        {
            lock (_gate)
            {
                _queue.Enqueue((d, state));
            }
        }

        public override void Send(SendOrPostCallback d, object? state) => d(state);

        public override SynchronizationContext CreateCopy() => this;

        public void RunPending()
        {
            while (true)
            {
                (SendOrPostCallback Callback, object? State) item;
                lock (_gate)
                {
                    if (!_queue.TryDequeue(out item))
                    {
                        return;
                    }
                }

                item.Callback(item.State);
            }
        }
    }
}

/// <summary>A modelled-time run can make no further progress.</summary>
public sealed class SimulationStalledException(string message) : InvalidOperationException(message);
