using Fixture.Controller.Reports;
using Fixture.Controller.Workflow;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Unit;

namespace Fixture.Lab.Soak;

/// <summary>What the station must conclude about a unit: verdict, code, and what the row and the lines must show.</summary>
/// <param name="Verdict">PASS, FAIL or REWORK.</param>
/// <param name="Code">The failure code (null for PASS).</param>
/// <param name="Rule">Why, in one line: the reference or setting that decides it.</param>
public sealed record ExpectedOutcome(UnitVerdict Verdict, FailureCode? Code, string Rule)
{
    /// <summary>POWER must have been asserted at least once (false: the unit must never be powered).</summary>
    public bool Powered { get; init; } = true;

    /// <summary>The row must count at least one retry (the pass is owed to recovery).</summary>
    public bool RetriesRequired { get; init; }

    /// <summary>The row must carry the weak-supply warning.</summary>
    public bool WeakSupplyWarning { get; init; }

    /// <summary>The row's chip id must be the unit's eFuse slot 0 (false where the bootrom never answers).</summary>
    public bool ChipIdRead { get; init; } = true;

    /// <summary>
    /// A fault whose effect depends on chance (line noise): the unit is judged by what the simulator recorded it
    /// doing. <see cref="Verdict"/> is then what the unit must reach when the fault did no harm (PASS), and a FAIL
    /// is accepted only with one of <see cref="ExplainedCodes"/> and only when the fault fired while the chip ran
    /// what that code is about. Null: the verdict is fixed in advance.
    /// </summary>
    public FaultKind? JudgedBy { get; init; }

    /// <summary>FAIL codes <see cref="JudgedBy"/> explains when it fired, each with the boots (what the chip ran) it must have fired in.</summary>
    public IReadOnlyDictionary<FailureCode, IReadOnlyList<BootTarget>> ExplainedCodes { get; init; } = new Dictionary<FailureCode, IReadOnlyList<BootTarget>>();

    /// <summary>A FAIL this expectation accepts only because its <see cref="JudgedBy"/> fault fired (the row's other fields need not be what a pass gives: no chip id, for one).</summary>
    public bool IsExplainedFailure(UnitReportRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return JudgedBy is not null && row.Verdict == UnitVerdict.Fail && row.FailureCode is { } code && code != Code && ExplainedCodes.ContainsKey(code);
    }

    /// <summary>What about <paramref name="row"/> differs from this expectation; empty when it matches.</summary>
    /// <param name="row">The row the station wrote.</param>
    /// <param name="fired">The fault events the simulated unit recorded (needed to accept a FAIL of a <see cref="JudgedBy"/> fault).</param>
    /// <param name="boots">The unit's boots (which program ran when a fault fired).</param>
    public IReadOnlyList<string> Differences(UnitReportRow row, IReadOnlyList<FaultEvent>? fired = null, IReadOnlyList<BootRecord>? boots = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        var problems = new List<string>();
        if (row.Verdict != Verdict || row.FailureCode != Code)
        {
            if (Explanation(row, fired ?? [], boots ?? []) is { } unexplained)
            {
                problems.Add(unexplained);
            }
            else
            {
                return problems;
            }
        }

        if (RetriesRequired && row.TotalRetries == 0)
        {
            problems.Add("the row counts no retries, but the pass is owed to recovery");
        }

        if (WeakSupplyWarning && !row.WeakSupplyWarning)
        {
            problems.Add("the row lacks the weak-supply warning");
        }

        return problems;
    }

    /// <summary>Null when the row's FAIL is one <see cref="JudgedBy"/> explains by when it fired; otherwise what is wrong.</summary>
    private string? Explanation(UnitReportRow row, IReadOnlyList<FaultEvent> fired, IReadOnlyList<BootRecord> boots)
    {
        var plain = $"expected {Describe(Verdict, Code)}, got {Describe(row.Verdict, row.FailureCode)}";
        if (JudgedBy is not { } kind)
        {
            return plain;
        }

        var firings = fired.Where(f => f.Kind == kind).ToList();
        if (row.Verdict != UnitVerdict.Fail || row.FailureCode is not { } code || !ExplainedCodes.TryGetValue(code, out var targets))
        {
            return $"{plain}: {kind} ({firings.Count} event(s)) explains no such outcome";
        }

        if (firings.Count == 0)
        {
            return $"{plain}: the unit was drawn with {kind} but it never fired, so it must pass as a healthy unit";
        }

        // The program the chip ran when the fault fired: the boot started last before it.
        var during = firings.Count(f => boots.LastOrDefault(b => b.StartedAt <= f.At) is { } boot && targets.Contains(boot.Target));
        return during > 0
            ? null
            : $"{plain}: {kind} fired {firings.Count} time(s), none while the chip ran its {string.Join(" or ", targets.Select(t => t == BootTarget.Bootrom ? "bootrom or loader" : "firmware"))}, which {code.ToText()} is about";
    }

