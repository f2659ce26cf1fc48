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
    private const uint SectorSize = 0x1000;
    private readonly LoaderClient loader;
    private readonly FlasherOptions options;
    private readonly TimeProvider time;
    private TimeSpan pacingPerPage;
    // Reads of a region's digest before a mismatch stands: two that agree, or this many.
    private const int DigestReads = 3;

    private int lostFrames;
    private int resyncs;
    private int writeChunkLimit = int.MaxValue;
    private FrameSizeFallback? fallback;
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
            FrameSizeFallback = fallback,
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

        // What the chip holds is asked once per region: a retry follows a failure, so it is stale.
        var found = c.Result.Attempts == 1 ? await InspectAsync(c, verifyLength, cancellationToken) : ChipContent.Unknown;
        if (found == ChipContent.Image)
        {
            c.Result.SkippedByHash = true;
            return;
        }

        if (found == ChipContent.Erased)
        {
            c.Result.EraseSkipped = true;
        }
        else if (region.IsEraseOnly && options.EraseOnlyUsedSectors && c.Result.Attempts == 1 && region.EraseLength > SectorSize)
        {
            var used = await UsedSectorRunsAsync(c, cancellationToken);
            c.Enter(FlashPhase.Erase, time, region.EraseLength);
            c.Result.ErasedLength = 0;
            foreach (var (start, end) in used)
            {
                await loader.EraseAsync(start, end, cancellationToken);
                c.Result.ErasedLength += end - start + 1;
            }

            c.Leave(time, region.EraseLength);
        }
        else
        {
            c.Enter(FlashPhase.Erase, time, region.EraseLength);
            await loader.EraseAsync(region.Address, region.EraseEnd, cancellationToken);
            c.Result.ErasedLength = region.EraseLength;
            c.Leave(time, region.EraseLength);
        }

        if (!region.IsEraseOnly)
        {
            await WriteAsync(c, cancellationToken);
            c.Enter(FlashPhase.WriteCheck, time, 0);
            await PaceAsync(cancellationToken);
            await loader.WriteCheckAsync(cancellationToken);
            c.Leave(time, 0);
        }

        c.Enter(FlashPhase.Verify, time, verifyLength);
        await VerifyDigestAsync(c, verifyLength, cancellationToken);
        c.Leave(time, verifyLength);
    }

    // The digest comes back as plain reply bytes, without a checksum: one byte garbled on the line must not
    // condemn a good flash (VERIFY sends the unit to rework). A digest equal to the image's cannot be made by
    // noise; a different one counts only when it reads the same twice. A write-protected region costs one read more.
    private async Task VerifyDigestAsync(RegionContext c, uint verifyLength, CancellationToken cancellationToken)
    {
        var region = c.Region;
        byte[]? previous = null;
        for (var read = 1; ; read++)
        {
            var sha = await ShaAsync(region.Address, verifyLength, cancellationToken);
            if (sha.AsSpan().SequenceEqual(region.Sha256))
                return;
            if ((previous is not null && sha.AsSpan().SequenceEqual(previous)) || read == DigestReads)
                throw new FlashVerifyException(loader.Channel.Name, region.Name, region.Address, verifyLength, region.Sha256, sha);
            c.Result.DigestRereads++;
            previous = sha;
        }
    }

    /// <summary>
    /// Asks the chip whether the region already holds its image (hash-skip) or at least an erased
    /// range (no erase needed), with a short prefix probe first when configured.
    /// </summary>
    private async Task<ChipContent> InspectAsync(RegionContext c, uint verifyLength, CancellationToken cancellationToken)
    {
        var region = c.Region;
        // Hash-skip only when the hashed bytes cover everything the region would erase.
        var mayHold = options.HashSkip && region.EraseLength <= verifyLength;
        var mayBeErased = options.SkipEraseWhenErased && !region.IsEraseOnly;
        if (!mayHold && !mayBeErased)
            return ChipContent.Unknown;

        c.Enter(FlashPhase.HashCheck, time, verifyLength);
        var probe = options.HashProbeLength;
        if (probe > 0 && probe < Math.Min(verifyLength, region.EraseLength))
        {
            var prefix = await ShaAsync(region.Address, probe, cancellationToken);
            mayHold &= prefix.AsSpan().SequenceEqual(HostDigests.ImagePrefix(region, probe));
            mayBeErased &= prefix.AsSpan().SequenceEqual(HostDigests.Erased(probe));
        }

        var found = ChipContent.Unknown;
        if (mayHold)
        {
            var sha = await ShaAsync(region.Address, verifyLength, cancellationToken);
            if (sha.AsSpan().SequenceEqual(region.Sha256))
                found = ChipContent.Image;
            else if (mayBeErased && region.EraseLength == verifyLength && sha.AsSpan().SequenceEqual(HostDigests.Erased(verifyLength)))
                found = ChipContent.Erased;
        }
        else if (mayBeErased)
        {
            var sha = await ShaAsync(region.Address, region.EraseLength, cancellationToken);
            if (sha.AsSpan().SequenceEqual(HostDigests.Erased(region.EraseLength)))
                found = ChipContent.Erased;
        }

        c.Leave(time, verifyLength);
        return found;
    }

    /// <summary>The region's sectors that are not erased, as runs of adjacent sectors (one erase command each).</summary>
    private async Task<List<(uint Start, uint End)>> UsedSectorRunsAsync(RegionContext c, CancellationToken cancellationToken)
    {
        var region = c.Region;
        c.Enter(FlashPhase.HashCheck, time, region.EraseLength);
        var runs = new List<(uint Start, uint End)>();
        for (var offset = 0u; offset < region.EraseLength; offset += SectorSize)
        {
            var length = Math.Min(SectorSize, region.EraseLength - offset);
            var sha = await ShaAsync(region.Address + offset, length, cancellationToken);
            if (sha.AsSpan().SequenceEqual(HostDigests.Erased(length)))
                continue;
            var end = region.Address + offset + length - 1;
            if (runs.Count > 0 && runs[^1].End + 1 == region.Address + offset)
                runs[^1] = (runs[^1].Start, end);
            else
                runs.Add((region.Address + offset, end));
        }

        c.Leave(time, region.EraseLength);
        return runs;
    }

    private async Task WriteAsync(RegionContext c, CancellationToken cancellationToken)
    {
        var region = c.Region;
        var compressed = options.UseCompression && region.Compressed is { Length: > 0 } && region.Data.Length > options.CompressOnlyAbove;
        var stream = compressed ? region.Compressed!.Value : region.Data;
        c.Result.Compressed = compressed;
        c.Enter(FlashPhase.Write, time, stream.Length);
        var largest = Math.Min(loader.Options.WriteChunkSize, writeChunkLimit);
        var chunkSize = largest;
        var resendsLeft = options.ChecksumErrorResends;
        var clean = 0;
        // Flash bytes one wire byte turns into: what the loader programs after acknowledging a frame.
        var expansion = (double)region.Data.Length / stream.Length;
        lastWriteAck = null;
        for (var offset = 0; offset < stream.Length;)
        {
            var chunk = stream.Slice(offset, Math.Min(chunkSize, stream.Length - offset));
            var word = compressed ? LoaderClient.DecompressWriteWord(region.Address, offset) : region.Address + (uint)offset;
            while (chunk.Length > 1 && loader.WouldGoUnchecked(word, chunk.Span))
            {
                // A frame whose checksum sums to 0 is not checked by the loader: one byte less makes it checked.
                chunk = chunk[..^1];
                c.Result.UncheckedFramesAvoided++;
            }

            await PaceAsync(cancellationToken);
            try
            {
                if (compressed)
                    await loader.DecompressWriteAsync(region.Address, offset, chunk, checksumRetries: 0, cancellationToken);
                else
                    await loader.WriteAsync(region.Address + (uint)offset, chunk, checksumRetries: 0, cancellationToken);
            }
            catch (IspTimeoutException) when (options.FrameSizeFallback && fallback is null && chunk.Length > options.FallbackWriteChunkSize)
            {
                // A frame longer than the helper's receive buffer never completes, and the loader drops to
                // handshake mode. Nothing of it was written: re-sync and go on in frames every loader takes.
                fallback = new FrameSizeFallback(region.Name, chunk.Length, options.FallbackWriteChunkSize);
                writeChunkLimit = options.FallbackWriteChunkSize;
                largest = Math.Min(largest, writeChunkLimit);
                chunkSize = largest;
                clean = 0;
                c.Result.Add(FlashPhase.Write, time.GetElapsedTime(c.PhaseStarted));
                c.Enter(FlashPhase.Resync, time, 0);
                await loader.ResyncAsync(cancellationToken);
                resyncs++;
                c.Result.Add(FlashPhase.Resync, time.GetElapsedTime(c.PhaseStarted));
                c.Resume(FlashPhase.Write, time.GetTimestamp());
                if (compressed)
                {
                    // The loader's decoder state after a re-sync is not known: start the stream again from
                    // the region's start (programming the same bytes again over them changes nothing).
                    offset = 0;
                }

                continue;
            }
            catch (DeviceErrorException e) when (e.Code == (ushort)DeviceErrorCode.CMD_CRC_ERROR && !e.ReportedLate && resendsLeft > 0)
            {
                // The frame was refused before the loader looked at it: send the same bytes again, in smaller frames.
                resendsLeft--;
                c.Result.ChecksumResends++;
                chunkSize = Math.Max(Math.Min(options.MinWriteChunkSize, largest), chunkSize / 2);
                clean = 0;
                continue;
            }

            lastWriteAck = time.GetTimestamp();
            lastWriteFlashBytes = (int)Math.Ceiling(chunk.Length * expansion);
            offset += chunk.Length;
            c.Report(FlashPhase.Write, offset, stream.Length);
            if (chunkSize < largest && ++clean >= options.CleanFramesBeforeGrowing)
            {
                chunkSize = Math.Min(largest, chunkSize * 2);
                clean = 0;
            }
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

    private enum ChipContent
    {
        Unknown,

        /// <summary>The region's bytes (for an erase-only region: erased flash) are already there.</summary>
        Image,

        /// <summary>The whole erase range is erased: the write can go ahead without an erase.</summary>
        Erased,
    }

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

        /// <summary>Back to a phase already under way (after a re-sync inside it), keeping its start.</summary>
        public void Resume(FlashPhase phase, long startedAt)
        {
            Phase = phase;
            PhaseStarted = startedAt;
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
