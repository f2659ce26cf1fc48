namespace Fixture.Protocol.Wire;

/// <summary>How a 0x55 auto-baud handshake (§2) is run.</summary>
public sealed record HandshakeOptions
{
    /// <summary>Line time of the 0x55 burst; the vendor tool's 6 ms gives ⌊0.006 × baud / 10⌋ bytes.</summary>
    public TimeSpan BurstDuration { get; init; } = TimeSpan.FromMilliseconds(6);

    /// <summary>Bursts sent before giving up.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>Wait for <c>OK</c> after the burst has left the wire.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>RX is drained until quiet this long before each burst (stale bytes must not be read as the answer).</summary>
    public TimeSpan DrainQuiet { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Upper bound on the drain before each burst.</summary>
    public TimeSpan DrainMax { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Pause after <c>OK</c> before the first command (the device ignores the rest of the burst meanwhile).</summary>
    public TimeSpan SettleAfterOk { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Vendor style (BLDevCube): read until the line has been quiet this long (at most 1000 bytes)
    /// and accept any <c>O</c> or <c>K</c> byte. Null: stop as soon as <c>OK</c> is seen.
    /// </summary>
    public TimeSpan? ReadUntilQuiet { get; init; }
}

/// <summary>The 0x55 burst + <c>OK</c> exchange shared by the bootrom and the eflash_loader (§2.1, §2.3).</summary>
public static class AutoBaudHandshake
{
    /// <summary>Bytes of 0x55 in a burst of <paramref name="duration"/> at <paramref name="baud"/> (10 bits a byte), at least 16.</summary>
    public static int BurstLength(int baud, TimeSpan duration) =>
        (int)Math.Max(16, duration.Ticks * baud / (10 * TimeSpan.TicksPerSecond));

    /// <summary>The vendor tool's burst: ⌊0.006 × baud / 10⌋ bytes.</summary>
    public static int BurstLength(int baud) => BurstLength(baud, TimeSpan.FromMilliseconds(6));

    /// <summary>Runs the handshake; returns the number of bursts it took.</summary>
    /// <exception cref="HandshakeFailedException">No <c>OK</c> after <see cref="HandshakeOptions.Attempts"/> bursts.</exception>
    public static async Task<int> RunAsync(ByteChannel channel, int baud, HandshakeOptions options, string stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(baud, 1200);
        var time = channel.Time;
        var burst = new byte[BurstLength(baud, options.BurstDuration)];
        Array.Fill(burst, (byte)0x55);
        var lineTime = TimeSpan.FromTicks(burst.Length * 10 * TimeSpan.TicksPerSecond / baud);
        var heard = new List<byte>();
        for (var attempt = 1; attempt <= Math.Max(1, options.Attempts); attempt++)
        {
            if (attempt == 1 || options.ReadUntilQuiet is not null)
            {
                await channel.DrainAsync(options.DrainQuiet, options.DrainMax, cancellationToken);
            }
            else if (await DrainHearingOkAsync(channel, options.DrainQuiet, options.DrainMax, heard, cancellationToken))
            {
                // The previous burst's OK came after its deadline (a slow host, a long adapter latency):
                // the device is past its handshake, and another burst would now be read as a command.
                await SettleAsync(channel, options, cancellationToken);
                return attempt - 1;
            }

            await channel.WriteAsync(burst, cancellationToken);
            var answered = options.ReadUntilQuiet is { } quiet
                ? await ReadVendorStyleAsync(channel, quiet, heard, cancellationToken)
                : await ReadUntilOkAsync(channel, lineTime + options.ReplyTimeout, heard, cancellationToken);
            if (answered)
            {
                await SettleAsync(channel, options, cancellationToken);
                return attempt;
            }
        }

        if (options.ReadUntilQuiet is null && await DrainHearingOkAsync(channel, options.DrainQuiet, options.DrainMax, heard, cancellationToken))
        {
            await SettleAsync(channel, options, cancellationToken);
            return Math.Max(1, options.Attempts);
        }

        throw new HandshakeFailedException(channel.Name, stage, baud, Math.Max(1, options.Attempts), heard.ToArray());
    }

    private static async Task SettleAsync(ByteChannel channel, HandshakeOptions options, CancellationToken cancellationToken)
    {
        await Task.Delay(options.SettleAfterOk, channel.Time, cancellationToken);
        channel.DiscardInput();
    }

    // The drain before a further burst, but what it drops is heard first: an OK in it is a late answer.
    private static Task<bool> DrainHearingOkAsync(ByteChannel channel, TimeSpan quiet, TimeSpan max, List<byte> heard, CancellationToken cancellationToken) =>
        HearOkAsync(channel, max, quiet, heard, cancellationToken);

    private static Task<bool> ReadUntilOkAsync(ByteChannel channel, TimeSpan timeout, List<byte> heard, CancellationToken cancellationToken) =>
        HearOkAsync(channel, timeout, null, heard, cancellationToken);

    // Reads until an OK, until `max` has passed, or (with `quiet`) until the line is quiet that long.
    // Noise before the answer is tolerated: the answer is the first "OK" anywhere in what came.
    private static async Task<bool> HearOkAsync(ByteChannel channel, TimeSpan max, TimeSpan? quiet, List<byte> heard, CancellationToken cancellationToken)
    {
        var time = channel.Time;
        var started = time.GetTimestamp();
        var chunk = new byte[256];
        var previous = (byte)0;
        while (true)
        {
            var left = max - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero && channel.Available == 0)
                return false;
            var n = await channel.ReadAvailableAsync(chunk, quiet < left ? quiet.Value : left, cancellationToken);
            if (n == 0)
                return false;
            for (var i = 0; i < n; i++)
            {
                if (previous == (byte)'O' && chunk[i] == (byte)'K')
                    return true;
                previous = chunk[i];
                if (heard.Count < 4096)
                    heard.Add(chunk[i]);
            }
        }
    }

    private static async Task<bool> ReadVendorStyleAsync(ByteChannel channel, TimeSpan quiet, List<byte> heard, CancellationToken cancellationToken)
    {
        // The vendor reads up to 1000 bytes and stops at the first silence of `quiet` (0.1 s), answer or not.
        var reply = await channel.ReadUntilQuietAsync(quiet, TimeSpan.FromSeconds(2), 1000, cancellationToken);
        heard.AddRange(reply);
        return reply.AsSpan().IndexOfAny((byte)'O', (byte)'K') >= 0;
    }
}
