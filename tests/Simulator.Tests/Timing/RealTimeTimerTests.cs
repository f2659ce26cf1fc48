using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;

namespace Fixture.Simulator.Tests.Timing;

/// <summary>
/// The system timer counts whole milliseconds and truncates; a simulated device on it must not be
/// woken before its bytes are due, or it re-arms and spins on the thread pool.
/// </summary>
[Trait("Category", "RealTime")]
public class RealTimeTimerTests
{
    [Fact]
    public void On_the_system_clock_a_due_time_is_rounded_up_to_the_next_whole_millisecond()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1), TimerDue.NotEarly(TimeProvider.System, TimeSpan.FromMilliseconds(0.32)));
        Assert.Equal(TimeSpan.FromMilliseconds(2), TimerDue.NotEarly(TimeProvider.System, TimeSpan.FromMilliseconds(1.5)));
        Assert.Equal(TimeSpan.FromMilliseconds(3), TimerDue.NotEarly(TimeProvider.System, TimeSpan.FromMilliseconds(3)));
        Assert.Equal(TimeSpan.Zero, TimerDue.NotEarly(TimeProvider.System, TimeSpan.FromMilliseconds(-2)));
    }

    [Fact]
    public void On_a_modelled_clock_a_due_time_stays_exact()
    {
        var clock = new SimulationClock();
        Assert.Equal(TimeSpan.FromMilliseconds(0.32), TimerDue.NotEarly(clock, TimeSpan.FromMilliseconds(0.32)));
    }

    [Fact]
    public void A_scaled_clock_arms_the_system_timer_for_at_least_the_scaled_time_in_whole_milliseconds()
    {
        var fast = new ScaledTimeProvider(TimeProvider.System, 4);
        Assert.Equal(TimeSpan.FromMilliseconds(1), fast.Scale(TimeSpan.FromMilliseconds(0.32)));
        Assert.Equal(TimeSpan.FromMilliseconds(3), fast.Scale(TimeSpan.FromMilliseconds(10)));
        Assert.Equal(Timeout.InfiniteTimeSpan, fast.Scale(Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task A_link_on_the_system_clock_does_not_spin_waiting_for_its_pieces()
    {
        // 64 pieces of 64 bytes, 2.78 ms each at 230 400 baud: a timer truncated to 2 ms would wake
        // 0.78 ms early for every piece and re-arm for "0 ms" until it was due, many times per piece.
        const int frame = 64 * 64;
        var device = new CountingDevice(frame);
        using var link = new SimulatedSerialLink("sim:real", TimeProvider.System);
        link.Attach(device);
        link.Open(230_400);
        link.Stream.Write(new byte[frame]);

        // Awaited, not blocked on: a blocked test thread can starve the pool the timer callbacks run on.
        await device.AllArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(frame, device.Received);
        Assert.True(link.EarlyWakeups <= 8, $"{link.EarlyWakeups} timer callbacks found nothing due for 64 pieces: the link spins");
    }

    private sealed class CountingDevice(int expected) : IUartDevice
    {
        private int _received;

        public TaskCompletionSource AllArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Received => Volatile.Read(ref _received);

        public (double CorruptionRate, double DropRate) LineNoise => (0, 0);

        public Random LineNoiseRandom { get; } = new(1);

        public void ConnectHost(IUartHostEnd? host)
        {
        }

        public void ReceiveFromHost(ReadOnlySpan<byte> bytes, int hostBaud)
        {
            if (Interlocked.Add(ref _received, bytes.Length) >= expected)
            {
                AllArrived.TrySetResult();
            }
        }

        public void SetHostTxIdleHigh(bool idleHigh)
        {
        }
    }
}
