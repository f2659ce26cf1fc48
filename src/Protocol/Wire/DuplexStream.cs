namespace Fixture.Protocol.Wire;

/// <summary>
/// A serial line's bytes in both directions, or a stand-in for one: readable, writable, never seekable,
/// no length or position. Subclasses supply reading, writing and flushing. (The hardware layer's own
/// serial stream keeps its copy of these members: it does not depend on the protocol library.)
/// </summary>
public abstract class DuplexStream : Stream
{
    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => true;

    public sealed override long Length => throw new NotSupportedException("A serial line has no length.");

    public sealed override long Position
    {
        get => throw new NotSupportedException("A serial line has no position.");
        set => throw new NotSupportedException("A serial line has no position.");
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A serial line cannot seek.");

    public sealed override void SetLength(long value) => throw new NotSupportedException("A serial line has no length.");
}
