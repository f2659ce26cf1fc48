using Fixture.Protocol.Plans;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Flash;
using Fixture.Simulator.Unit;

namespace Fixture.Lab.Soak;

/// <summary>A boot from flash as the soak saw it start: the unit's record of it, and how its flash differed from the plan then.</summary>
/// <param name="Boot">The unit's own record of the boot (what boot2 started, whether the firmware reached boot complete).</param>
/// <param name="PlanDifference">What the flash held that the plan does not say when the boot started; null: exactly the plan's bytes.</param>
public sealed record FlashBootSeen(BootRecord Boot, string? PlanDifference);

/// <summary>
/// No false pass, ever (issue 10 §3): a PASS is checked from the simulator's side, not from anything the station
/// reported. When the unit last booted from flash (after its last bootrom session, the flashing) every region of
/// the plan held exactly the plan's bytes (an erase-only region: 0xFF throughout), boot2 started OpenBL602 from
/// it, and that firmware reached its boot-complete point. The flash is read as the boot starts, because the
/// firmware then writes its own PSM (boot counters) into a range the plan erased.
/// </summary>
public static class PassCheck
{
    /// <summary>Where <paramref name="flash"/> differs from <paramref name="plan"/> (the first byte that does), or null when it holds exactly the plan.</summary>
    public static string? PlanDifference(SpiFlash flash, FlashPlan plan)
    {
        ArgumentNullException.ThrowIfNull(flash);
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var region in plan.Regions)
        {
            var length = region.IsEraseOnly ? (int)region.EraseLength : region.Data.Length;
            if (region.Address + (long)length > flash.Size)
            {
                return $"{region.Name} (0x{region.Address:X}, {length} B) does not fit the unit's {flash.Size} B flash";
            }

            var held = flash.View(region.Address, length);
            var at = region.IsEraseOnly ? held.IndexOfAnyExcept((byte)0xFF) : held.CommonPrefixLength(region.Data.Span);
            if (at >= 0 && at < length)
            {
                var wanted = region.IsEraseOnly ? (byte)0xFF : region.Data.Span[at];
                return $"{region.Name}: the byte at 0x{region.Address + (uint)at:X} is 0x{held[at]:X2}, the plan's is 0x{wanted:X2}";
            }
        }

        return null;
    }

    /// <summary>Why a PASS is false as the simulator saw the unit: empty when the flash held the plan and its firmware booted.</summary>
    /// <param name="lastFlashBoot">The unit's last boot from flash, as seen when it started; null: it never booted from flash.</param>
    /// <param name="boots">Every boot of the unit, in order.</param>
    public static IReadOnlyList<string> FalsePassProblems(FlashBootSeen? lastFlashBoot, IReadOnlyList<BootRecord> boots)
    {
        ArgumentNullException.ThrowIfNull(boots);
        if (lastFlashBoot is null)
        {
            return ["false pass: the unit never booted from flash"];
        }

        var boot = lastFlashBoot.Boot;
        var problems = new List<string>();
        if (boots.LastOrDefault(b => b.Target == BootTarget.Bootrom) is { } flashing && flashing.Number > boot.Number)
        {
            problems.Add($"false pass: the last boot from flash (boot {boot.Number}) came before the last bootrom session (boot {flashing.Number})");
        }

        if (lastFlashBoot.PlanDifference is { } difference)
        {
            problems.Add($"false pass: when the firmware started, the flash did not hold the plan: {difference}");
        }

        var outcome = boot.FlashOutcome;
        if (outcome is null || outcome.Stage != FlashBootStage.FirmwareStarted)
        {
            problems.Add($"false pass: boot2 started no firmware ({outcome?.Reason ?? "no boot model ran"})");
        }
        else if (outcome.Identity?.Kind != FirmwareKind.OpenBl602)
        {
            problems.Add($"false pass: boot2 started {outcome.Identity?.Kind.ToString() ?? "an unknown image"}, not OpenBL602");
        }

        if (boot.BootCompletedAt is null)
        {
            problems.Add($"false pass: the firmware never reached boot complete (boot {boot.Number} ended: {boot.EndReason ?? "still running"})");
        }

        return problems;
    }
}
