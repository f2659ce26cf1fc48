using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Tests.Wire.Peers;

/// <summary>
/// The host's end of an in-memory duplex link whose other end is a scripted device. Bytes the host
/// writes go to <see cref="HostWrote"/> synchronously; the device answers with <see cref="Send"/>,
/// optionally after a delay on the TimeProvider and optionally in fragments (partial reads).
/// </summary>
public sealed class ScriptedPeerStream : DuplexStream
{
    private readonly TimeProvider time;
    private readonly object gate = new();
    private readonly Queue<byte> toHost = new();
    private readonly List<ITimer> timers = [];
    private TaskCompletionSource<int>? pendingRead;
    private Memory<byte> pendingBuffer;
    private DateTimeOffset lastDue;
    private bool closed;

    public ScriptedPeerStream(TimeProvider time)
    {
        this.time = time;
        lastDue = time.GetUtcNow();
    }

    /// <summary>Called with every block the host writes.</summary>
    public Action<byte[]>? HostWrote { get; set; }

    /// <summary>Everything the host wrote, in order.</summary>
    public List<byte> Written { get; } = [];

    /// <summary>When set, every sent block reaches the host in pieces of this many bytes, 1 ms apart.</summary>
    public int? FragmentSize { get; set; }

    /// <summary>Sends bytes to the host after <paramref name="delay"/> (kept in order behind earlier sends).</summary>
    public void Send(ReadOnlySpan<byte> data, TimeSpan delay = default)
    {
        var due = time.GetUtcNow() + delay;
        if (due < lastDue)
            due = lastDue;
        var bytes = data.ToArray();
        if (FragmentSize is { } size && bytes.Length > size)
        {
            for (var i = 0; i < bytes.Length; i += size)
            {
                Schedule(bytes.AsSpan(i, Math.Min(size, bytes.Length - i)).ToArray(), due);
                due += TimeSpan.FromMilliseconds(1);
            }
        }
        else
        {
            Schedule(bytes, due);
        }
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> on the TimeProvider.</summary>
    public void ScheduleAction(Action action, TimeSpan delay)
    {
        ITimer? timer = null;
        timer = time.CreateTimer(_ => { action(); timer?.Dispose(); }, null, delay, Timeout.InfiniteTimeSpan);
        timers.Add(timer);
    }

    /// <summary>Ends the host's reads (the adapter vanished).</summary>
    public void CloseFromDevice()
    {
        TaskCompletionSource<int>? read;
        lock (gate)
        {
            closed = true;
            read = pendingRead;
            pendingRead = null;
        }

        read?.TrySetResult(0);
    }

    private void Schedule(byte[] bytes, DateTimeOffset due)
    {
        lastDue = due;
        var delay = due - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            Deliver(bytes);
            return;
        }

        ITimer? timer = null;
        timer = time.CreateTimer(_ => { Deliver(bytes); timer?.Dispose(); }, null, delay, Timeout.InfiniteTimeSpan);
        timers.Add(timer);
    }

    private void Deliver(byte[] bytes)
    {
        TaskCompletionSource<int>? read = null;
        var n = 0;
        lock (gate)
        {
            foreach (var b in bytes)
                toHost.Enqueue(b);
            if (pendingRead is not null)
            {
                n = Drain(pendingBuffer.Span);
                read = pendingRead;
                pendingRead = null;
            }
        }

        read?.TrySetResult(n);
    }

    private int Drain(Span<byte> destination)
    {
        var n = 0;
        while (n < destination.Length && toHost.TryDequeue(out var b))
            destination[n++] = b;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (toHost.Count > 0)
                return ValueTask.FromResult(Drain(buffer.Span));
            if (closed)
                return ValueTask.FromResult(0);
            pendingRead = new TaskCompletionSource<int>();
            pendingBuffer = buffer;
            return new ValueTask<int>(pendingRead.Task);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var bytes = buffer.ToArray();
        Written.AddRange(bytes);
        HostWrote?.Invoke(bytes);
        return ValueTask.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Use ReadAsync.");

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var t in timers)
                t.Dispose();
            CloseFromDevice();
        }

        base.Dispose(disposing);
    }
}
