using Fixture.Protocol.Tests.Wire.Peers;
using Fixture.Protocol.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Protocol.Tests.Wire;

public class ByteChannelTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void ReadExactly_assembles_a_block_from_partial_reads()
    {
        using var peer = new ScriptedPeerStream(time) { FragmentSize = 3 };
        var result = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "test link");
            peer.Send([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], TimeSpan.FromMilliseconds(5));
            var block = new byte[10];
            await channel.ReadExactlyAsync(block, TimeSpan.FromMilliseconds(100), CancellationToken.None);
            return block;
        });
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, result);
    }

    [Fact]
    public void ReadExactly_times_out_on_the_virtual_clock_saying_what_came()
    {
        using var peer = new ScriptedPeerStream(time);
        var started = time.GetUtcNow();
        var error = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 2");
            peer.Send([0x4F], TimeSpan.FromMilliseconds(10));
            return await Assert.ThrowsAsync<IspTimeoutException>(() =>
                channel.ReadExactlyAsync(new byte[2], TimeSpan.FromMilliseconds(50), "reply to test", CancellationToken.None));
        });
        Assert.Equal(1, error.BytesReceived);
        Assert.Equal(2, error.BytesExpected);
        Assert.Equal(new byte[] { 0x4F }, error.Partial);
        Assert.Contains("socket 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("reply to test", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 of 2 bytes", error.Message, StringComparison.Ordinal);
        var elapsed = time.GetUtcNow() - started;
        Assert.InRange(elapsed.TotalMilliseconds, 50, 52);
    }

    [Fact]
    public void Bytes_that_arrive_after_a_timeout_are_kept_for_the_next_read()
    {
        using var peer = new ScriptedPeerStream(time);
        var second = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time);
            peer.Send([0xAA, 0xBB], TimeSpan.FromMilliseconds(80));
            await Assert.ThrowsAsync<IspTimeoutException>(() => channel.ReadExactlyAsync(new byte[2], TimeSpan.FromMilliseconds(20), CancellationToken.None));
            var block = new byte[2];
            await channel.ReadExactlyAsync(block, TimeSpan.FromMilliseconds(200), CancellationToken.None);
            return block;
        });
        Assert.Equal(new byte[] { 0xAA, 0xBB }, second);
    }

    [Fact]
    public void ReadAvailable_returns_what_came_or_zero_after_its_timeout()
    {
        using var peer = new ScriptedPeerStream(time);
        var (first, second) = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time);
            var buffer = new byte[16];
            var none = await channel.ReadAvailableAsync(buffer, TimeSpan.FromMilliseconds(10), CancellationToken.None);
            peer.Send("boot"u8, TimeSpan.FromMilliseconds(3));
            var some = await channel.ReadAvailableAsync(buffer, TimeSpan.FromMilliseconds(10), CancellationToken.None);
            return (none, some);
        });
        Assert.Equal(0, first);
        Assert.Equal(4, second);
    }

    [Fact]
    public void ReadAvailable_with_less_than_a_millisecond_left_waits_it_out_on_the_clock()
    {
        // A deadline loop reads with whatever is left; a sub-millisecond remainder must still move time on.
        using var peer = new ScriptedPeerStream(time);
        var started = time.GetTimestamp();
        var (n, elapsed) = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time);
            var read = await channel.ReadAvailableAsync(new byte[16], TimeSpan.FromTicks(4_000), CancellationToken.None);
            return (read, time.GetElapsedTime(started));
        });
        Assert.Equal(0, n);
        Assert.True(elapsed >= TimeSpan.FromTicks(4_000), $"returned after {elapsed.TotalMilliseconds} ms of the 0.4 ms asked");
    }

    [Fact]
    public void Drain_discards_until_the_line_is_quiet_and_keeps_what_comes_later()
    {
        using var peer = new ScriptedPeerStream(time);
        var (dropped, kept, elapsed) = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time);
            var t0 = time.GetTimestamp();
            peer.Send([1, 1], TimeSpan.FromMilliseconds(2));
            peer.Send([2, 2, 2], TimeSpan.FromMilliseconds(7));
            peer.Send([3], TimeSpan.FromMilliseconds(12));
            peer.Send([9, 9], TimeSpan.FromMilliseconds(40));
            var n = await channel.DrainAsync(TimeSpan.FromMilliseconds(8), TimeSpan.FromSeconds(1), CancellationToken.None);
            var took = time.GetElapsedTime(t0);
            var rest = new byte[2];
            await channel.ReadExactlyAsync(rest, TimeSpan.FromMilliseconds(100), CancellationToken.None);
            return (n, rest, took);
        });
        Assert.Equal(6, dropped);
        Assert.Equal(new byte[] { 9, 9 }, kept);
        Assert.InRange(elapsed.TotalMilliseconds, 20, 22);
    }

    [Fact]
    public void ReadUntilQuiet_collects_a_reply_and_stops_at_the_first_silence()
    {
        using var peer = new ScriptedPeerStream(time);
        var got = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time);
            peer.Send("O"u8, TimeSpan.FromMilliseconds(5));
            peer.Send("K"u8, TimeSpan.FromMilliseconds(30));
            peer.Send("late"u8, TimeSpan.FromMilliseconds(200));
            return await channel.ReadUntilQuietAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), 1000, CancellationToken.None);
        });
        Assert.Equal("OK"u8.ToArray(), got);
    }

    [Fact]
    public void Counters_count_bytes_both_ways_and_DiscardInput_empties_the_buffer()
    {
        using var peer = new ScriptedPeerStream(time);
        var (sent, received, discarded, available) = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time);
            await channel.WriteAsync(new byte[7], CancellationToken.None);
            peer.Send(new byte[5]);
            await channel.ReadAvailableAsync(new byte[1], TimeSpan.FromMilliseconds(5), CancellationToken.None);
            var d = channel.DiscardInput();
            return (channel.BytesSent, channel.BytesReceived, d, channel.Available);
        });
        Assert.Equal(7, sent);
        Assert.Equal(5, received);
        Assert.Equal(4, discarded);
        Assert.Equal(0, available);
        Assert.Equal(7, peer.Written.Count);
    }

    [Fact]
    public void A_closed_stream_gives_a_link_error_naming_the_link()
    {
        using var peer = new ScriptedPeerStream(time);
        var error = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 4 (/dev/ttyUSB3)");
            peer.CloseFromDevice();
            return await Assert.ThrowsAsync<IspLinkException>(() => channel.ReadExactlyAsync(new byte[2], TimeSpan.FromSeconds(1), CancellationToken.None));
        });
        Assert.Contains("socket 4 (/dev/ttyUSB3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_ends_a_wait_without_waiting_for_the_deadline()
    {
        using var peer = new ScriptedPeerStream(time);
        using var cts = new CancellationTokenSource();
        var started = time.GetUtcNow();
        VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time);
            using var timer = time.CreateTimer(_ => cts.Cancel(), null, TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => channel.ReadExactlyAsync(new byte[1], TimeSpan.FromSeconds(10), cts.Token));
        });
        Assert.True(time.GetUtcNow() - started < TimeSpan.FromSeconds(1));
    }
}
