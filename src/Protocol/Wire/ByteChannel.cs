namespace Fixture.Protocol.Wire;

/// <summary>
/// The one reader of a serial stream. A pump keeps exactly one <see cref="Stream.ReadAsync(Memory{byte}, CancellationToken)"/>
/// outstanding and buffers what arrives, because a read abandoned on a serial stream still completes
/// later and eats bytes meant for the next reader. Callers read from the buffer with deadlines
/// measured on the <see cref="TimeProvider"/>; a <see cref="CancellationToken"/> is only for abort.
/// </summary>
/// <remarks>
/// Works on a single-threaded loop with a virtual clock: nothing here hops to the thread pool, the
/// arrival signal is completed synchronously (outside the lock) and waits use TimeProvider timers.
/// It is also safe when stream reads complete on other threads (real serial ports).
/// </remarks>
public sealed class ByteChannel : IDisposable
{
    private readonly Stream stream;
    private readonly TimeProvider time;
    private readonly bool ownsStream;
    private readonly object gate = new();
    private readonly CancellationTokenSource stopPump = new();
    private byte[] buffer = new byte[8192];
    private int start;
    private int count;
    private TaskCompletionSource? arrival;
    private bool ended;
    private Exception? fault;
    private long bytesSent;
    private long bytesReceived;
    private bool disposed;

    /// <param name="stream">Duplex stream to the unit (a serial port's BaseStream, a simulated link, a test peer).</param>
    /// <param name="time">Clock for every deadline.</param>
    /// <param name="name">Link name used in messages, e.g. "socket 3 (/dev/ttyUSB2)".</param>
    /// <param name="ownsStream">Dispose the stream with the channel.</param>
    public ByteChannel(Stream stream, TimeProvider time, string name = "serial link", bool ownsStream = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(time);
        this.stream = stream;
        this.time = time;
        this.ownsStream = ownsStream;
        Name = name;
        Time = time;
        _ = PumpAsync();
    }

    /// <summary>Link name used in every message.</summary>
    public string Name { get; }

    /// <summary>The clock deadlines are measured on.</summary>
    public TimeProvider Time { get; }

    /// <summary>Bytes written to the stream since the channel was created.</summary>
    public long BytesSent => Interlocked.Read(ref bytesSent);

    /// <summary>Bytes the pump has taken off the stream since the channel was created.</summary>
    public long BytesReceived => Interlocked.Read(ref bytesReceived);

    /// <summary>Bytes buffered and not yet read.</summary>
    public int Available
    {
        get { lock (gate) { return count; } }
    }

    /// <summary>Copies up to <paramref name="destination"/>.Length buffered bytes without consuming them.</summary>
    public int Peek(Span<byte> destination)
    {
        lock (gate)
        {
            var n = Math.Min(count, destination.Length);
            buffer.AsSpan(start, n).CopyTo(destination);
            return n;
        }
    }

    /// <summary>Drops everything buffered; returns how many bytes were dropped.</summary>
    public int DiscardInput()
    {
        lock (gate)
        {
            var n = count;
            start = 0;
            count = 0;
            return n;
        }
    }

    /// <summary>Writes all of <paramref name="data"/> to the stream.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        try
        {
            await stream.WriteAsync(data, cancellationToken);
        }
        catch (IOException e)
        {
            throw new IspLinkException($"{Name}: writing to the serial link failed ({e.Message}). Check the adapter is still connected, then retry.", e);
        }

