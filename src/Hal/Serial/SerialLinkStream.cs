namespace Fixture.Hal.Serial;

/// <summary>
/// The open port's BaseStream, with I/O failures turned into a <see cref="HardwareFaultException"/>
/// that names the port: on Linux a vanished adapter surfaces as a bare IOException mid-transfer.
/// Cancellation passes through untouched; after an intentional close, reads end as disposed.
/// </summary>
internal sealed class SerialLinkStream : Stream
{
    private readonly Stream _inner;
    private readonly string _label;
    private volatile bool _closing;

    public SerialLinkStream(Stream inner, string label)
    {
        _inner = inner;
        _label = label;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void MarkClosing() => _closing = true;

    public override int Read(byte[] buffer, int offset, int count) => Translate(() => _inner.Read(buffer, offset, count), "read");

    public override int Read(Span<byte> buffer)
    {
        var array = new byte[buffer.Length];
        var n = Read(array, 0, array.Length);
        array.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (IsPortFailure(ex))
        {
            throw Failure(ex, "read");
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Translate(() => { _inner.Write(buffer, offset, count); return 0; }, "write");

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await _inner.WriteAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (IsPortFailure(ex))
        {
            throw Failure(ex, "write");
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => Translate(() => { _inner.Flush(); return 0; }, "flush");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private static bool IsPortFailure(Exception ex) => ex is IOException or UnauthorizedAccessException or InvalidOperationException;

    private T Translate<T>(Func<T> io, string what)
    {
        try
        {
            return io();
        }
        catch (Exception ex) when (IsPortFailure(ex))
        {
            throw Failure(ex, what);
        }
    }

    private Exception Failure(Exception ex, string what) =>
        _closing
            ? new ObjectDisposedException($"Serial port of {_label}", ex)
            : new HardwareFaultException($"Serial port of {_label} failed to {what}: {ex.Message} The adapter may have vanished: check the USB cable and hub.", ex);
}
