using System.Globalization;
using System.Text;
using Fixture.Lab.Benchmarks;
using Fixture.Controller.Reports;

namespace Fixture.Lab.Soak;

/// <summary>A soak's summary: per fault kind the units, the expected outcome, matched and mismatched (with examples).</summary>
public static class SoakReport
{
    public const string Section = "Soak";

    private const int ExamplesPerKind = 3;

    /// <summary>The plain-text summary the command prints.</summary>
    public static string RenderText(SoakResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        var o = result.Options;
        text.AppendLine(Invariant($"Soak: {result.Units.Count} units ({o.UnitsPerSocket} per socket x {o.Sockets} sockets), profile {o.Profile}, seed {o.Seed}; reports in {result.ReportDirectory}"));
        text.AppendLine();
        text.AppendLine(Invariant($"  {"fault kind",-20} {"units",6}  {"expected",-30} {"fired",-22} {"matched",8} {"mismatched",11}"));
        foreach (var kind in Kinds(result))
        {
            text.AppendLine(Invariant($"  {kind.Name,-20} {kind.Units,6}  {kind.Expected,-30} {kind.Fired,-22} {kind.Matched,8} {kind.Mismatched,11}"));
        }

        text.AppendLine(Invariant($"  {"all",-20} {result.Units.Count,6}  {"",-30} {"",-22} {result.Units.Count - result.Mismatched,8} {result.Mismatched,11}"));
        foreach (var kind in Kinds(result).Where(k => k.Examples.Count > 0))
        {
            text.AppendLine();
            text.AppendLine($"  {kind.Name} mismatches (first {kind.Examples.Count}):");
            foreach (var example in kind.Examples)
            {
                text.AppendLine("    " + example);
            }
        }

        text.AppendLine();
        foreach (var line in Checks(result))
        {
            text.AppendLine(line);
        }

        if (result.Noise.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Line noise sweep: units per level, first-pass yield, units the noise hit, failures by code, mismatches");
            foreach (var figure in result.Noise)
            {
                text.AppendLine(Invariant($"  {figure.Noise,-16} {figure.Units.Count,5} {figure.FirstPassYield,7:P1} {figure.Fired,5} hit  {Failures(figure)}  {figure.Mismatched} mismatched"));
            }

            foreach (var line in Thresholds(result))
            {
                text.AppendLine("  " + line);
            }

            text.AppendLine();
        }

        text.AppendLine(result.Passed ? "Result: every unit ended as expected, no line left energised, no report row lost or corrupted." : "Result: FAILED (see above).");
        return text.ToString();
    }

