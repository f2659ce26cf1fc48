using Fixture.Controller.Reports;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Wire;
using Polly;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>The flash helper: the recipe's eflash_loader loaded into RAM through the bootrom and started.</summary>
internal sealed class HelperPhase
{
    private readonly ResiliencePipeline _timeout;

    public HelperPhase(WorkflowSettings settings, TimeProvider time)
    {
        _timeout = UnitResilience.Timeout(time, settings.HelperTimeout);
    }

    /// <summary>
    /// Loads and starts the helper (not again when one already runs). A load that fails restarts the unit
    /// while restarts are left: the bootrom has no command to start a load over, and a lost or garbled
    /// frame leaves it mid-image.
    /// </summary>
    /// <exception cref="UnitFailureException">HELPER_LOAD, no restart left.</exception>
    public async Task<PhaseResult> LoadAsync(UnitContext unit, CancellationToken cancellationToken)
    {
        var recipe = unit.Settings.Recipe;
        var progress = new InlineProgress<HelperLoadProgress>(p => unit.Observer.Show("loading the flash helper", bytesDone: p.BytesSent, bytesTotal: p.BytesTotal));
        try
        {
            var result = await UnitResilience.RunAsync(
                _timeout,
                unit,
                (Bootrom: unit.Bootrom!, Helper: recipe.HelperImage, Progress: progress),
                static async (context, load) => await load.Bootrom.LoadHelperAsync(load.Helper, load.Progress, context.CancellationToken),
                cancellationToken);
            if (result.AlreadyRunning)
            {
                unit.Attempt.Note("an eflash_loader was already running: not loaded again");
            }
        }
        catch (Exception e) when (e is IspException and not ChipLockedException and not IspLinkException)
        {
            var reason = $"loading the flash helper ({recipe.Helper.FileName}) failed: {e.Message}";
            if (UnitRestart.TryRequest(unit, FailureCode.HelperLoad, nameof(UnitState.LoadingHelper), reason, "the helper load failed"))
            {
                return PhaseResult.Restart;
            }

            throw new UnitFailureException(FailureCode.HelperLoad, reason, e);
        }

        return PhaseResult.Done;
    }
}
