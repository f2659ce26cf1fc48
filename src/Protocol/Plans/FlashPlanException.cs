namespace Fixture.Protocol.Plans;

/// <summary>Why a flash plan was refused.</summary>
public enum FlashPlanProblem
{
    /// <summary>A region is larger than the slot it must fit (firmware vs FW slot, dtb vs factory, boot2 vs the table).</summary>
    DoesNotFit,

    /// <summary>Two regions share flash (or a 4 KiB erase sector, so erasing one would wipe the other).</summary>
    Overlap,

    /// <summary>A region does not start on a 4 KiB sector: its erase would wipe the bytes before it.</summary>
    Misaligned,

    /// <summary>A region ends beyond the flash.</summary>
    BeyondFlash,

    /// <summary>The partition table lacks an entry a region needs.</summary>
    MissingPartition,

    /// <summary>
    /// A region would erase or write the unit's own factory data: the mfg or rf_para entries (a factory
    /// MAC and RF calibration may live there), or the factory entry other than with the recipe's factory parameters.
    /// </summary>
    FactoryData,
}

/// <summary>
/// A recipe whose regions cannot be laid out safely. The message names the recipe and the region(s),
/// e.g. "recipe r.json: firmware (0x10000+0xC9000) overlaps erase FW slot 1 header (...)".
/// </summary>
public sealed class FlashPlanException : Exception
{
    public FlashPlanException(FlashPlanProblem problem, string message, string region, string? otherRegion = null)
        : base(message)
    {
        Problem = problem;
        Region = region;
        OtherRegion = otherRegion;
    }

    public FlashPlanProblem Problem { get; }

    /// <summary>Name of the region at fault.</summary>
    public string Region { get; }

    /// <summary>The second region of an overlap.</summary>
    public string? OtherRegion { get; }
}
