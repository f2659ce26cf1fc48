using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;

namespace Fixture.Simulator.Unit;

/// <summary>What a unit runs after a reset.</summary>
public enum BootTarget
{
    /// <summary>GPIO8 high: the bootrom's UART download mode.</summary>
    Bootrom,

    /// <summary>GPIO8 low (or 0x33): boot2 and the firmware from flash.</summary>
    Flash,
}

/// <summary>One start of the chip: why, when, into what, and how it ended (null while it runs).</summary>
public sealed record BootRecord(int Number, BootTarget Target, string Reason, TimeSpan StartedAt)
{
    public TimeSpan? EndedAt { get; internal set; }

    public string? EndReason { get; internal set; }

    /// <summary>The helper (eflash_loader) was started in this boot.</summary>
    public bool LoaderStarted { get; internal set; }

    /// <summary>Which helper build the loader model runs as (<c>Loader.HelperCatalog</c>), once one started.</summary>
    public string? Helper { get; internal set; }

    /// <summary>A flash boot: what the bootrom and boot2 found and started (null for a bootrom boot, or no firmware model).</summary>
    public FlashBootOutcome? FlashOutcome { get; internal set; }

    /// <summary>When the firmware of this boot reached its boot-complete point (OpenBL602: "Boot complete time reached"); null: never.</summary>
    public TimeSpan? BootCompletedAt { get; internal set; }
}

/// <summary>
/// The unit's own log for tests and the soak: which faults it was built with, which of them
/// acted and when, and every boot with its reason and end. Thread-safe to read after a run.
/// </summary>
public sealed class UnitRecord
{
    private readonly object _gate = new();
    private readonly List<FaultEvent> _fired = [];
    private readonly List<BootRecord> _boots = [];

    internal UnitRecord(IReadOnlyList<FaultKind> configured)
    {
        Configured = configured;
    }

    /// <summary>The faults this unit was made with (from its <see cref="UnitFaults"/>).</summary>
    public IReadOnlyList<FaultKind> Configured { get; }

    public IReadOnlyList<FaultEvent> Fired
    {
        get
        {
            lock (_gate)
            {
                return [.. _fired];
            }
        }
    }

    public IReadOnlyList<BootRecord> Boots
    {
        get
        {
            lock (_gate)
            {
                return [.. _boots];
            }
        }
    }

    internal void Add(FaultEvent fault)
    {
        lock (_gate)
        {
            _fired.Add(fault);
        }
    }

    internal BootRecord StartBoot(BootTarget target, string reason, TimeSpan at)
    {
        lock (_gate)
        {
            var boot = new BootRecord(_boots.Count + 1, target, reason, at);
            _boots.Add(boot);
            return boot;
        }
    }
}
