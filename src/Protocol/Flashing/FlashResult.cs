using Fixture.Protocol.Plans;
using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Flashing;

/// <summary>What happened to one region; durations add up over all attempts.</summary>
public sealed record RegionResult
{
    public required string Name { get; init; }

    public required FlashRegionKind Kind { get; init; }

    public required uint Address { get; init; }

    /// <summary>The chip already held these bytes: neither erased nor written.</summary>
    public bool SkippedByHash { get; set; }

    /// <summary>The chip reported the erase range as already erased, so it was written without an erase.</summary>
    public bool EraseSkipped { get; set; }

    /// <summary>Bytes the erase commands of the last attempt covered (less than the region when only used sectors were erased; 0 when skipped).</summary>
    public long ErasedLength { get; set; }

    /// <summary>Write frames the loader refused with FL 0103 (corrupted on the line) and that were sent again.</summary>
    public int ChecksumResends { get; set; }

    /// <summary>Write frames shortened by a byte because their checksum summed to 0, which the loader would not have checked.</summary>
    public int UncheckedFramesAvoided { get; set; }

    /// <summary>Verify digests read again because one came back different from the image (a garbled reply or the flash).</summary>
    public int DigestRereads { get; set; }

    /// <summary>Written with 0x3F (an .xz stream) rather than 0x31.</summary>
    public bool Compressed { get; set; }

    public int Attempts { get; set; }

    public bool Completed { get; set; }

    public TimeSpan HashCheckDuration { get; set; }

    public TimeSpan EraseDuration { get; set; }

    public TimeSpan WriteDuration { get; set; }

    public TimeSpan WriteCheckDuration { get; set; }

    public TimeSpan VerifyDuration { get; set; }

    public TimeSpan ResyncDuration { get; set; }

    /// <summary>Bytes written to the link for this region, frame headers and retries included.</summary>
    public long BytesSent { get; set; }

    /// <summary>
    /// The region's first failure, kept even when a retry then succeeded or failed differently: the
    /// report names the first reason (a retry must never hide it).
    /// </summary>
    public FlashFailure? FirstFailure { get; set; }

    public TimeSpan DurationOf(FlashPhase phase) => phase switch
    {
        FlashPhase.HashCheck => HashCheckDuration,
        FlashPhase.Erase => EraseDuration,
        FlashPhase.Write => WriteDuration,
        FlashPhase.WriteCheck => WriteCheckDuration,
        FlashPhase.Verify => VerifyDuration,
        _ => ResyncDuration,
    };

    internal void Add(FlashPhase phase, TimeSpan elapsed)
    {
        switch (phase)
        {
            case FlashPhase.HashCheck: HashCheckDuration += elapsed; break;
            case FlashPhase.Erase: EraseDuration += elapsed; break;
            case FlashPhase.Write: WriteDuration += elapsed; break;
            case FlashPhase.WriteCheck: WriteCheckDuration += elapsed; break;
            case FlashPhase.Verify: VerifyDuration += elapsed; break;
            default: ResyncDuration += elapsed; break;
        }
    }
}

/// <summary>Why a plan did not finish: the first failure that retries could not cure.</summary>
/// <param name="Region">Region name.</param>
/// <param name="Phase">Phase that failed last.</param>
/// <param name="Reason">The message a person reads (link, what happened, what to do).</param>
/// <param name="Error">The exception, typed (<see cref="DeviceErrorException"/>, <see cref="IspTimeoutException"/>, <see cref="FlashVerifyException"/>, …).</param>
public sealed record FlashFailure(string Region, FlashPhase Phase, string Reason, Exception Error);

/// <summary>What a flash plan run did.</summary>
public sealed record FlashResult
{
    public required IReadOnlyList<RegionResult> Regions { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>Bytes written to the link during the run.</summary>
    public long BytesSent { get; init; }

    /// <summary>Region attempts beyond the first.</summary>
    public int Retries { get; init; }

    public int Resyncs { get; init; }

    /// <summary>Write frames the loader never answered (it was not reading its UART while programming).</summary>
    public int LostFrames { get; init; }

    /// <summary>Write frames sent again after a checksum refusal, over all regions.</summary>
    public int ChecksumResends => Regions.Sum(r => r.ChecksumResends);

    /// <summary>The pacing per 256-byte page in force at the end (zero when no frame was lost).</summary>
    public TimeSpan FinalPacingPerPage { get; init; }

    public FlashFailure? Failure { get; init; }

    /// <summary>
    /// Set when a write frame larger than <see cref="FlasherOptions.FallbackWriteChunkSize"/> got no
    /// reply, the loader was re-synced and the flash went on in smaller frames: the helper's receive
    /// buffer is smaller than the frame size chosen for it (the report's frame_size_fallback).
    /// </summary>
    public FrameSizeFallback? FrameSizeFallback { get; init; }

    /// <summary>Every region was written, checked with 0x3A and verified by SHA-256 (or already held its bytes).</summary>
    public bool Succeeded => Failure is null && Regions.All(r => r.Completed);

    public IEnumerable<string> SkippedRegions => Regions.Where(r => r.SkippedByHash).Select(r => r.Name);

    /// <summary>Time spent in <paramref name="phase"/> over all regions.</summary>
    public TimeSpan TotalFor(FlashPhase phase) => Regions.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.DurationOf(phase));
}

/// <summary>The write frames became smaller after one went unanswered.</summary>
/// <param name="Region">The region whose frame got no reply.</param>
/// <param name="FromChunkSize">The frame's data bytes.</param>
/// <param name="ToChunkSize">The frame size the flash went on with.</param>
public sealed record FrameSizeFallback(string Region, int FromChunkSize, int ToChunkSize)
{
    public override string ToString() =>
        $"frame_size_fallback: a {FromChunkSize}-byte write frame in {Region} got no reply (the helper's receive buffer is smaller); re-synced and went on with {ToChunkSize}-byte frames";
}
