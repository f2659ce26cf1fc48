using System.Buffers.Binary;

namespace Fixture.Protocol.Wire;

/// <summary>Reads one reply (§3.2) off a <see cref="ByteChannel"/>, across partial reads.</summary>
public static class ReplyReader
{
    /// <summary>
    /// Reads the answer to <paramref name="command"/>: any number of <c>PD</c> keep-alives, then
    /// <c>OK</c> (followed by u16 length + data when <paramref name="expectData"/>) or <c>FL</c> + code.
    /// The whole reply, keep-alives included, must arrive within <paramref name="timeout"/>.
    /// </summary>
    /// <returns>An <see cref="ReplyKind.Ok"/> or <see cref="ReplyKind.Fail"/> reply; the caller decides what a failure means.</returns>
    /// <exception cref="IspTimeoutException">The reply did not complete in time.</exception>
    /// <exception cref="IspProtocolException">The bytes are not a reply (noise, a baud mismatch).</exception>
    public static async Task<Reply> ReadAsync(ByteChannel channel, byte command, bool expectData, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var time = channel.Time;
        var started = time.GetTimestamp();
        var awaited = $"reply to {IspCommand.Describe(command)}";
        var head = new byte[2];
        while (true)
        {
            await channel.ReadExactlyAsync(head, timeout - time.GetElapsedTime(started), awaited, cancellationToken);
            if (head.AsSpan().SequenceEqual(Reply.PendingBytes))
                continue;
            if (head.AsSpan().SequenceEqual(Reply.FailBytes))
            {
                var code = new byte[2];
                await channel.ReadExactlyAsync(code, timeout - time.GetElapsedTime(started), $"error code of the {awaited}", cancellationToken);
                return Reply.Fail(BinaryPrimitives.ReadUInt16LittleEndian(code));
            }

            if (!head.AsSpan().SequenceEqual(Reply.OkBytes))
                throw Garbage(channel, command, head);
            if (!expectData)
                return Reply.Ok();

            var lengthBytes = new byte[2];
            await channel.ReadExactlyAsync(lengthBytes, timeout - time.GetElapsedTime(started), $"length of the {awaited}", cancellationToken);
            var data = new byte[BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes)];
            await channel.ReadExactlyAsync(data, timeout - time.GetElapsedTime(started), $"data of the {awaited} ({data.Length} bytes announced)", cancellationToken);
            return new Reply(ReplyKind.Ok, data, 0);
        }
    }

    /// <summary>Throws <see cref="IspProtocolException"/> unless a data reply has exactly <paramref name="length"/> bytes.</summary>
    public static byte[] ExpectLength(ByteChannel channel, byte command, Reply reply, int length)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Data.Length != length)
            throw new IspProtocolException(
                $"{channel.Name}: the reply to {IspCommand.Describe(command)} carried {reply.Data.Length} data bytes where {length} were expected; the device or its loader version does not match this flasher.",
                reply.Data);
        return reply.Data;
    }

    private static IspProtocolException Garbage(ByteChannel channel, byte command, byte[] head)
    {
        // Show what else is already there too, then drop it: none of it can be a valid reply.
        var rest = new byte[Math.Min(channel.Available, 62)];
        channel.Peek(rest);
        channel.DiscardInput();
        return new IspProtocolException(
            $"{channel.Name}: the reply to {IspCommand.Describe(command)} is not OK, FL or PD (a baud mismatch, line noise or a device that is not a BL602 in download mode).",
            [.. head, .. rest]);
    }
}
