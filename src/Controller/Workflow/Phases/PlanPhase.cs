using Fixture.Controller.Reports;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Wire;
using Polly;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>
/// The flash plan through the loader (hash-skip, clean slate, each region retried from its erase), its
/// progress shown region by region, and what the run cost or needed recorded on the attempt.
/// </summary>
internal sealed class PlanPhase
{
    private readonly ResiliencePipeline _timeout;

    public PlanPhase(WorkflowSettings settings, TimeProvider time)
    {
        _timeout = UnitResilience.Timeout(time, settings.FlashTimeout);
    }

    /// <summary>
    /// Runs the plan with the flasher. A region's first failure names the code, whatever its retries did.
    /// A loader lost mid-flash (a brown-out) restarts the unit from the handshake, within the unit-level limit.
    /// </summary>
    /// <exception cref="UnitFailureException">ERASE, WRITE, VERIFY or LOADER_HANDSHAKE of the region that failed.</exception>
    /// <exception cref="IspLinkException">The port failed (the station's fault).</exception>
    public async Task<PhaseResult> FlashAsync(UnitContext unit, CancellationToken cancellationToken)
    {
        var attempt = unit.Attempt;
        var flasher = new Flasher(unit.Loader!, unit.Settings.Profile.Flasher);
        unit.FlashPosition = null;
        var progress = new InlineProgress<FlashProgress>(p => OnProgress(unit, p));
        var result = unit.Flash = await UnitResilience.RunAsync(
            _timeout,
            unit,
            (Flasher: flasher, unit.Plan, Progress: progress),
            static async (context, run) => await run.Flasher.RunAsync(run.Plan, run.Progress, context.CancellationToken),
            cancellationToken);
        attempt.EraseTime = (attempt.EraseTime ?? TimeSpan.Zero) + result.TotalFor(FlashPhase.Erase);
        attempt.WriteTime = (attempt.WriteTime ?? TimeSpan.Zero) + result.TotalFor(FlashPhase.Write) + result.TotalFor(FlashPhase.WriteCheck);
        attempt.VerifyTime = (attempt.VerifyTime ?? TimeSpan.Zero) + result.TotalFor(FlashPhase.Verify) + result.TotalFor(FlashPhase.HashCheck);
        attempt.TotalRetries += result.Retries;
        if (result.ChecksumResends > 0)
        {
            // Frames the loader refused as corrupted on the line and that went again: retries the pass owes its success to.
            attempt.TotalRetries += result.ChecksumResends;
            attempt.Note($"{result.ChecksumResends} write frame(s) sent again after a checksum refusal (FL 0103: corrupted on the line)");
        }

        if (result.FrameSizeFallback is { } fallback)
        {
            attempt.TotalRetries++;
            attempt.Note(fallback.ToString());
        }

        if (result.LostFrames > 0)
        {
            // A frame gets no reply when the loader was not reading while it programmed, or when the line
            // dropped or garbled it: the host cannot tell which, so the note does not guess.
            attempt.Note($"{result.LostFrames} write frame(s) got no reply (lost on the line, or sent while the loader was not reading), {result.Resyncs} re-sync(s)");
        }

        var rereads = result.Regions.Sum(r => r.DigestRereads);
        if (rereads > 0)
        {
            attempt.TotalRetries += rereads;
            attempt.Note($"{rereads} verify digest(s) read again: a reply differed from the image");
        }

        var skipped = result.Regions.Where(r => r.SkippedByHash && r.Kind != FlashRegionKind.EraseOnly).Select(r => r.Name).ToList();
        if (skipped.Count > 0)
        {
            attempt.Note($"already on the chip (hash-skip): {string.Join(", ", skipped)}");
        }

        if (result.Succeeded)
        {
            return PhaseResult.Done;
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
        if (LoaderLost(failure) && UnitRestart.TryRequest(unit, code, nameof(UnitState.Flashing), reason, $"the loader was lost in {failure.Region}"))
        {
            return PhaseResult.Restart;
        }

        throw new UnitFailureException(code, reason, first.Error);
    }

    /// <summary>The flasher's progress as the operator sees it: a change of region or phase at once, bytes at the snapshot pace.</summary>
    private static void OnProgress(UnitContext unit, FlashProgress progress)
    {
        var changed = unit.FlashPosition != (progress.Region, progress.Phase);
        unit.FlashPosition = (progress.Region, progress.Phase);
        if (changed)
        {
            unit.Observer.FlashPhaseChanged(progress.Region, progress.Phase);
        }

        unit.Observer.Show($"{PhaseWords(progress.Phase)} {progress.Region} (region {progress.RegionIndex + 1} of {progress.RegionCount})",
            force: changed, bytesDone: progress.BytesDone, bytesTotal: progress.BytesTotal);
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

    private static string PhaseWords(FlashPhase phase) => phase switch
    {
        FlashPhase.HashCheck => "checking",
        FlashPhase.Erase => "erasing",
        FlashPhase.Write => "writing",
        FlashPhase.WriteCheck => "write-checking",
        FlashPhase.Verify => "verifying",
        _ => "re-syncing the loader in",
    };
}
