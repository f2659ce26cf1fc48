using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Wire;
using Polly;
using Polly.Retry;

namespace Fixture.Controller.Workflow;

/// <summary>The eflash_loader: handshake at the working baud, identity, and the flash plan.</summary>
internal sealed partial class UnitWorkflow
{
    private LoaderClient _loader = null!;
    private UnitIdentityReader? _identityReader;
    private string? _flashRegion;
    private FlashPhase? _flashPhase;

    private async Task<UnitTrigger> IdentifyAsync(CancellationToken cancellationToken)
    {
        var baud = _settings.LoaderBaud(SerialConfig);
        _socket.Link.SetBaudRate(baud);
        var identityReader = _identityReader ??= new UnitIdentityReader(_settings.Recipe);
        _loader = new LoaderClient(_channel, _socket.Time, _settings.Profile.Loader);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _socket.Time }
            .AddTimeout(_settings.IdentifyTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _settings.Config.LoaderHandshakeAttempts - 1,
                Delay = TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder().Handle<IspException>(e => e is not IspLinkException),
                OnRetry = args =>
                {
                    _attempt.TotalRetries++;
                    if (args.Outcome.Exception is { } e)
                    {
                        _attempt.Note($"loader try {args.AttemptNumber + 1}: {e.Message}");
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        JedecId jedec;
        UnitIdentityReading identity;
        var tries = 0;
        try
        {
            (identity, jedec) = await pipeline.ExecuteAsync(
                async ctx =>
                {
                    var ct = ctx.CancellationToken;
                    if (_loader.BaudRate == 0 && tries++ == 0)
                    {
                        await _loader.HandshakeAsync(baud, ct);
                    }
                    else if (_loader.BaudRate == 0)
                    {
                        // Never answered: a loader whose OK went unheard drops further bursts as frames until it has been idle.
                        await _loader.HandshakeAfterIdleDropAsync(baud, ct);
                    }
                    else
                    {
                        // It answered once: after a lost reply it may have dropped back to handshake mode.
                        await _loader.ResyncAsync(ct);
                    }

                    return (await identityReader.ReadAsync(_loader, ct), await _loader.ReadJedecIdAsync(ct));
                },
                context);
        }
        catch (Exception e) when (e is IspException and not IspLinkException)
        {
            throw new UnitFailureException(FailureCode.LoaderHandshake,
                $"the flash helper did not answer properly at {baud} baud after {_settings.Config.LoaderHandshakeAttempts} tries: {e.Message}", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        _attempt.JedecId = jedec.Id;
        _attempt.Identity = identity;
        foreach (var note in identity.Notes)
        {
            _attempt.Note(note);
        }

        var chipId = identity.Efuse.ChipId;
        if (_attempt.ChipId is { } fromBootrom && fromBootrom != chipId)
        {
            _attempt.Note($"boot info chip id {fromBootrom} differs from eFuse slot 0 {chipId} read by the loader");
        }
        else if (_attempt.ChipId is null)
        {
            RecogniseUnit(chipId);
        }

        UnitMacOutcome.Predicted(_attempt, identity);
        FlagVerificationUnit();

        var flash = _settings.Recipe.Flash;
        if (!flash.Accepts(jedec.Id) || jedec.CapacityBytes < flash.SizeBytes)
        {
            throw new UnitFailureException(FailureCode.FlashId, string.Create(CultureInfo.InvariantCulture,
                $"flash JEDEC id {jedec.Id} ({jedec.CapacityBytes / 1024} KiB) is not what recipe '{_settings.Recipe.Name}' expects ({string.Join(", ", flash.JedecIds)}, {flash.SizeBytes / 1024} KiB): another module variant."));
        }

        return UnitTrigger.Identified;
    }

    /// <summary>
    /// Runs the plan with the flasher (hash-skip, clean slate, each region retried from its erase). A
    /// region's first failure names the code, whatever its retries did. A loader lost mid-flash (a
    /// brown-out) restarts the unit from the handshake, within the unit-level limit.
    /// </summary>
    private async Task<UnitTrigger> FlashAsync(CancellationToken cancellationToken)
    {
        var flasher = new Flasher(_loader, _settings.Profile.Flasher);
        _flashPhase = null;
        var progress = new Inline<FlashProgress>(OnFlashProgress);
        var result = await WithTimeoutAsync(_settings.FlashTimeout, ct => flasher.RunAsync(_settings.Plan, progress, ct), cancellationToken);
        _attempt.EraseTime = (_attempt.EraseTime ?? TimeSpan.Zero) + result.TotalFor(FlashPhase.Erase);
        _attempt.WriteTime = (_attempt.WriteTime ?? TimeSpan.Zero) + result.TotalFor(FlashPhase.Write) + result.TotalFor(FlashPhase.WriteCheck);
        _attempt.VerifyTime = (_attempt.VerifyTime ?? TimeSpan.Zero) + result.TotalFor(FlashPhase.Verify) + result.TotalFor(FlashPhase.HashCheck);
        _attempt.TotalRetries += result.Retries;
        if (result.ChecksumResends > 0)
        {
            // Frames the loader refused as corrupted on the line and that went again: retries the pass owes its success to.
            _attempt.TotalRetries += result.ChecksumResends;
            _attempt.Note($"{result.ChecksumResends} write frame(s) sent again after a checksum refusal (FL 0103: corrupted on the line)");
        }

        if (result.FrameSizeFallback is { } fallback)
        {
            _attempt.TotalRetries++;
            _attempt.Note(fallback.ToString());
        }

        if (result.LostFrames > 0)
        {
            // A frame gets no reply when the loader was not reading while it programmed, or when the line
            // dropped or garbled it: the host cannot tell which, so the note does not guess.
            _attempt.Note($"{result.LostFrames} write frame(s) got no reply (lost on the line, or sent while the loader was not reading), {result.Resyncs} re-sync(s)");
        }

        var rereads = result.Regions.Sum(r => r.DigestRereads);
        if (rereads > 0)
        {
            _attempt.TotalRetries += rereads;
            _attempt.Note($"{rereads} verify digest(s) read again: a reply differed from the image");
        }

        var skipped = result.Regions.Where(r => r.SkippedByHash && r.Kind != Protocol.Plans.FlashRegionKind.EraseOnly).Select(r => r.Name).ToList();
        if (skipped.Count > 0)
        {
            _attempt.Note($"already on the chip (hash-skip): {string.Join(", ", skipped)}");
        }

        if (result.Succeeded)
        {
            return UnitTrigger.Flashed;
        }

        var failure = result.Failure!;
        var region = result.Regions.First(r => r.Name == failure.Region);
        var first = region.FirstFailure ?? failure;
        if (failure.Error is IspLinkException link)
        {
            throw link;
        }

        var code = CodeOf(first.Phase);
        var reason = $"region {first.Region}, {first.Phase}: {first.Reason}" + (ReferenceEquals(first, failure) || first.Reason == failure.Reason
            ? $" ({region.Attempts} tries)"
            : $" (after {region.Attempts} tries, last: {failure.Phase}: {failure.Reason})");
        if (LoaderLost(failure) && _attempt.UnitRestarts < _settings.Config.UnitRestarts)
        {
            _attempt.UnitRestarts++;
            _attempt.TotalRetries++;
            _attempt.RecordProblem(code, nameof(UnitState.Flashing), reason);
            _attempt.Note($"unit restart {_attempt.UnitRestarts} of {_settings.Config.UnitRestarts}: the loader was lost in {failure.Region}");
            _restarting = true;
            return UnitTrigger.Restart;
        }

        throw new UnitFailureException(code, reason, first.Error);
    }

    private static bool LoaderLost(FlashFailure failure) =>
        failure.Phase == FlashPhase.Resync || failure.Error is HandshakeFailedException;

    private static FailureCode CodeOf(FlashPhase phase) => phase switch
    {
        FlashPhase.Erase => FailureCode.Erase,
        FlashPhase.Write or FlashPhase.WriteCheck => FailureCode.Write,
        FlashPhase.Resync => FailureCode.LoaderHandshake,
        _ => FailureCode.Verify,
    };

    private void OnFlashProgress(FlashProgress progress)
    {
        var trigger = progress.Phase switch
        {
            FlashPhase.HashCheck => UnitTrigger.RegionChecking,
            FlashPhase.Erase => UnitTrigger.RegionErasing,
            FlashPhase.Write or FlashPhase.WriteCheck => UnitTrigger.RegionWriting,
            FlashPhase.Verify => UnitTrigger.RegionVerifying,
            _ => (UnitTrigger?)null,
        };
        var changed = _flashRegion != progress.Region || _flashPhase != progress.Phase;
        _flashRegion = progress.Region;
        _flashPhase = progress.Phase;
        if (trigger is { } t && _machine.CanFire(t))
        {
            _machine.Fire(t);
        }

        Show($"{PhaseWords(progress.Phase)} {progress.Region} (region {progress.RegionIndex + 1} of {progress.RegionCount})",
            force: changed, bytesDone: progress.BytesDone, bytesTotal: progress.BytesTotal);
    }

    private static string PhaseWords(FlashPhase phase) => phase switch
    {
        FlashPhase.HashCheck => "checking",
        FlashPhase.Erase => "erasing",
        FlashPhase.Write => "writing",
        FlashPhase.WriteCheck => "write-checking",
        FlashPhase.Verify => "verifying",
        _ => "re-syncing the loader in",
    };

    /// <summary>The unit's chip id is known: flag a verification unit, and refuse a unit its history sends to rework.</summary>
    private void RecogniseUnit(Protocol.Identity.MacAddress chipId)
    {
        _attempt.ChipId = chipId;
        FlagVerificationUnit();
        if (_recorder.ReworkFor(chipId) is { } rework)
        {
            throw new UnitReworkException(rework.Code, rework.Reason);
        }
    }

    private void FlagVerificationUnit()
    {
        if (_attempt.Verification == VerificationUnitKind.None)
        {
            var mac = Protocol.Identity.MacAddress.TryParse(_attempt.Mac, out var m) ? m : (Protocol.Identity.MacAddress?)null;
            _attempt.Verification = _settings.Identities.KindOf(_attempt.ChipId, mac);
        }
    }
}