        Interlocked.Add(ref bytesSent, data.Length);
    }

    /// <summary>Fills <paramref name="destination"/> exactly or throws <see cref="IspTimeoutException"/> once <paramref name="timeout"/> has passed.</summary>
    public Task ReadExactlyAsync(Memory<byte> destination, TimeSpan timeout, CancellationToken cancellationToken) =>
        ReadExactlyAsync(destination, timeout, "bytes", cancellationToken);

    /// <summary>As <see cref="ReadExactlyAsync(Memory{byte}, TimeSpan, CancellationToken)"/>; <paramref name="awaited"/> names what is awaited in the timeout message.</summary>
    public async Task ReadExactlyAsync(Memory<byte> destination, TimeSpan timeout, string awaited, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var filled = 0;
        while (true)
        {
            filled += Take(destination.Span[filled..]);
            if (filled == destination.Length)
                return;
            ThrowIfEnded(awaited);
            var remaining = timeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero || !await WaitForArrivalAsync(remaining, cancellationToken))
            {
                // A last look: bytes may have landed exactly at the deadline.
                filled += Take(destination.Span[filled..]);
                if (filled == destination.Length)
                    return;
                throw new IspTimeoutException(Name, awaited, timeout, destination.Length, filled, destination.Span[..filled]);
            }
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for at least one byte, then returns as many buffered
    /// bytes as fit (0 when nothing came). For capturing a boot log.
    /// </summary>
    public async Task<int> ReadAvailableAsync(Memory<byte> destination, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
            return 0;
        var started = time.GetTimestamp();
        while (true)
        {
            var n = Take(destination.Span);
            if (n > 0)
                return n;
            ThrowIfEnded("data");
            var remaining = timeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero || !await WaitForArrivalAsync(remaining, cancellationToken))
                return Take(destination.Span);
        }
    }

    /// <summary>
    /// Collects bytes until the line has been quiet for <paramref name="quiet"/>, <paramref name="max"/>
    /// has passed, or <paramref name="maxBytes"/> have come (the vendor tool's handshake read).
    /// </summary>
    public async Task<byte[]> ReadUntilQuietAsync(TimeSpan quiet, TimeSpan max, int maxBytes, CancellationToken cancellationToken)
    {
        var collected = new List<byte>();
        var started = time.GetTimestamp();
        var chunk = new byte[Math.Clamp(maxBytes, 1, 4096)];
        while (collected.Count < maxBytes)
        {
            var left = max - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
                break;
            var n = Take(chunk.AsSpan(0, Math.Min(chunk.Length, maxBytes - collected.Count)));
            if (n > 0)
            {
                collected.AddRange(chunk.AsSpan(0, n));
                continue;
            }

            if (IsEnded)
                break;
            if (!await WaitForArrivalAsync(quiet < left ? quiet : left, cancellationToken))
                break;
        }

        return [.. collected];
    }

    /// <summary>Discards input until the line has been quiet for <paramref name="quiet"/> (or <paramref name="max"/> has passed); returns the bytes dropped.</summary>
    public async Task<int> DrainAsync(TimeSpan quiet, TimeSpan max, CancellationToken cancellationToken)
    {
        var dropped = DiscardInput();
        var started = time.GetTimestamp();
        while (!IsEnded)
        {
            var left = max - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero || !await WaitForArrivalAsync(quiet < left ? quiet : left, cancellationToken))
                break;
            dropped += DiscardInput();
        }

        return dropped + DiscardInput();
    }

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        stopPump.Cancel();
        if (ownsStream)
            stream.Dispose();
        stopPump.Dispose();
        Signal();
    }

    private bool IsEnded
    {
        get { lock (gate) { return ended && count == 0; } }
    }

    private async Task PumpAsync()
    {
        var chunk = new byte[4096];
        Exception? failure = null;
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(chunk, stopPump.Token);
                if (n == 0)
                    break;
                Append(chunk.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException) when (disposed)
        {
        }
        catch (ObjectDisposedException) when (disposed)
        {
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            failure = e;
        }

        lock (gate)
        {
            ended = true;
            fault = failure;
        }

        Signal();
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        lock (gate)
        {
            if (start + count + data.Length > buffer.Length)
            {
                var needed = count + data.Length;
                var target = needed > buffer.Length ? new byte[Math.Max(buffer.Length * 2, needed)] : buffer;
                Buffer.BlockCopy(buffer, start, target, 0, count);
                buffer = target;
                start = 0;
            }

            data.CopyTo(buffer.AsSpan(start + count));
            count += data.Length;
        }

        Interlocked.Add(ref bytesReceived, data.Length);
        Signal();
    }

    private int Take(Span<byte> destination)
    {
        lock (gate)
        {
            var n = Math.Min(count, destination.Length);
            buffer.AsSpan(start, n).CopyTo(destination);
            start += n;
            count -= n;
            if (count == 0)
                start = 0;
            return n;
        }
    }

    // Completed synchronously and outside the lock: an asynchronous continuation would hop to the
    // thread pool and let a virtual clock jump while the waiter has not run yet.
    private void Signal()
    {
        TaskCompletionSource? waiter;
        lock (gate)
        {
            waiter = arrival;
            arrival = null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>True when data arrived (or the stream ended), false when <paramref name="timeout"/> passed first.</summary>
    private async Task<bool> WaitForArrivalAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (gate)
        {
            if (count > 0 || ended)
                return true;
            arrival ??= new TaskCompletionSource();
            signal = arrival.Task;
        }

        try
        {
            await signal.WaitAsync(WholeMilliseconds(timeout), time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    // Task.WaitAsync truncates its timeout to whole milliseconds and fails at once, without a timer,
    // below one: a deadline loop whose remainder is under 1 ms would then spin without time moving,
    // which in modelled time never ends. Rounding up makes every wait last at least what was asked.
    private static TimeSpan WholeMilliseconds(TimeSpan timeout) =>
        TimeSpan.FromMilliseconds(Math.Ceiling(timeout.TotalMilliseconds));

    private void ThrowIfEnded(string awaited)
    {
        lock (gate)
        {
            if (count > 0 || !ended)
                return;
        }

        ObjectDisposedException.ThrowIf(disposed, this);
        throw new IspLinkException(
            fault is null
                ? $"{Name}: the serial link closed while waiting for {awaited}. Check the adapter is still connected, then retry."
                : $"{Name}: the serial link failed while waiting for {awaited} ({fault.Message}). Check the adapter is still connected, then retry.",
            fault);
    }
}
