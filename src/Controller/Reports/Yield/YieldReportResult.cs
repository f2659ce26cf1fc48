namespace Fixture.Controller.Reports.Yield;

/// <summary>The yield report: one line per group, the total, identity flags, and what was read.</summary>
public sealed record YieldReportResult(
    YieldQuery Query,
    IReadOnlyList<YieldGroup> Groups,
    YieldGroup Total,
    IReadOnlyList<IdentityFlag> Flags,
    long FlagCount,
    YieldInput Input);

/// <summary>
/// Yield figures of one group. Attempts (and the Pareto) count every production row of the group;
/// a unit is counted once, in the group of its first attempt (its cohort), and its final verdict
/// follows it to its last attempt, wherever that happened. FIXTURE_FAULT rows are only in
/// <see cref="FixtureFaults"/>.
/// </summary>
/// <param name="Key">The group's value, e.g. <c>ST01</c>, <c>ST01/s2</c>, <c>2025-03-14</c>; <c>All</c> for the total.</param>
/// <param name="Attempts">Production rows that count toward yield (FIXTURE_FAULT and verification rows excluded).</param>
/// <param name="Units">Distinct units whose first attempt is in this group.</param>
/// <param name="FirstPassUnits">Of those, units whose first attempt passed.</param>
/// <param name="FinalPassUnits">Of those, units whose last attempt passed.</param>
/// <param name="ReworkUnits">Of those, units whose last attempt was REWORK (set aside).</param>
/// <param name="FirstPassYield">FirstPassUnits / Units, null without units.</param>
/// <param name="FinalYield">FinalPassUnits / Units, null without units.</param>
/// <param name="FixtureFaults">FIXTURE_FAULT rows: the station's failures, not the units'.</param>
/// <param name="Pareto">Failure codes of the group's FAIL attempts, most frequent first (FIXTURE_FAULT never in it).</param>
public sealed record YieldGroup(
    string Key,
    long Attempts,
    long PassAttempts,
    long FailAttempts,
    long ReworkAttempts,
    long Units,
    long FirstPassUnits,
    long FinalPassUnits,
    long ReworkUnits,
    double? FirstPassYield,
    double? FinalYield,
    long FixtureFaults,
    IReadOnlyList<ParetoEntry> Pareto);

/// <summary>One failure code's weight among the group's failed attempts.</summary>
public sealed record ParetoEntry(string Code, long Count, double Share, double CumulativeShare);

/// <summary>A lot in which two units showed the same MAC, chip id or SSID.</summary>
/// <param name="Kind"><c>MAC</c>, <c>chip id</c> or <c>SSID</c>.</param>
/// <param name="Value">The MAC, chip id or SSID shown twice.</param>
/// <param name="Detail">Which units, and where the second was seen.</param>
public sealed record IdentityFlag(string Lot, string Kind, string Value, string Detail);

/// <summary>A row the report could not use, with the reason.</summary>
public sealed record SkippedRow(string File, long Line, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Reason}";
}

/// <summary>What was read and what was left out, so nobody mistakes a partial read for the whole truth.</summary>
/// <param name="UnidentifiedAttempts">Attempts with neither chip id, MAC nor unit id: each counts as a unit of its own.</param>
/// <param name="SkippedRows">The first skipped rows (at most 100); <paramref name="SkippedRowCount"/> has them all.</param>
public sealed record YieldInput(
    int FilesRead,
    int FilesOutsideDates,
    long RowsRead,
    long VerificationRowsExcluded,
    long RowsOutsideDates,
    long UnidentifiedAttempts,
    long SkippedRowCount,
    IReadOnlyList<SkippedRow> SkippedRows)
{
    /// <summary>SELFTEST rows (the station's check of a socket, issue 12): not units, left out like verification rows.</summary>
    public long SelftestRowsExcluded { get; init; }
}
