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

    [Fact]
    public void Every_byte_the_line_noise_corrupts_is_reported_to_the_unit_with_what_arrived_instead()
    {
        var (sent, device) = Send(corruption: 0.05, drop: 0);

        var differing = sent.Zip(device.Arrived).Where(p => p.First != p.Second).Select(p => (p.First, (byte?)p.Second)).ToList();
        Assert.Equal(sent.Length, device.Arrived.Count);
        Assert.InRange(differing.Count, 120, 290);
        Assert.Equal(differing, device.Hits.Select(h => (h.Sent, h.Delivered)));
        Assert.All(device.Hits, h => Assert.True(h.TowardChip));
    }

    [Fact]
    public void Every_byte_the_line_noise_drops_is_reported_to_the_unit()
    {
        var (sent, device) = Send(corruption: 0, drop: 0.02);

        Assert.InRange(device.Hits.Count, 40, 130);
        Assert.All(device.Hits, h => Assert.Null(h.Delivered));
        Assert.Equal(sent.Length - device.Hits.Count, device.Arrived.Count);
        Assert.Equal(sent.Sum(b => (long)b) - device.Arrived.Sum(b => (long)b), device.Hits.Sum(h => (long)h.Sent));
    }

    private static (byte[] Sent, NoisyDevice Device) Send(double corruption, double drop)
    {
        var clock = new SimulationClock();
        var device = new NoisyDevice(corruption, drop);
        using var link = new SimulatedSerialLink("sim:noisy", clock);
        link.Attach(device);
        link.Open(1_000_000);
        var sent = Enumerable.Range(0, 4000).Select(i => (byte)(i * 7)).ToArray();
        link.Stream.Write(sent);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        return (sent, device);
    }

    private sealed class NoisyDevice(double corruption, double drop) : IUartDevice
    {
        public List<(bool TowardChip, byte Sent, byte? Delivered)> Hits { get; } = [];

        public List<byte> Arrived { get; } = [];

        public (double CorruptionRate, double DropRate) LineNoise => (corruption, drop);

        public Random LineNoiseRandom { get; } = new(7);

        public void ConnectHost(IUartHostEnd? host)
        {
        }

        public void ReceiveFromHost(ReadOnlySpan<byte> bytes, int hostBaud) => Arrived.AddRange(bytes.ToArray());

        public void SetHostTxIdleHigh(bool idleHigh)
        {
        }

        public void LineNoiseHit(bool towardChip, byte sent, byte? delivered) => Hits.Add((towardChip, sent, delivered));
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
