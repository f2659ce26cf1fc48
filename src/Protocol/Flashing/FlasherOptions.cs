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

    internal void Validate()
    {
        if (RegionAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(RegionAttempts), RegionAttempts, "Each region needs at least one attempt.");
        if (PageProgramTime < TimeSpan.Zero || MaxPageProgramTime < PageProgramTime)
            throw new ArgumentOutOfRangeException(nameof(PageProgramTime), PageProgramTime, "Pacing times must be non-negative, the maximum at least the initial one.");
    }
}
