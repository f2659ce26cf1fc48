using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Protocol.Loader;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>
/// Who the unit is and what flash it carries, read through the loader (issue 9): eFuse region 0 and the
/// MAC the firmware will use by the SDK's rules (<see cref="UnitIdentityReader"/>, <see cref="UnitMacOutcome"/>),
/// the chip id checked against the bootrom's, and the JEDEC id against the recipe's flash.
/// </summary>
internal sealed class IdentifyPhase
{
    private readonly LoaderPhase _loader;
    private readonly UnitIdentityReader _reader;

    public IdentifyPhase(WorkflowSettings settings, LoaderPhase loader)
    {
        _loader = loader;
        _reader = new UnitIdentityReader(settings.Recipe, settings.Profile.MacCrossCheckTimeout);
    }

    /// <summary>Connects to the loader (<see cref="LoaderPhase"/>) and reads the unit's identity and JEDEC id through it.</summary>
    /// <exception cref="UnitFailureException">LOADER_HANDSHAKE (no try succeeded) or FLASH_ID (another module variant).</exception>
    /// <exception cref="UnitReworkException">The chip id first read here sends the unit to rework.</exception>
    public async Task IdentifyAsync(UnitContext unit, CancellationToken cancellationToken)
    {
        var reader = _reader;
        var (identity, jedec) = await _loader.RunAsync(unit, async (loader, ct) => (await reader.ReadAsync(loader, ct), await loader.ReadJedecIdAsync(ct)), cancellationToken);
        Record(unit, identity, jedec);
    }

    private static void Record(UnitContext unit, UnitIdentityReading identity, JedecId jedec)
    {
        var attempt = unit.Attempt;
        attempt.JedecId = jedec.Id;
        attempt.Identity = identity;
        foreach (var note in identity.Notes)
        {
            attempt.Note(note);
        }

        var chipId = identity.Efuse.ChipId;
        if (attempt.ChipId is { } fromBootrom && fromBootrom != chipId)
        {
            attempt.Note($"boot info chip id {fromBootrom} differs from eFuse slot 0 {chipId} read by the loader");
        }
        else if (attempt.ChipId is null)
        {
            UnitRecognition.Recognise(unit, chipId);
        }

        UnitMacOutcome.Predicted(attempt, identity);
        UnitRecognition.FlagVerificationUnit(unit);

        var recipe = unit.Settings.Recipe;
        var flash = recipe.Flash;
        if (!flash.Accepts(jedec.Id) || jedec.CapacityBytes < flash.SizeBytes)
        {
            throw new UnitFailureException(FailureCode.FlashId, string.Create(CultureInfo.InvariantCulture,
                $"flash JEDEC id {jedec.Id} ({jedec.CapacityBytes / 1024} KiB) is not what recipe '{recipe.Name}' expects ({string.Join(", ", flash.JedecIds)}, {flash.SizeBytes / 1024} KiB): another module variant."));
        }
    }
}
