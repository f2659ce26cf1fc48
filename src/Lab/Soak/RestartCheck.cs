using Fixture.Controller.Reports.Csv;

namespace Fixture.Lab.Soak;

/// <summary>The kill-and-restart check of the report: what was torn, what the restart did, and what is wrong.</summary>
/// <param name="Problems">Empty when the torn line was moved aside, no row was lost and the next rows came out whole.</param>
/// <param name="Detail">One line for the summary: what was done and seen.</param>
public sealed record RestartCheck(IReadOnlyList<string> Problems, string Detail)
{
    public bool IsSound => Problems.Count == 0;

    /// <summary>
    /// Tears the newest report file's end as a power loss in the middle of appending a row leaves it (the
    /// first part of a row, no line end), restarts the station on the same folder with <paramref name="restart"/>
    /// and checks: the start-up repair moved exactly the torn bytes aside (to the sidecar, not deleted), every
    /// row from before is still there unchanged, the new units' rows are whole, right and numbered after them.
    /// </summary>
    internal static RestartCheck Run(string reportDirectory, string station, ReportAudit before, int unitsBefore, Func<SoakMonitor> restart)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(restart);
        var problems = new List<string>();
        if (before.Files.Count == 0 || before.Rows.Count == 0)
        {
            return new RestartCheck(["there is no report row to tear"], "not run");
        }

        var file = before.Files[^1];
        var torn = TearLastLine(file);
        var monitor = restart();
        var after = ReportFileAudit.Check(reportDirectory, station);

        var repairs = monitor.Repairs;
        if (repairs.Count != 1 || !repairs[0].Contains($"{torn.Length} bytes", StringComparison.Ordinal))
        {
            problems.Add($"the restart should have moved the {torn.Length} torn bytes aside once; it reported: {(repairs.Count == 0 ? "nothing" : string.Join(" | ", repairs))}");
        }

        var sidecar = ReportLayout.TornSidecar(file);
        if (!File.Exists(sidecar) || File.ReadAllBytes(sidecar).AsSpan().IndexOf(torn) < 0)
        {
            problems.Add($"the torn bytes are not in {sidecar}: they must be set aside, never dropped");
        }

        problems.AddRange(after.Problems.Select(p => "after the restart: " + p));
        var byAttempt = after.Rows.ToDictionary(r => r.AttemptNumber, r => r, EqualityComparer<long>.Default);
        var lost = before.Rows.Where(r => !byAttempt.TryGetValue(r.AttemptNumber, out var kept) || kept != r).ToList();
        if (lost.Count > 0)
        {
            problems.Add($"{lost.Count} row(s) from before the restart are gone or changed (attempts {string.Join(", ", lost.Take(5).Select(r => r.AttemptNumber))})");
        }

        var newUnits = monitor.Units;
        var newRows = after.Rows.Count - before.Rows.Count;
        if (newRows != newUnits.Count)
        {
            problems.Add($"{newUnits.Count} unit(s) ran after the restart, but the report gained {newRows} row(s)");
        }

        var highestBefore = before.Rows.Max(r => r.AttemptNumber);
        foreach (var unit in newUnits)
        {
            if (!unit.Matched)
            {
                problems.Add($"after the restart, socket {unit.Socket} unit {unit.GlobalIndex}: {(unit.Row is null ? "no row" : string.Join("; ", unit.Problems))}");
            }
            else if (unit.Row!.AttemptNumber <= highestBefore)
            {
                problems.Add($"after the restart, attempt number {unit.Row.AttemptNumber} is not above the {highestBefore} used before it");
            }
        }

        problems.AddRange(monitor.StationProblems.Select(p => "after the restart: " + p));
        var detail = $"tore the last row of {Path.GetFileName(file)} after {torn.Length} bytes (no line end); the restart moved {(repairs.Count == 1 ? "them" : "?")} aside to {Path.GetFileName(sidecar)}; "
            + $"{before.Rows.Count} rows before (of {unitsBefore} units), {after.Rows.Count} after {newUnits.Count} more unit(s), none lost or merged";
        return new RestartCheck(problems, problems.Count == 0 ? detail : $"FAILED: {detail.Replace(", none lost or merged", "", StringComparison.Ordinal)}");
    }

    /// <summary>Appends the first part of the file's last row again, without its line end: a row cut by a power loss.</summary>
    private static byte[] TearLastLine(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var end = bytes.Length - 1;
        var start = Array.LastIndexOf(bytes, (byte)'\n', end - 1) + 1;
        var torn = bytes[start..(start + ((end - start) * 3 / 5))];
        using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(torn);
        stream.Flush(flushToDisk: true);
        return torn;
    }
}
