using Fixture.Simulator.Timing;

namespace Fixture.Simulator.Tests.Timing;

/// <summary>A loop kept between runs: work that outlives one run (a channel's pump) continues in the next.</summary>
public class VirtualTimeLoopTests
{
    [Fact]
    public void A_continuation_still_waiting_when_a_run_ends_runs_on_the_same_thread_in_the_next_run()
    {
        var clock = new SimulationClock();
        var loop = new VirtualTimeLoop(clock);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resumedOn = -1;
        Task pump = null!;

        loop.Run(() =>
        {
            pump = WaitForArrival();
            return Task.CompletedTask;
        });
        Assert.False(pump.IsCompleted);

        var thread = Environment.CurrentManagedThreadId;
        loop.Run(async () =>
        {
            using var timer = clock.CreateTimer(_ => arrived.TrySetResult(), null, TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);
            await pump;
        });

        Assert.True(pump.IsCompletedSuccessfully);
        Assert.Equal(thread, resumedOn);

        async Task WaitForArrival()
        {
            await arrived.Task;
            resumedOn = Environment.CurrentManagedThreadId;
        }
    }

    [Fact]
    public void A_run_waiting_on_nothing_still_reports_a_stall()
    {
        var loop = new VirtualTimeLoop(new SimulationClock());
        var never = new TaskCompletionSource();

        Assert.Throws<SimulationStalledException>(() => loop.Run(() => never.Task));
    }
}
