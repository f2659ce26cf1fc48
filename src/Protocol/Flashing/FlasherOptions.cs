namespace Fixture.Protocol.Flashing;

/// <summary>How a written region is proven: flash_readSha (0x3D) or the vendor's XIP variant (0x60/0x3E/0x61).</summary>
public enum VerifyMethod
{
    ReadSha,
    XipReadSha,
}

/// <summary>Settings of the flasher. Chunk sizes and timeouts are the loader client's (<see cref="Loader.LoaderOptions"/>).</summary>
public sealed record FlasherOptions
{
    /// <summary>Ask the chip for the region's SHA-256 first and skip erase and write when it already matches (rework, re-tests).</summary>
    public bool HashSkip { get; init; } = true;

    /// <summary>Write with 0x3F when the region carries an .xz stream; false always writes raw 0x31 chunks.</summary>
    public bool UseCompression { get; init; } = true;

    /// <summary>Regions of at most this many bytes go raw even when they carry an .xz stream (the vendor tool compresses only files above 4096 bytes); 0 compresses every one that has a stream.</summary>
    public int CompressOnlyAbove { get; init; }

    public VerifyMethod Verify { get; init; } = VerifyMethod.ReadSha;

    /// <summary>Tries per region, the first included; each retry starts again from the erase.</summary>
    public int RegionAttempts { get; init; } = 3;

    /// <summary>
    /// After a write frame was lost (a loader that acknowledges early and stops reading its UART
    /// while programming), wait before each following write frame for the programming its
    /// predecessor started. Starts at <see cref="PageProgramTime"/> per 256-byte page and doubles
    /// with every further lost frame, up to <see cref="MaxPageProgramTime"/>.
    /// </summary>
    public bool PaceAfterLostFrame { get; init; } = true;

    /// <summary>Initial pacing estimate per 256-byte page (typical W25Q16 page program ≈ 0.4–0.6 ms).</summary>
    public TimeSpan PageProgramTime { get; init; } = TimeSpan.FromMilliseconds(0.6);

    /// <summary>Pacing ceiling per page: the flash header's page-program limit.</summary>
    public TimeSpan MaxPageProgramTime { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Before hashing a whole region for hash-skip, hash only its first this many bytes (0 = off).
    /// A prefix that matches neither the image nor erased flash settles the question after a short
    /// read: a factory-fresh unit then costs one round trip per region instead of a read of the
    /// whole image (the firmware's 762 KB take 76 ms at the loader's 10 MB/s).
    /// </summary>
    public uint HashProbeLength { get; init; }

    /// <summary>
    /// Write a region without erasing it when the chip reports its whole erase range as erased
    /// (SHA-256 of all 0xFF). Needs <see cref="HashSkip"/> or a probe to learn it; the write check
    /// (0x3A) and the final SHA-256 still prove the write.
    /// </summary>
    public bool SkipEraseWhenErased { get; init; }

    /// <summary>
    /// For an erase-only (clean-slate) region that is not erased as a whole, ask for each 4 KiB
    /// sector's SHA-256 and erase only the sectors that are not erased. A PSM written by one boot
    /// holds a few hundred bytes at its start: one sector instead of eight (45 ms instead of 360 ms
    /// on the W25Q16). The region's final SHA-256 still covers all of it.
    /// </summary>
    public bool EraseOnlyUsedSectors { get; init; }

    /// <summary>
    /// Write frames refused with <c>FL 0103</c> (a byte corrupted on the way) are sent again from
    /// the same place, in frames half as large, down to <see cref="MinWriteChunkSize"/>; this many
    /// refusals per region are absorbed before the region fails (0 = none: the region is redone
    /// from its erase). A refused frame was never decoded or programmed, so resending it is exact.
    /// </summary>
    public int ChecksumErrorResends { get; init; }

    /// <summary>Smallest write frame the resends shrink to.</summary>
    public int MinWriteChunkSize { get; init; } = 1024;

    /// <summary>
    /// When a write frame of more than <see cref="FallbackWriteChunkSize"/> data bytes gets no reply,
    /// re-sync the loader once and go on with frames of that size (the helper's receive buffer may be
    /// smaller than the size chosen for it: such a frame never completes), instead of failing the
    /// region. Once per run; <see cref="FlashResult.FrameSizeFallback"/> records it.
    /// </summary>
    public bool FrameSizeFallback { get; init; }

    /// <summary>The frame size a <see cref="FrameSizeFallback"/> goes on with (every loader seen takes it).</summary>
    public int FallbackWriteChunkSize { get; init; } = 4096;

    /// <summary>Clean frames after which a shrunken frame size doubles again (towards the loader's chunk size).</summary>
    public int CleanFramesBeforeGrowing { get; init; } = 8;

    internal void Validate()
    {
        if (RegionAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(RegionAttempts), RegionAttempts, "Each region needs at least one attempt.");
        if (PageProgramTime < TimeSpan.Zero || MaxPageProgramTime < PageProgramTime)
            throw new ArgumentOutOfRangeException(nameof(PageProgramTime), PageProgramTime, "Pacing times must be non-negative, the maximum at least the initial one.");
        if (CompressOnlyAbove < 0)
            throw new ArgumentOutOfRangeException(nameof(CompressOnlyAbove), CompressOnlyAbove, "The size up to which regions go raw cannot be negative (0 compresses every region with a stream).");
        if (ChecksumErrorResends < 0)
            throw new ArgumentOutOfRangeException(nameof(ChecksumErrorResends), ChecksumErrorResends, "Resends after a checksum refusal cannot be negative (0 turns them off).");
        if (FallbackWriteChunkSize < 1)
            throw new ArgumentOutOfRangeException(nameof(FallbackWriteChunkSize), FallbackWriteChunkSize, "The fallback frame size must be at least 1.");
        if (MinWriteChunkSize < 1 || CleanFramesBeforeGrowing < 1)
            throw new ArgumentOutOfRangeException(nameof(MinWriteChunkSize), MinWriteChunkSize, "The smallest write frame and the clean frames before growing must be at least 1.");
    }
}
