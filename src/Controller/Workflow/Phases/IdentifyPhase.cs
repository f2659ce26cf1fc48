using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Recipes;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>
/// Who the unit is and what flash it carries, read through the loader (issue 9): eFuse region 0 and the
/// MAC the firmware will use by the SDK's rules (<see cref="UnitIdentityReader"/>, <see cref="UnitMacOutcome"/>),
/// the chip id checked against the bootrom's, and the JEDEC id against the recipe's flash: the recipe variant for
/// that flash (issue 14 §4) becomes the unit's recipe and plan (<see cref="UnitContext.Recipe"/>, <see cref="UnitContext.Plan"/>).
/// </summary>
internal sealed class IdentifyPhase
{
    private readonly LoaderPhase _loader;
    private readonly Dictionary<Recipe, UnitIdentityReader> _readers;

    public IdentifyPhase(WorkflowSettings settings, LoaderPhase loader)
    {
        _loader = loader;
        _readers = settings.Recipe.Variants.ToDictionary(v => v, v => new UnitIdentityReader(v, settings.Profile.MacCrossCheckTimeout), ReferenceEqualityComparer.Instance as IEqualityComparer<Recipe>);
    }

    /// <summary>
    /// Connects to the loader (<see cref="LoaderPhase"/>) and reads the unit's identity and JEDEC id through it. The identity
    /// is read with the recipe's own layout first; a unit whose flash picks another variant has it read again with that
    /// variant's (its rf_para entry and factory parameters decide the MAC prediction).
    /// </summary>
    /// <exception cref="UnitFailureException">LOADER_HANDSHAKE (no try succeeded) or FLASH_ID (no variant of the recipe fits the flash).</exception>
    /// <exception cref="UnitReworkException">The chip id first read here sends the unit to rework.</exception>
    public async Task IdentifyAsync(UnitContext unit, CancellationToken cancellationToken)
    {
        var readers = _readers;
        var recipe = unit.Settings.Recipe;
        // A restore checks the backup's chip against the unit's eFuse whatever the profile says.
        var readsIdentity = unit.Settings.Profile.ReadsEfuseIdentity || unit.Settings.Restore is not null;
        var (identity, jedec, variant) = await _loader.RunAsync(unit, async (loader, ct) =>
        {
            var identity = readsIdentity ? await readers[recipe].ReadAsync(loader, ct) : null;
            var jedec = await loader.ReadJedecIdAsync(ct);
            var variant = recipe.VariantFor(jedec);
            if (identity is not null && variant is not null && !ReferenceEquals(variant, recipe))
            {
                identity = await readers[variant].ReadAsync(loader, ct);
            }

            return (identity, jedec, variant);
        }, cancellationToken);
        Record(unit, identity, jedec, variant);
    }

    private static void Record(UnitContext unit, UnitIdentityReading? identity, JedecId jedec, Recipe? variant)
    {
        var attempt = unit.Attempt;
        unit.Jedec = jedec;
        attempt.JedecId = jedec.Id;
        if (identity is null)
        {
            attempt.Note($"eFuse identity not read (protocol profile '{unit.Settings.Profile.Name}' reads only the JEDEC id): no MAC predicted");
        }
        else
        {
            RecordIdentity(unit, identity);
        }

        UnitRecognition.FlagVerificationUnit(unit);

        var recipe = unit.Settings.Recipe;
        if (unit.Settings.Restore is { } restore)
        {
            ForRestore(unit, restore, identity ?? throw new InvalidOperationException("a restore reads the eFuse identity whatever the profile"), jedec);
            return;
        }

        if (variant is null)
        {
            var expected = recipe.Variants.Count == 1
                ? $"is not what recipe '{recipe.Name}' expects ({string.Join(", ", recipe.Flash.JedecIds)}, {recipe.Flash.SizeBytes / 1024} KiB): another module variant."
                : $"fits no variant of recipe '{recipe.Name}' ({string.Join("; ", recipe.Variants.Select(v => $"{v.VariantKey}: {string.Join(", ", v.Flash.JedecIds)}"))}): another module variant; a recipe with a variant for this flash can convert it.";
            throw new UnitFailureException(FailureCode.FlashId, string.Create(CultureInfo.InvariantCulture, $"flash JEDEC id {jedec.Id} ({jedec.CapacityBytes / 1024} KiB) {expected}"));
        }

        unit.Recipe = variant;
        unit.Plan = unit.Settings.PlanFor(variant);
        attempt.RecipeVariant = variant.VariantKey;
    }

    private static void RecordIdentity(UnitContext unit, UnitIdentityReading identity)
    {
        var attempt = unit.Attempt;
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
    }

    /// <summary>A restore writes a unit's own backup back, to a flash of the same kind: anything else is refused before an erase.</summary>
    private static void ForRestore(UnitContext unit, RestoreTarget restore, UnitIdentityReading identity, JedecId jedec)
    {
        var record = restore.Archive.Record;
        unit.Attempt.BackupFile = Path.GetFileName(restore.Archive.ImagePath);
        if (!string.Equals(jedec.Id, record.JedecId, StringComparison.OrdinalIgnoreCase))
        {
            throw new UnitFailureException(FailureCode.FlashId,
                $"flash JEDEC id {jedec.Id} is not the backup's {record.JedecId}: {unit.Attempt.BackupFile} cannot be restored to this unit; nothing was erased.");
        }

        if (identity.Efuse.ChipId != record.ChipId)
        {
            throw new UnitFailureException(FailureCode.Backup,
                $"{unit.Attempt.BackupFile} is the backup of chip {record.ChipId}, but the unit in the socket is chip {identity.Efuse.ChipId}: nothing was erased. " +
                "Restore each unit from its own backup (its factory data and calibration are in it).");
        }

        unit.Plan = restore.Plan;
    }
}
