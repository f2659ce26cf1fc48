using Fixture.Protocol.Loader;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Flashing;

/// <summary>
/// Runs a <see cref="FlashPlan"/> on a connected eflash_loader. Per region: optional hash-skip,
/// erase of exactly [address, address + length − 1], write (0x3F stream or 0x31 chunks), 0x3A
/// write check, SHA-256 verify against the uncompressed bytes. Erase-only regions are erased and
/// verified blank. A region that fails is redone from its erase (after a re-sync when the loader
/// stopped answering), up to <see cref="FlasherOptions.RegionAttempts"/> tries.
/// </summary>
public sealed class Flasher
{
    private readonly LoaderClient loader;
    private readonly FlasherOptions options;
    private readonly TimeProvider time;
    private TimeSpan pacingPerPage;
    private int lostFrames;
    private long? lastWriteAck;
    private int lastWriteFlashBytes;

    public Flasher(LoaderClient loader, FlasherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loader);
        this.loader = loader;
        this.options = options ?? new FlasherOptions();
        this.options.Validate();
        time = loader.Time;
    }

    /// <summary>Flashes every region in order; stops at the first region that fails all its attempts.</summary>
    /// <returns>The result; <see cref="FlashResult.Succeeded"/> only when every region passed 0x3A and the SHA-256 (or matched already).</returns>
    /// <exception cref="OperationCanceledException">Operator abort.</exception>
    public async Task<FlashResult> RunAsync(FlashPlan plan, IProgress<FlashProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var started = time.GetTimestamp();
        var sentBefore = loader.Channel.BytesSent;
        var results = plan.Regions.Select(r => new RegionResult { Name = r.Name, Kind = r.Kind, Address = r.Address }).ToList();
        var retries = 0;
        var resyncs = 0;
        FlashFailure? failure = null;

        for (var index = 0; index < plan.Regions.Count && failure is null; index++)
        {
            var region = plan.Regions[index];
            var result = results[index];
            var context = new RegionContext(region, result, index, plan.Regions.Count, progress);
            while (true)
            {
                result.Attempts++;
                var regionSentBefore = loader.Channel.BytesSent;
                try
                {
                    await FlashRegionAsync(context, cancellationToken);
                    result.BytesSent += loader.Channel.BytesSent - regionSentBefore;
                    result.Completed = true;
                    break;
                }
                catch (IspException e) when (e is not IspLinkException)
                {
                    result.FirstFailure ??= new FlashFailure(region.Name, context.Phase, e.Message, e);
                    result.Add(context.Phase, time.GetElapsedTime(context.PhaseStarted));
                    result.BytesSent += loader.Channel.BytesSent - regionSentBefore;
                    if (result.Attempts >= options.RegionAttempts)
                    {
                        failure = new FlashFailure(region.Name, context.Phase, e.Message, e);
                        break;
                    }

                    retries++;
                    if (!NeedsResync(e))
                        continue;
                    if (context.Phase is FlashPhase.Write or FlashPhase.WriteCheck && e is IspTimeoutException)
                        NoteLostFrame();
                    context.Enter(FlashPhase.Resync, time, 0);
                    try
                    {
                        await loader.ResyncAsync(cancellationToken);
                        resyncs++;
                        result.Add(FlashPhase.Resync, time.GetElapsedTime(context.PhaseStarted));
                    }
                    catch (HandshakeFailedException lost)
                    {
                        result.Add(FlashPhase.Resync, time.GetElapsedTime(context.PhaseStarted));
                        failure = new FlashFailure(region.Name, FlashPhase.Resync, lost.Message, lost);
                        break;
                    }
                }
                catch (IspLinkException e)
                {
                    result.BytesSent += loader.Channel.BytesSent - regionSentBefore;
                    failure = new FlashFailure(region.Name, context.Phase, e.Message, e);
                    result.FirstFailure ??= failure;
                    break;
                }
            }
        }

        return new FlashResult
        {
            Regions = results,
            Duration = time.GetElapsedTime(started),
            BytesSent = loader.Channel.BytesSent - sentBefore,
            Retries = retries,
            Resyncs = resyncs,
            LostFrames = lostFrames,
            FinalPacingPerPage = pacingPerPage,
            Failure = failure,
        };
    }

    // A loader that answered FL is alive and in command mode, unless that was its third refusal;
    // a missing or garbled reply means it may be deaf, confused or back in handshake mode.
    private bool NeedsResync(IspException e) =>
        e is IspTimeoutException or IspProtocolException || loader.LoaderLikelyInHandshakeMode;

    private void NoteLostFrame()
    {
        lostFrames++;
        if (!options.PaceAfterLostFrame)
            return;
        pacingPerPage = pacingPerPage == TimeSpan.Zero
            ? options.PageProgramTime
            : TimeSpan.FromTicks(Math.Min(pacingPerPage.Ticks * 2, options.MaxPageProgramTime.Ticks));
    }

    private async Task FlashRegionAsync(RegionContext c, CancellationToken cancellationToken)
    {
        var region = c.Region;
        var verifyLength = region.IsEraseOnly ? region.EraseLength : (uint)region.Data.Length;
        if (verifyLength == 0)
            throw new ArgumentException($"Region '{region.Name}' has nothing to write or erase; the flash plan is wrong.", nameof(c));

        // Hash-skip only when the hashed bytes cover everything the region would erase.
        if (options.HashSkip && c.Result.Attempts == 1 && region.EraseLength <= verifyLength)
        {
            c.Enter(FlashPhase.HashCheck, time, verifyLength);
            var current = await ShaAsync(region.Address, verifyLength, cancellationToken);
            c.Leave(time, verifyLength);
            if (current.AsSpan().SequenceEqual(region.Sha256))
            {
                c.Result.SkippedByHash = true;
                return;
            }
        }

        c.Enter(FlashPhase.Erase, time, region.EraseLength);
        await loader.EraseAsync(region.Address, region.EraseEnd, cancellationToken);
        c.Leave(time, region.EraseLength);

        if (!region.IsEraseOnly)
        {
            await WriteAsync(c, cancellationToken);
            c.Enter(FlashPhase.WriteCheck, time, 0);
            await PaceAsync(cancellationToken);
            await loader.WriteCheckAsync(cancellationToken);
            c.Leave(time, 0);
        }

        c.Enter(FlashPhase.Verify, time, verifyLength);
        var sha = await ShaAsync(region.Address, verifyLength, cancellationToken);
        if (!sha.AsSpan().SequenceEqual(region.Sha256))
            throw new FlashVerifyException(loader.Channel.Name, region.Name, region.Address, verifyLength, region.Sha256, sha);
        c.Leave(time, verifyLength);
    }

    private async Task WriteAsync(RegionContext c, CancellationToken cancellationToken)
    {
        var region = c.Region;
        var compressed = options.UseCompression && region.Compressed is { Length: > 0 };
        var stream = compressed ? region.Compressed!.Value : region.Data;
        c.Result.Compressed = compressed;
        c.Enter(FlashPhase.Write, time, stream.Length);
        var chunkSize = loader.Options.WriteChunkSize;
        // Flash bytes one wire byte turns into: what the loader programs after acknowledging a frame.
        var expansion = (double)region.Data.Length / stream.Length;
        lastWriteAck = null;
        for (var offset = 0; offset < stream.Length; offset += chunkSize)
        {
            var chunk = stream.Slice(offset, Math.Min(chunkSize, stream.Length - offset));
            await PaceAsync(cancellationToken);
            if (compressed)
                await loader.DecompressWriteAsync(region.Address, offset, chunk, cancellationToken);
            else
                await loader.WriteAsync(region.Address + (uint)offset, chunk, cancellationToken);
            lastWriteAck = time.GetTimestamp();
            lastWriteFlashBytes = (int)Math.Ceiling(chunk.Length * expansion);
            c.Report(FlashPhase.Write, offset + chunk.Length, stream.Length);
        }

        c.Leave(time, stream.Length);
    }

    // Once a frame was lost, give the loader the programming time its last write frame started
    // (estimated per page) before sending the next frame, minus what has passed since its OK.
    private async Task PaceAsync(CancellationToken cancellationToken)
    {
        if (lastWriteAck is not { } ack || pacingPerPage <= TimeSpan.Zero)
            return;
        var programming = pacingPerPage * Math.Ceiling(lastWriteFlashBytes / 256.0) - time.GetElapsedTime(ack);
        if (programming > TimeSpan.Zero)
            await Task.Delay(programming, time, cancellationToken);
    }

    private Task<byte[]> ShaAsync(uint address, uint length, CancellationToken cancellationToken) =>
        options.Verify == VerifyMethod.XipReadSha
            ? loader.XipReadShaAsync(address, length, cancellationToken)
            : loader.ReadShaAsync(address, length, cancellationToken);

    /// <summary>Per-region bookkeeping: the phase in progress (for the failure report), its start, progress.</summary>
    private sealed class RegionContext(FlashRegion region, RegionResult result, int index, int count, IProgress<FlashProgress>? progress)
    {
        public FlashRegion Region => region;

        public RegionResult Result => result;

        public FlashPhase Phase { get; private set; } = FlashPhase.HashCheck;

        public long PhaseStarted { get; private set; }

        public void Enter(FlashPhase phase, TimeProvider time, long total)
        {
            Phase = phase;
            PhaseStarted = time.GetTimestamp();
            Report(phase, 0, total);
        }

        public void Leave(TimeProvider time, long total)
        {
            result.Add(Phase, time.GetElapsedTime(PhaseStarted));
            Report(Phase, total, total);
        }

        public void Report(FlashPhase phase, long done, long total) =>
            progress?.Report(new FlashProgress(region.Name, index, count, phase, done, total));
    }
}