    public static string Describe(UnitVerdict verdict, FailureCode? code) =>
        code is { } c ? $"{verdict.ToText()} {c.ToText()}" : verdict.ToText();

    public override string ToString() => Describe(Verdict, Code);
}

/// <summary>The station settings the expectations depend on (clean slate, power-cycle budget, restarts).</summary>
/// <param name="CleanSlate">The recipe erases PSM and the second slot's header.</param>
/// <param name="HandshakePowerCycles">Power-ons the bootrom handshake gets.</param>
/// <param name="BurstsPerCycle">0x55 bursts per power-on.</param>
/// <param name="WeakSupplyFromCycle">A handshake first answered on this power-on (or later) flags a weak supply.</param>
/// <param name="OffTimes">The off-time before power-on 2, 3, … (grows from try to try).</param>
/// <param name="UnitRestarts">Restarts from the handshake after a loader lost mid-flash.</param>
/// <param name="PlannedByteAt">The byte the flash plan writes at an address, or null where it writes nothing (a page that does not program but should hold 0xFF anyway harms nothing).</param>
public sealed record ExpectationContext(bool CleanSlate, int HandshakePowerCycles, int BurstsPerCycle, int WeakSupplyFromCycle, IReadOnlyList<TimeSpan> OffTimes, int UnitRestarts, Func<uint, byte?>? PlannedByteAt = null)
{
    /// <summary>The context of a station's workflow settings.</summary>
    internal static ExpectationContext From(WorkflowSettings settings) => new(
        settings.Recipe.CleanSlate.Enabled,
        settings.Config.HandshakePowerCycles,
        settings.Config.HandshakeBurstsPerCycle,
        settings.Config.WeakSupplyFromCycle,
        [.. Enumerable.Range(1, Math.Max(0, settings.Config.HandshakePowerCycles - 1)).Select(settings.Timings.PowerOffFor)],
        settings.Config.UnitRestarts,
        address => settings.Plan.Regions.FirstOrDefault(r => address >= r.Address && address - r.Address < (uint)r.Data.Length) is { } region
            ? region.Data.Span[(int)(address - region.Address)]
            : null);
}

/// <summary>
/// The one table of injected fault → expected verdict and code (fixture-design §5, §7; openbl602-boot.md
/// §3–§4), used by the end-to-end tests and by the soak alike. A unit carries at most one fault kind
/// (<see cref="FaultProfile"/> draws it so), so the expectation is unambiguous.
/// </summary>
public static class FaultExpectations
{
    /// <summary>The one fault kind a unit carries (null: healthy).</summary>
    /// <exception cref="ArgumentException">More than one kind: the expectation would be ambiguous.</exception>
    public static FaultKind? KindOf(UnitFaults unit, StationFaults station)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(station);
        var kinds = FaultCatalog.KindsOf(unit).ToList();
        if (station.SaggingSupply)
        {
            kinds.Add(FaultKind.SaggingSupply);
        }

        if (station.CrossedPort)
        {
            kinds.Add(FaultKind.CrossedPort);
        }

