using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;

namespace Fixture.Simulator.Tests.Uart;

public class UartTests
{
    [Fact]
    public void Within_tolerance_bytes_pass_unchanged()
    {
        byte[] bytes = [0x4F, 0x4B, 0x00, 0xFF, 0x55];
        Assert.Equal(bytes, UartReceiver.Decode(bytes, 921_600, 930_232, 0.03));
    }

    [Fact]
    public void Beyond_tolerance_bytes_garble_the_same_way_every_time()
    {
        byte[] ok = [0x4F, 0x4B];
        var first = UartReceiver.Decode(ok, 1_000_000, 1_152_000, 0.03);
        Assert.NotEqual(ok, first);
        Assert.Equal(first, UartReceiver.Decode(ok, 1_000_000, 1_152_000, 0.03));
    }

    [Fact]
    public void Host_bytes_cost_ten_bit_times_and_queue_behind_bytes_on_the_wire()
    {
        var clock = new SimulationClock();
        var device = new RecordingDevice(clock);
        using var link = new SimulatedSerialLink("sim:wire", clock);
        link.Attach(device);
        link.Open(1_000_000);
        link.Stream.Write(new byte[100]); // 1 ms
        link.Stream.Write(new byte[100]); // queued: arrives at 2 ms
        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(200, device.Received);
        Assert.Equal(TimeSpan.FromMilliseconds(2), device.LastAt);
    }

    [Fact]
    public void Device_replies_are_readable_after_wire_time_plus_turnaround()
    {
        var clock = new SimulationClock();
        var device = new RecordingDevice(clock);
        using var link = new SimulatedSerialLink("sim:wire", clock, TimingModel.Ftdi);
        link.Attach(device);
        link.Open(2_000_000);
        device.Host!.TransmitToHost([0x4F, 0x4B], 2_000_000);
        clock.Advance(TimeSpan.FromMilliseconds(16));
        Assert.Equal(0, link.BytesToRead);
        clock.Advance(TimeSpan.FromMilliseconds(0.02));
        Assert.Equal(2, link.BytesToRead);
        Assert.StartsWith("sim:", link.AdapterIdentity);
    }

    private sealed class RecordingDevice(SimulationClock clock) : IUartDevice
    {
        public IUartHostEnd? Host { get; private set; }

        public int Received { get; private set; }

        public TimeSpan LastAt { get; private set; }

        public (double CorruptionRate, double DropRate) LineNoise => (0, 0);

        public Random LineNoiseRandom { get; } = new(1);

        public void ConnectHost(IUartHostEnd? host) => Host = host;

        public void ReceiveFromHost(ReadOnlySpan<byte> bytes, int hostBaud)
        {
            Received += bytes.Length;
            LastAt = clock.Elapsed;
        }

        public void SetHostTxIdleHigh(bool idleHigh)
        {
        }
    }
}
