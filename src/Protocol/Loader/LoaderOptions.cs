using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Loader;

/// <summary>Settings of the eflash_loader exchange; defaults work with every loader version seen.</summary>
public sealed record LoaderOptions
{
    /// <summary>The loader's largest accepted payload: 0x4004 bytes (16 384 data + 4-byte address) on the 2022 loader.</summary>
    public const int MaxPayload = 0x4004;

    /// <summary>Largest data block of one 0x31/0x3F frame: <see cref="MaxPayload"/> minus the address word.</summary>
    public const int MaxWriteChunk = MaxPayload - 4;

    /// <summary>The second handshake; the loader drains its receiver 1–2 ms after OK, so a short settle suffices.</summary>
    public HandshakeOptions Handshake { get; init; } = new() { SettleAfterOk = TimeSpan.FromMilliseconds(10) };

    /// <summary>Send the checksum byte (§3.1); false sends 0 ("unchecked"), as blflash does.</summary>
    public bool UseChecksum { get; init; } = true;

    /// <summary>
    /// Data bytes per 0x31/0x3F frame. 4096 is safe for every loader; the 2022 loader takes up to
    /// 16 384, which matters when the adapter's turnaround is long (FTDI: 16 ms per reply).
    /// </summary>
    public int WriteChunkSize { get; init; } = 4096;

    /// <summary>Bytes per flash_read (0x32) frame; the 2022 loader caps replies at 0x4004.</summary>
    public int ReadChunkSize { get; init; } = 4096;

    /// <summary>Reply timeout of an ordinary command, counted after the frames' own line time.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Erase reply timeout = this + <see cref="EraseTimeoutPerSector"/> per 4 KiB sector in the range.</summary>
    public TimeSpan EraseTimeoutBase { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Generous against the ~45 ms a sector takes (the flash header's limit is 300 ms per sector, 1.2 s per block).</summary>
    public TimeSpan EraseTimeoutPerSector { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>SHA reply timeout = <see cref="CommandTimeout"/> + this per MiB hashed.</summary>
    public TimeSpan ShaTimeoutPerMiB { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Times a frame the loader refused with <c>FL 0103</c> (its checksum did not match: a byte was
    /// corrupted on the way) is sent again before the refusal is thrown. The vendor tool resends 3
    /// times (checksum_err_retry). A refused frame never reached a handler, so resending is exact.
    /// 0 keeps every refusal visible to the caller.
    /// </summary>
    public int ChecksumErrorRetries { get; init; }

    /// <summary>After a late write error, wait for the line to be quiet this long (the reply it displaced follows).</summary>
    public TimeSpan LateErrorDrainQuiet { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Wait for the get_bootinfo that asks whether a loader whose handshake went unanswered is already
    /// in command mode (its OK was missed); a running loader answers in a few milliseconds plus the
    /// adapter's latency.
    /// </summary>
    public TimeSpan CommandModeProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Silence that returns a loader to handshake mode: two 2 s empty receives (§3.4) plus margin,
    /// as the vendor tool's 4.5 s.
    /// </summary>
    public TimeSpan IdleDropTime { get; init; } = TimeSpan.FromSeconds(4.5);

    /// <summary>
    /// The wait for the OK after the idle drop that follows a late answer: the helper is known to run, so
    /// one burst and a long wait, never a second burst that a loader already in command mode would read
    /// as a frame too long to complete (blocking it for two 2 s receives).
    /// </summary>
    public TimeSpan LateAnswerReplyTimeout { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (WriteChunkSize is < 1 or > MaxWriteChunk)
            throw new ArgumentOutOfRangeException(nameof(WriteChunkSize), WriteChunkSize,
                $"The loader takes 1 to {MaxWriteChunk} data bytes per write frame (4096 is safe for every loader, 8192 for pre-2022 loaders).");
        if (ReadChunkSize is < 1 or > MaxWriteChunk)
            throw new ArgumentOutOfRangeException(nameof(ReadChunkSize), ReadChunkSize, $"The loader returns 1 to {MaxWriteChunk} bytes per read frame.");
        if (ChecksumErrorRetries < 0)
            throw new ArgumentOutOfRangeException(nameof(ChecksumErrorRetries), ChecksumErrorRetries, "Checksum-error resends cannot be negative (0 turns them off).");
        if (CommandTimeout <= TimeSpan.Zero || EraseTimeoutBase <= TimeSpan.Zero || CommandModeProbeTimeout <= TimeSpan.Zero || LateAnswerReplyTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(CommandTimeout), CommandTimeout, "Loader timeouts must be positive.");
    }
}