        return kinds.Count switch
        {
            0 => null,
            1 => kinds[0],
            _ => throw new ArgumentException($"a unit with {string.Join(" + ", kinds)} has no single expected outcome; inject one fault kind per unit", nameof(unit)),
        };
    }

    /// <summary>The verdict and code the station must reach for a unit with these faults.</summary>
    public static ExpectedOutcome For(UnitFaults unit, StationFaults station, ExpectationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return KindOf(unit, station) switch
        {
            null => Pass("a healthy unit"),
            FaultKind.Dead => Fail(FailureCode.NoHandshake, "nothing answers on any power cycle") with { ChipIdRead = false },
            FaultKind.WeakSupply => WeakSupply(unit, context),
            FaultKind.BrownOut => context.UnitRestarts > 0
                ? Pass("the loader lost mid-write is restarted from the handshake (workflow.unitRestarts)") with { RetriesRequired = true }
                : Fail(FailureCode.LoaderHandshake, "the loader is lost mid-write and no unit restart is allowed"),
            FaultKind.LineNoise => Pass("line noise: PASS when checksum resends, region retries and re-syncs absorbed what fired; a FAIL only with a code of the step the noise hit") with
            {
                JudgedBy = FaultKind.LineNoise,
                ExplainedCodes = LineNoiseCodes,
            },
            FaultKind.EraseError => Fail(FailureCode.Erase, "flash_erase fails (FL 0003) on every try"),
            FaultKind.ProgramError => PageStaysErasedHarmlessly(unit.ProgramErrorAt!.Value, context)
                ? Pass("the defective page stays erased, and the plan writes only 0xFF there (or nothing): no harm done")
                : Fail(FailureCode.Verify, "a defective page stays erased and SFlash_Program does not verify: nothing reports it until the SHA-256 check"),
            FaultKind.ProgramTimeout => Fail(FailureCode.Write, "a page program never finishes: FL 0006/000B after the early OK, latched for the write check, on every try"),
            FaultKind.BootClockReadErrors => Fail(FailureCode.Boot2Fail, "the flash verifies but reads wrong at boot2's clock: boot2 finds no valid partition table ('No valid PT', or silence with its log fused off)"),
            FaultKind.ReadGarble => Pass("0x32 replies garble at one address, and a flash plan never reads back with 0x32 (a backup would fail BACKUP)"),
            FaultKind.LateAck => Pass("the loader acknowledges writes after programming: slower, nothing lost"),
            FaultKind.ForeignFlash => Fail(FailureCode.FlashId, "the JEDEC id or size is not the recipe's"),
            FaultKind.SecureBootFuses => Fail(FailureCode.ChipLocked, "sign/encrypt eFuses set: the bootrom refuses an unsigned helper"),
            FaultKind.Boot2LogDisabled => Pass("the eFuse silences boot2 only; boot2 starts the verified firmware, which logs as usual"),
            FaultKind.WriteProtected => Fail(FailureCode.Verify, "writes are acknowledged but change nothing: the SHA-256 verify catches it"),
            FaultKind.EarlyAck => Pass("an early OK proves nothing; the write check and SHA-256 prove the write"),
            FaultKind.EarlyAckDeaf => Pass("frames sent while the loader programs are lost; the flasher re-syncs and resends") with { RetriesRequired = true },
            FaultKind.LiveRail => Fail(FailureCode.LiveRail, "the rail is live before POWER closes: refused, never powered") with { Powered = false, ChipIdRead = false },
            FaultKind.Short => Fail(FailureCode.Short, "short-circuit current at power-on: cut at once") with { ChipIdRead = false },
            FaultKind.FirmwareCrash => Fail(FailureCode.BootLoop, "the firmware restarts before boot complete"),
            FaultKind.AlreadyInSafeMode => context.CleanSlate
                ? Pass("clean slate erases PSM, so the boot counters go with it")
                : Fail(FailureCode.SafeMode, "clean slate off: PSM keeps the failed-boot count and the next boot is a safe-mode boot"),
            FaultKind.AlreadyFlashed => Pass("every region is hash-skipped; the verify still runs"),
            FaultKind.UsedUnit => UsedUnit(unit.UsedUnit!, context),
            FaultKind.SaggingSupply => Fail(FailureCode.FixtureFault, "the station's supply sags at normal current: the station's fault") with { ChipIdRead = false },
            FaultKind.CrossedPort => Fail(FailureCode.FixtureFault, "the port answers while the socket's unit is unpowered: the probe refuses it before power") with { Powered = false, ChipIdRead = false },
            { } kind => throw new ArgumentOutOfRangeException(nameof(unit), kind, "no expectation for this fault kind"),
        };
    }

    /// <summary>
    /// The FAIL codes line noise explains: a garbled or lost exchange with the bootrom or loader (the handshake, the
    /// helper, the JEDEC id reply, an erase, write or verify step that ran out of tries), or a garbled boot log (a
    /// marker, the SSID or the version line read wrong). Never a code about what the unit is (locked, short, stock
    /// firmware, boot loop): noise cannot make those.
    /// </summary>
    public static IReadOnlyDictionary<FailureCode, IReadOnlyList<BootTarget>> LineNoiseCodes { get; } = new Dictionary<FailureCode, IReadOnlyList<BootTarget>>
    {
        [FailureCode.NoHandshake] = [BootTarget.Bootrom],
        [FailureCode.HelperLoad] = [BootTarget.Bootrom],
        [FailureCode.LoaderHandshake] = [BootTarget.Bootrom],
        [FailureCode.FlashId] = [BootTarget.Bootrom],
        [FailureCode.Erase] = [BootTarget.Bootrom],
        [FailureCode.Write] = [BootTarget.Bootrom],
        [FailureCode.Verify] = [BootTarget.Bootrom],
        [FailureCode.MarkerMissing] = [BootTarget.Flash],
        [FailureCode.VersionMismatch] = [BootTarget.Flash],

        // The SSID is checked against the MAC the station predicted from the eFuse it read through the bootrom and
        // loader: noise there (found by the soak: a corrupted eFuse read, an MBF-mode prediction) mismatches as well
        // as noise on the firmware's own Wi-Fi line.
        [FailureCode.SsidMismatch] = [BootTarget.Bootrom, BootTarget.Flash],
    };

    // The simulated defect is a word line: its whole 256-byte page does not program.
    private static bool PageStaysErasedHarmlessly(uint address, ExpectationContext context)
    {
        if (context.PlannedByteAt is null)
        {
            return false;
        }

        var page = address / 256 * 256;
        for (var a = page; a < page + 256; a++)
        {
            if (context.PlannedByteAt?.Invoke(a) is { } b && b != 0xFF)
            {
                return false;
            }
        }

        return true;
    }

    private static ExpectedOutcome WeakSupply(UnitFaults unit, ExpectationContext context)
    {
        // The cycle whose handshake answers: by count of failed bursts, or the first off-time long enough.
        int? answeringCycle;
        if (unit.WeakSupplyMinimumOffTime is { } minimum)
        {
            var index = context.OffTimes.ToList().FindIndex(off => off >= minimum);
            answeringCycle = index < 0 ? null : index + 2;
        }
        else
        {
            var cycle = (unit.WeakSupplyFailedHandshakes / context.BurstsPerCycle) + 1;
            answeringCycle = cycle <= context.HandshakePowerCycles ? cycle : null;
        }

        return answeringCycle switch
        {
            null => Fail(FailureCode.NoHandshake, "no power cycle within the budget lets the weak unit answer") with { ChipIdRead = false },
            { } cycle when cycle >= context.WeakSupplyFromCycle => Pass($"answers on power cycle {cycle}: passes only thanks to power-cycle retries, flagged") with { WeakSupplyWarning = true, RetriesRequired = true },
            _ => Pass("answers within its first power-on: a repeated burst is not a power cycle"),
        };
    }

    // openbl602-boot.md §1, §3, §4; fixture-design §4 "Used units carry state", §5 LEFTOVER_CONFIG.
    private static ExpectedOutcome UsedUnit(UsedUnitState used, ExpectationContext context)
    {
        if (context.CleanSlate)
        {
            return Pass("clean slate erases the old OpenBeken config, boot counters and the second slot's header");
        }

        if (used.BootFailures > 3)
        {
            return Fail(FailureCode.SafeMode, "clean slate off: the kept boot counters make this boot a safe-mode boot");
        }

        if (used.StationSsid is not null)
        {
            return Fail(FailureCode.LeftoverConfig, "clean slate off: the stored Wi-Fi network means STA mode and no AP");
        }

        if (used.Gpio16AsButton)
        {
            return Fail(FailureCode.LeftoverConfig, "clean slate off: the stored Btn role on GPIO16 (UART0 TX) silences the log at pin setup");
        }

        if (used.StoredMac is not null)
        {
            return Fail(FailureCode.LeftoverConfig, "clean slate off: the stored config's MAC names the AP, not the eFuse MAC");
        }

        return Pass("clean slate off, but the kept config carries this unit's own name and no network: the AP is right (the row notes the loaded config)");
    }

    private static ExpectedOutcome Pass(string rule) => new(UnitVerdict.Pass, null, rule);

    private static ExpectedOutcome Fail(FailureCode code, string rule) => new(UnitVerdict.Fail, code, rule);
}