    /// <summary>The docs/results.md section: the command, the machine, the table and the checks.</summary>
    public static string RenderMarkdown(SoakResult result, string command)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine("Target (fixture-design §8, Reliability): a soak of thousands of simulated units with random faults");
        text.AppendLine("from §7 ends every unit with the right verdict and code, no unit left powered, no report row lost or");
        text.AppendLine("corrupted. Each unit's expected verdict and code come from `FaultExpectations` (src/Lab/Soak),");
        text.AppendLine("the table the end-to-end tests use; after each row the socket's POWER, BOOT and CHIP_EN are read");
        text.AppendLine("on the simulated GPIO chip; at the end the report is parsed back line by line; then its last line is");
        text.AppendLine("torn as a power loss mid-write leaves it and the station is restarted on it.");
        text.AppendLine();
        text.AppendLine("A unit drawn with line noise (1e-6 to 2e-4 corrupted bytes per byte, log-uniform; on half of them also");
        text.AppendLine("1e-7 to 1e-5 dropped) is judged by what happened: the simulated link records every byte it corrupts or");
        text.AppendLine("drops as a fault event on the unit; the unit must PASS when retries absorbed it, and may FAIL only with a");
        text.AppendLine("code of the exchange the noise hit (`FaultExpectations.LineNoiseCodes`: a bootrom/loader code when it hit");
        text.AppendLine("while the bootrom or loader ran, a boot-log code when it hit the firmware's log). A unit whose noise never");
        text.AppendLine("hit a byte must pass as a healthy unit and does not count as a pass of the fault (\"Fired\" below). Every");
        text.AppendLine("PASS is checked from the simulator's side (`PassCheck`): when the unit last booted from flash, every plan");
        text.AppendLine("region held exactly the plan's bytes (erase-only regions 0xFF), boot2 started OpenBL602, and the firmware");
        text.AppendLine("reached boot complete. \"Fired\" counts units whose record shows the fault acting; \"standing\" kinds");
        text.AppendLine("(a fused chip, a foreign flash part, a dead unit) act by being there and record no events.");
        text.AppendLine();
        text.AppendLine("Codes no drawn fault reaches by what the unit is: STOCK_FIRMWARE (a flash that changes after the SHA-256");
        text.AppendLine("verify), and SSID_MISMATCH / VERSION_MISMATCH other than through line noise (a garbled eFuse read or boot");
        text.AppendLine("log); BOOT2_FAIL and VERSION_MISMATCH are reached in the end-to-end tests through a seam that corrupts");
        text.AppendLine("the flash after the verify.");
        text.AppendLine();
        ResultsDocument.AppendCommand(text, command);
        var o = result.Options;
        text.AppendLine(Invariant($"{result.Units.Count} units ({o.UnitsPerSocket} per socket on {o.Sockets} sockets in parallel), profile `{o.Profile}`, seed {o.Seed}; modelled time {result.ModelledTimePerSocket.TotalHours:0.0} h per socket ({MeanUnitSeconds(result):0.0} s per unit); wall time {result.WallTime.TotalMinutes:0.0} min (soak and restart check) on {ProcessCpu.Machine()}."));
        text.AppendLine();
        text.AppendLine("| Fault kind | Units | Expected | Fired | Matched | Mismatched |");
        text.AppendLine("|---|---:|---|---|---:|---:|");
        foreach (var kind in Kinds(result))
        {
            text.AppendLine(Invariant($"| {kind.Name} | {kind.Units} | {kind.Expected} | {kind.Fired} | {kind.Matched} | {kind.Mismatched} |"));
        }

        text.AppendLine(Invariant($"| **all** | **{result.Units.Count}** | | | **{result.Units.Count - result.Mismatched}** | **{result.Mismatched}** |"));
        text.AppendLine();
        foreach (var line in Checks(result))
        {
            text.AppendLine("- " + line);
        }

        foreach (var kind in Kinds(result).Where(k => k.Examples.Count > 0))
        {
            text.AppendLine(Invariant($"- {kind.Name} mismatches: {string.Join("; ", kind.Examples)}"));
        }

