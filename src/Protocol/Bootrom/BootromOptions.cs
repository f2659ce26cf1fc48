using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Bootrom;

/// <summary>Settings of the bootrom exchange; the defaults are the reference's safe choices.</summary>
public sealed record BootromOptions
{
    /// <summary>The bootrom's handshake: 6 ms of 0x55, 20 ms pause after OK (bl_docs).</summary>
    public HandshakeOptions Handshake { get; init; } = new();

    /// <summary>Reply timeout of a command, counted after the frame's own line time.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Bytes of helper data per load_segment_data (0x18) frame: 4080 as the vendor tool, never above 4092.</summary>
    public int SegmentChunkSize { get; init; } = 4080;

    /// <summary>Wait after run_image's OK so the helper is running before the loader handshake (it starts ~40 ms later).</summary>
    public TimeSpan RunImageSettle { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The bootrom's frame limit: 4096 bytes including the 4-byte header.</summary>
    public const int MaxPayload = 4092;

    internal void Validate()
    {
        if (SegmentChunkSize is < 16 or > MaxPayload)
            throw new ArgumentOutOfRangeException(nameof(SegmentChunkSize), SegmentChunkSize,
                $"The bootrom takes at most {MaxPayload} data bytes per frame; set the helper chunk size between 16 and {MaxPayload} (4080 is the vendor's).");
        if (CommandTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(CommandTimeout), CommandTimeout, "The bootrom command timeout must be positive.");
    }
}
