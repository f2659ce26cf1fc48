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
        text.AppendLine(Invariant($"  {"fault kind",-20} {"units",6}  {"expected",-30} {"matched",8} {"mismatched",11}"));
        foreach (var kind in Kinds(result))
        {
            text.AppendLine(Invariant($"  {kind.Name,-20} {kind.Units,6}  {kind.Expected,-30} {kind.Matched,8} {kind.Mismatched,11}"));
        }

        text.AppendLine(Invariant($"  {"all",-20} {result.Units.Count,6}  {"",-30} {result.Units.Count - result.Mismatched,8} {result.Mismatched,11}"));
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
            text.AppendLine("Line noise (a measurement, not a check): units per level, passed, failures by code");
            foreach (var figure in result.Noise)
            {
                text.AppendLine(Invariant($"  {figure.Noise,-16} {figure.Units,5} {figure.Passed,5}  {Failures(figure)}"));
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
        text.AppendLine("Codes no drawn fault reaches: STOCK_FIRMWARE, SSID_MISMATCH and VERSION_MISMATCH need a flash that");
        text.AppendLine("changes after the SHA-256 verify, or a second MAC the simulated eFuse does not have; BOOT2_FAIL and");
        text.AppendLine("VERSION_MISMATCH are reached in the end-to-end tests through a seam that corrupts the flash after the verify.");
        text.AppendLine();
        ResultsDocument.AppendCommand(text, command);
        var o = result.Options;
        text.AppendLine(Invariant($"{result.Units.Count} units ({o.UnitsPerSocket} per socket on {o.Sockets} sockets in parallel), profile `{o.Profile}`, seed {o.Seed}; modelled time {result.ModelledTimePerSocket.TotalHours:0.0} h per socket ({MeanUnitSeconds(result):0.0} s per unit); wall time {result.WallTime.TotalMinutes:0.0} min (soak and restart check) on {ProcessCpu.Machine()}."));
        text.AppendLine();
        text.AppendLine("| Fault kind | Units | Expected | Matched | Mismatched |");
        text.AppendLine("|---|---:|---|---:|---:|");
        foreach (var kind in Kinds(result))
        {
            text.AppendLine(Invariant($"| {kind.Name} | {kind.Units} | {kind.Expected} | {kind.Matched} | {kind.Mismatched} |"));
        }

        text.AppendLine(Invariant($"| **all** | **{result.Units.Count}** | | **{result.Units.Count - result.Mismatched}** | **{result.Mismatched}** |"));
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
            text.AppendLine("Line noise the station survives (a measurement, not a check): units whose line corrupts or drops");
            text.AppendLine("bytes at a fixed rate per byte, each direction, every rate on its own station. The profiles draw");
            text.AppendLine("line noise below the cliff (at most 1e-5 corrupted and 1e-7 dropped), so a drawn unit's verdict is");
            text.AppendLine("certain. What costs the most: a dropped byte in a write frame costs a whole region pass (the xz stream");
            text.AppendLine("starts over; three passes per region), a corrupted frame one checksum resend (64 per region pass). The");
            text.AppendLine("loader's checksum is an 8-bit sum: the same bit flipped up in one byte and down in another cancels, so");
            text.AppendLine("about one frame in sixteen with two errors gets through, and only the xz stream's CRC catches it, at the");
            text.AppendLine("cost of a region pass: even light noise can fail a unit now and then.");
            text.AppendLine();
            text.AppendLine("| Noise per byte | Units | PASS | Failures |");
            text.AppendLine("|---|---:|---:|---|");
            foreach (var figure in result.Noise)
            {
                text.AppendLine(Invariant($"| {figure.Noise} | {figure.Units} | {figure.Passed} | {Failures(figure)} |"));
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
                g.Count(u => u.Matched),
                g.Count(u => !u.Matched),
                [.. g.Where(u => !u.Matched).Take(ExamplesPerKind).Select(Example)]))];

    private static string Failures(NoiseFigure figure) =>
        figure.Failures.Count == 0 ? "none" : string.Join(", ", figure.Failures.OrderByDescending(f => f.Value).Select(f => Invariant($"{f.Key.ToText()} {f.Value}")));

    private static string Describe(ExpectedOutcome expected) =>
        expected.ToString() + (expected.WeakSupplyWarning ? " (warned)" : "") + (expected.Powered ? "" : " (unpowered)");

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

    private sealed record KindSummary(string Name, int Units, string Expected, int Matched, int Mismatched, IReadOnlyList<string> Examples);
}