        if (result.Noise.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("### Line noise sweep");
            text.AppendLine();
            text.AppendLine(Invariant($"Units whose line corrupts (or drops) bytes at one fixed rate per byte, each direction, {result.Noise[0].Units.Count} units per rate on"));
            text.AppendLine("a station of its own, every unit judged and every PASS checked as in the soak above. First-pass yield is");
            text.AppendLine("PASS / units (every unit is a first attempt). What costs the most: a dropped byte in a write frame costs a");
            text.AppendLine("whole region pass (the xz stream starts over; three passes per region), a corrupted frame one checksum");
            text.AppendLine("resend. The loader's checksum is an 8-bit sum: the same bit flipped up in one byte and down in another");
            text.AppendLine("cancels, so a frame with two errors can get through, and only the xz stream's CRC catches it, at the cost");
            text.AppendLine("of a region pass.");
            text.AppendLine();
            text.AppendLine("| Noise per byte | Units | Noise hit | PASS | First-pass yield | Failures | Mismatched |");
            text.AppendLine("|---|---:|---:|---:|---:|---|---:|");
            foreach (var figure in result.Noise)
            {
                text.AppendLine(Invariant($"| {figure.Noise} | {figure.Units.Count} | {figure.Fired} | {figure.Passed} | {figure.FirstPassYield:P1} | {Failures(figure)} | {figure.Mismatched} |"));
            }

            text.AppendLine();
            foreach (var line in Thresholds(result))
            {
                text.AppendLine("- " + line);
            }

            foreach (var figure in result.Noise.Where(f => f.Mismatched > 0))
            {
                text.AppendLine(Invariant($"- {figure.Noise} mismatches: {string.Join("; ", figure.Units.Where(u => !u.Matched).Take(ExamplesPerKind).Select(Example))}"));
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Checks(SoakResult result)
    {
        var audit = result.Audit;
        yield return audit.IsSound
            ? Invariant($"Report: {audit.Files.Count} file(s), {audit.Rows.Count} rows for {result.Units.Count} units; header once, every line a whole row, every row parses back, attempt numbers unique.")
            : $"Report: NOT sound: {string.Join("; ", audit.Problems.Take(5))}";
        yield return result.RowProblems.Count == 0
            ? "Rows: every unit has exactly one row in the report, the one its operator saw (socket, MAC, verdict, code, step)."
            : $"Rows: {string.Join("; ", result.RowProblems.Take(5))}";
        var rows = result.Units.Where(u => u.Row is not null).ToList();
        yield return rows.Count == result.Units.Count
            ? "Lines: after every unit's row, POWER, BOOT and CHIP_EN of its socket were de-energised (POWER never asserted for the units that must not be powered)."
            : Invariant($"Lines: {result.Units.Count - rows.Count} unit(s) have no row to check after.");
        var passes = result.Units.Count(u => u.Row?.Verdict == UnitVerdict.Pass);
        var confirmed = result.Units.Count(u => u.PassConfirmed);
        yield return passes == confirmed
            ? Invariant($"No false pass: all {passes} PASS rows confirmed on the simulator's side (the flash held the plan's bytes when the unit booted from it, OpenBL602 started and reached boot complete).")
            : Invariant($"FALSE PASS: {passes - confirmed} of {passes} PASS rows are not confirmed on the simulator's side (see the mismatches).");
        var noisy = result.Units.Where(u => u.Kind == Fixture.Simulator.Faults.FaultKind.LineNoise).ToList();
        if (noisy.Count > 0)
        {
            var hit = noisy.Where(u => u.LineNoiseHits > 0).ToList();
            yield return Invariant($"Line noise: fired in {hit.Count} of {noisy.Count} units ({hit.Sum(u => u.LineNoiseHits)} bytes corrupted or dropped); of those {hit.Count(u => u.Row?.Verdict == UnitVerdict.Pass)} passed, {string.Join(", ", hit.Where(u => u.Row?.FailureCode is not null).GroupBy(u => u.Row!.FailureCode!.Value).OrderByDescending(g => g.Count()).Select(g => Invariant($"{g.Count()} failed {g.Key.ToText()}")).DefaultIfEmpty("none failed"))}; the {noisy.Count - hit.Count} it never hit count as healthy units, not as passes of the fault.");
        }

        yield return result.StationProblems.Count == 0 ? "Station: every socket ran to the end; one outcome per unit put in." : $"Station: {string.Join("; ", result.StationProblems.Take(5))}";
        yield return $"Restart: {result.Restart.Detail}{(result.Restart.IsSound ? "." : ": " + string.Join("; ", result.Restart.Problems.Take(5)))}";
    }

    private static List<KindSummary> Kinds(SoakResult result) =>
        [.. result.Units
            .GroupBy(u => u.Kind)
            .OrderBy(g => g.Key is null ? -1 : (int)g.Key.Value)
            .Select(g => new KindSummary(
                g.Key?.ToString() ?? "(healthy)",
                g.Count(),
                string.Join(" / ", g.Select(u => Describe(u.Expected)).Distinct().Order(StringComparer.Ordinal)),
                Fired(g.Key, [.. g]),
                g.Count(u => u.Matched),
                g.Count(u => !u.Matched),
                [.. g.Where(u => !u.Matched).Take(ExamplesPerKind).Select(Example)]))];

    private static IEnumerable<string> Thresholds(SoakResult result)
    {
        foreach (var sweep in new[] { "corrupted", "dropped" })
        {
            var (kept, below) = NoiseTolerance.Threshold(result.Noise, sweep);
            if (kept is null && below is null)
            {
                continue;
            }

            yield return below is null
                ? Invariant($"{sweep}: first-pass yield stayed at or above {NoiseTolerance.YieldFloor:P0} up to the highest rate swept, {kept!.Noise} ({kept.FirstPassYield:P1}).")
                : kept is null
                    ? Invariant($"{sweep}: first-pass yield is below {NoiseTolerance.YieldFloor:P0} already at the lowest rate swept, {below.Noise} ({below.FirstPassYield:P1}).")
                    : Invariant($"{sweep}: first-pass yield drops below {NoiseTolerance.YieldFloor:P0} between {kept.Noise} ({kept.FirstPassYield:P1}) and {below.Noise} ({below.FirstPassYield:P1}).");
        }
    }

    private static string Failures(NoiseFigure figure) =>
        figure.Failures.Count == 0 ? "none" : string.Join(", ", figure.Failures.OrderByDescending(f => f.Value).Select(f => Invariant($"{f.Key.ToText()} {f.Value}")));

    private static string Describe(ExpectedOutcome expected) =>
        expected.ToString() + (expected.JudgedBy is null ? "" : " or a FAIL the noise explains") + (expected.WeakSupplyWarning ? " (warned)" : "") + (expected.Powered ? "" : " (unpowered)");

    private static string Example(SoakUnit unit) =>
        unit.Row is { } row
            ? Invariant($"attempt {row.AttemptNumber}, socket {unit.Socket}, soak unit {unit.GlobalIndex} ({Fixture.Protocol.Identity.MacAddress.FromBytes(unit.Mac).ToString()}, seed {unit.GlobalIndex + 1}): {string.Join("; ", unit.Problems)} ({Shorten(row.Detail)})")
            : Invariant($"socket {unit.Socket}, unit {Fixture.Protocol.Identity.MacAddress.FromBytes(unit.Mac).ToString()}: no row");

    private static string Shorten(string? detail) =>
        detail is null ? "no detail" : detail.Length <= 160 ? detail : detail[..160] + "…";

    private static double MeanUnitSeconds(SoakResult result)
    {
        var times = result.Units.Where(u => u.Row?.TotalTime is not null).Select(u => u.Row!.TotalTime!.Value.TotalSeconds).ToList();
        return times.Count == 0 ? 0 : times.Average();
    }


    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Kinds the simulator records as fault events when they act; the others are standing conditions.</summary>
    private static readonly HashSet<Fixture.Simulator.Faults.FaultKind> Recorded =
    [
        Fixture.Simulator.Faults.FaultKind.WeakSupply, Fixture.Simulator.Faults.FaultKind.BrownOut, Fixture.Simulator.Faults.FaultKind.LineNoise,
        Fixture.Simulator.Faults.FaultKind.EraseError, Fixture.Simulator.Faults.FaultKind.ProgramError, Fixture.Simulator.Faults.FaultKind.ProgramTimeout,
        Fixture.Simulator.Faults.FaultKind.Short, Fixture.Simulator.Faults.FaultKind.UsedUnit, Fixture.Simulator.Faults.FaultKind.AlreadyInSafeMode,
        Fixture.Simulator.Faults.FaultKind.AlreadyFlashed,
    ];

    /// <summary>"fired in N of M units" for a kind the simulator records, "standing" for the others.</summary>
    internal static string Fired(Fixture.Simulator.Faults.FaultKind? kind, IReadOnlyList<SoakUnit> units) =>
        kind is not { } k ? ""
        : Recorded.Contains(k) ? Invariant($"fired in {units.Count(u => u.Fired.Contains(k))} of {units.Count} units")
        : "standing (no events)";

    private sealed record KindSummary(string Name, int Units, string Expected, string Fired, int Matched, int Mismatched, IReadOnlyList<string> Examples);
}
