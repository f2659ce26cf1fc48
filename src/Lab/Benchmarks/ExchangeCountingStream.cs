using Fixture.Protocol.Wire;

namespace Fixture.Lab.Benchmarks;

/// <summary>
/// Wraps a unit's serial stream to count what crosses it: every write is one host message that
/// waits for an answer (a frame or a 0x55 burst; nothing is pipelined), so writes are round trips.
/// </summary>
internal sealed class ExchangeCountingStream(Stream inner) : DuplexStream
{
    public int Writes { get; private set; }

    public long BytesWritten { get; private set; }

    public long BytesRead { get; private set; }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Note(buffer.Length);
        inner.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Note(buffer.Length);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        BytesRead += read;
        return read;
    }

    private void Note(int length)
    {
        Writes++;
        BytesWritten += length;
    }
}
