using Fixture.Simulator.Timing;

namespace Fixture.Simulator.Tests.Timing;

public class SimulationClockTests
{
    [Fact]
    public void Nothing_moves_until_advanced_and_timers_fire_in_due_order()
    {
        var clock = new SimulationClock();
        var fired = new List<string>();
        using var late = clock.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add("early"), null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
        Assert.True(clock.AdvanceToNextTimer());
        Assert.Equal(["early"], fired);
        Assert.Equal(TimeSpan.FromMilliseconds(10), clock.Elapsed);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(["early", "late"], fired);
        Assert.False(clock.AdvanceToNextTimer());
    }

    [Fact]
    public void Periodic_timers_repeat_until_disposed()
    {
        var clock = new SimulationClock();
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(3, count);
        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(3, count);
    }

    [Fact]
    public void Virtual_time_runs_delays_in_modelled_time_on_one_thread()
    {
        var clock = new SimulationClock();
        var thread = Environment.CurrentManagedThreadId;
        var threads = new HashSet<int>();
        var elapsed = VirtualTime.Run(clock, async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock);
                threads.Add(Environment.CurrentManagedThreadId);
            }

            return clock.Elapsed;
        });
        Assert.Equal(TimeSpan.FromSeconds(10), elapsed);
        Assert.Equal([thread], threads);
    }

    [Fact]
    public void A_wait_nothing_can_end_is_reported_as_a_stalled_simulation()
    {
        var clock = new SimulationClock();
        var never = new TaskCompletionSource();
        var error = Assert.Throws<SimulationStalledException>(() => VirtualTime.Run(clock, () => never.Task));
        Assert.Contains("stalled", error.Message);
    }
}
