using System.Buffers.Binary;
using System.IO.Hashing;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Wire;

namespace Fixture.Controller.Benchmarks;

/// <summary>
/// A serial stream whose far end answers every bootrom and loader frame at once, as a healthy
/// factory-fresh unit would (SHA-256 of a written region: the plan's; of anything else: no match).
/// It does no device work, so CPU measured around a flash through it is the host's own.
/// </summary>
internal sealed class InstantUnitStream : DuplexStream
{
    private static readonly byte[] Mac = [0x70, 0x3E, 0x97, 0x1E, 0x96, 0x66];
    private readonly Dictionary<(uint Address, uint Length), byte[]> digests = [];
    private readonly Queue<byte> replies = new();
    private TaskCompletionSource<int>? waiting;
    private Memory<byte> waitingBuffer;

    public InstantUnitStream(FlashPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var region in plan.Regions)
        {
            digests[(region.Address, region.IsEraseOnly ? region.EraseLength : (uint)region.Data.Length)] = region.Sha256;
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (replies.Count > 0)
        {
            return ValueTask.FromResult(Take(buffer.Span));
        }

        waiting = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        waitingBuffer = buffer;
        cancellationToken.Register(() => waiting?.TrySetCanceled(cancellationToken));
        return new ValueTask<int>(waiting.Task);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Answer(buffer);
        if (waiting is { } pending && replies.Count > 0)
        {
            waiting = null;
            pending.TrySetResult(Take(waitingBuffer.Span));
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    private int Take(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, replies.Count);
        for (var i = 0; i < n; i++)
        {
            destination[i] = replies.Dequeue();
        }

        return n;
    }

    private void Answer(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAnyExcept((byte)0x55) < 0)
        {
            Send(Reply.Ok());
            return;
        }

        if (!RequestFrame.TryDecode(bytes, out var frame, out _) || frame is null)
        {
            return;
        }

        var p = frame.Payload;
        Send(frame.Command switch
        {
            IspCommand.GetBootInfo => Reply.OkWith(BootInfo()),
            IspCommand.LoadSegmentHeader => Reply.OkWith(p),
            IspCommand.EfuseReadMac => Reply.OkWith(MacReply()),
            IspCommand.FlashReadJedecId => Reply.OkWith([0xEF, 0x40, 0x15, 0x80]),
            IspCommand.FlashReadSha or IspCommand.FlashXipReadSha =>
                Reply.OkWith(digests.GetValueOrDefault((BinaryPrimitives.ReadUInt32LittleEndian(p), BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(4))), new byte[32])),
            _ => Reply.Ok(),
        });
    }

    private void Send(Reply reply)
    {
        replies.Enqueue((byte)'O');
        replies.Enqueue((byte)'K');
        if (reply.Data.Length > 0)
        {
            replies.Enqueue((byte)reply.Data.Length);
            replies.Enqueue((byte)(reply.Data.Length >> 8));
            foreach (var b in reply.Data)
            {
                replies.Enqueue(b);
            }
        }
    }

    private static byte[] BootInfo()
    {
        var data = new byte[20];
        data[0] = 1; // bootrom version 1: no loader running
        for (var i = 0; i < 6; i++)
        {
            data[12 + i] = Mac[5 - i];
        }

        data[18] = (byte)Mac.Sum(b => 8 - System.Numerics.BitOperations.PopCount(b));
        return data;
    }

    private static byte[] MacReply()
    {
        var reply = new byte[10];
        for (var i = 0; i < 6; i++)
        {
            reply[i] = Mac[5 - i];
        }

        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(6), Crc32.HashToUInt32(reply.AsSpan(0, 6)));
        return reply;
    }
}
