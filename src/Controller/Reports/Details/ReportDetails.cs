using System.Globalization;
using Fixture.Controller.Reports.Health;
using Fixture.Controller.Reports.Yield;
using C = Fixture.Controller.Reports.Csv.UnitReportColumns;

namespace Fixture.Controller.Reports.Details;

/// <summary>Which rows the details cover, beyond the yield query's dates.</summary>
/// <param name="Lot">Only this lot's rows (sign-off); null for every row.</param>
public sealed record DetailScope(string? Lot = null)
{
    public StationHealthOptions Health { get; init; } = new();
}

/// <summary>Units whose first attempt fell on one UTC day: the daily first-pass and final yield (as <c>--by day</c> counts them).</summary>
public sealed record DailyYield(DateOnly Day, long Units, long FirstPassUnits, long FinalPassUnits)
{
    public double? FirstPassYield => Units == 0 ? null : (double)FirstPassUnits / Units;

    public double? FinalYield => Units == 0 ? null : (double)FinalPassUnits / Units;
}

/// <summary>A unit none of whose counted attempts passed.</summary>
/// <param name="Mac">Its MAC, or empty when its rows carry none (known by unit id, or by nothing).</param>
/// <param name="Group">The group of its first attempt.</param>
/// <param name="LastVerdict">FAIL or REWORK.</param>
/// <param name="LastCode">The failure code of its last attempt.</param>
public sealed record NeverPassedUnit(string Mac, string Group, int Attempts, UnitVerdict LastVerdict, string LastCode, DateTimeOffset LastAttempt, RowLocation LastRow);

/// <summary>A unit whose first attempt failed (for a missed first-pass-yield criterion).</summary>
public sealed record FirstFailure(string Mac, string Group, string Code, RowLocation Row);

/// <summary>A PASS flagged <c>weak_supply_warning</c>: a pass to keep an eye on.</summary>
public sealed record WeakSupplyPass(RowLocation Row, string Socket, string Mac, string UnitId, int HandshakeAttempts, string PowerOffMs, string BootromCurrentMa);

/// <summary>One value of a recipe, firmware or configuration hash among the production rows.</summary>
/// <param name="Name">The firmware file name (firmware only).</param>
public sealed record HashUse(string Sha256, string Name, long Rows, RowLocation First);

/// <summary>A verification-unit row (golden or known-bad).</summary>
public sealed record VerificationRow(string Station, DateTimeOffset At, VerificationUnitKind Kind, UnitVerdict Verdict, FailureCode? Code, RowLocation Row)
{
    /// <summary>GOLDEN passed, or KNOWN_BAD failed with a unit code (a FIXTURE_FAULT proves nothing about the unit).</summary>
    public bool AsExpected => Kind == VerificationUnitKind.Golden
        ? Verdict == UnitVerdict.Pass
        : Verdict == UnitVerdict.Fail && Code is { } code && code != FailureCode.FixtureFault;
}

/// <summary>A station's production rows in scope: the first and last, for the verification-unit check.</summary>
public sealed record StationSpan(string Station, DateTimeOffset First, RowLocation FirstRow, DateTimeOffset Last, RowLocation LastRow, long Rows);

/// <summary>Everything the HTML report, the CSV summary and the sign-off read beyond the yield figures.</summary>
public sealed record ReportDetailsResult(
    DetailScope Scope,
    StationHealthResult Health,
    IReadOnlyList<DailyYield> Daily,
    IReadOnlyList<PhaseTimes> CycleTimes,
    Listing<NeverPassedUnit> NeverPassed,
    Listing<FirstFailure> FirstFailures,
    Listing<WeakSupplyPass> WeakSupplyPasses,
    Listing<IdentityProblem> IdentityProblems,
    Listing<AttemptGap> Gaps,
    Listing<RepeatedAttempt> RepeatedAttempts,
    IReadOnlyList<TornLine> TornLines,
    IReadOnlyList<HashUse> Recipes,
    IReadOnlyList<HashUse> Firmware,
    IReadOnlyList<HashUse> Configs,
    IReadOnlyList<StationSpan> Stations,
    IReadOnlyList<VerificationRow> VerificationRows,
    long RowsInScope);

/// <summary>
/// Reads, in the yield report's one pass, what the HTML report and the lot sign-off need beyond
/// yield. Scope: rows inside the query's dates (and the lot, when one is given); verification rows
/// go only to the verification check, FIXTURE_FAULT rows to health and the identity and hash checks
/// but not to cycle times. Attempt numbers are read from every row, so a gap next to the scope is found.
/// </summary>
internal sealed class ReportDetailsCollector : IYieldObserver
{
    private readonly YieldQuery query;
    private readonly DetailScope scope;
    private readonly ColumnList columns = new();
    private readonly Dictionary<int, string> files = [];
    private readonly StationHealthCollector health;
    private readonly CycleTimes cycleTimes;
    private readonly IdentityChecks identity;
    private readonly AttemptSequence attempts;
    private readonly int recipeColumn;
    private readonly int configColumn;
    private readonly int weakColumn;
    private readonly int handshakeColumn;
    private readonly int powerOffColumn;
    private readonly int currentColumn;
    private readonly HashCounts recipes = new();
    private readonly HashCounts firmware = new();
    private readonly HashCounts configs = new();
    private readonly Dictionary<string, SpanBuilder> spans = new(StringComparer.Ordinal);
    private readonly List<(string Station, DateTimeOffset At, VerificationUnitKind Kind, UnitVerdict Verdict, FailureCode? Code, RowRef Row)> verification = [];
    private readonly Dictionary<int, long[]> daily = [];
    private readonly List<(YieldUnit Unit, string Mac)> neverPassed = [];
    private readonly CappedList<FirstFailure> firstFailures = new();
    private readonly CappedList<WeakSupplyPass> weak = new();
    private readonly CappedList<IdentityProblem> identityProblems = new();
    private readonly CappedList<RepeatedAttempt> repeats = new();
    private readonly List<TornLine> tornLines = [];
    private readonly Func<RowRef, RowLocation> locate;
    private long neverPassedCount;
    private long rowsInScope;

    public ReportDetailsCollector(YieldQuery query, DetailScope scope)
    {
        this.query = query;
        this.scope = scope;
        locate = Locate;
        health = new StationHealthCollector(scope.Health, columns);
        cycleTimes = new CycleTimes(columns);
        identity = new IdentityChecks(columns.Add(C.ChipId));
        attempts = new AttemptSequence(columns.Add(C.Attempt));
        recipeColumn = columns.Add(C.RecipeSha256);
        configColumn = columns.Add(C.StationConfigSha256);
        weakColumn = columns.Add(C.WeakSupplyWarning);
        handshakeColumn = columns.Add(C.HandshakeAttempts);
        powerOffColumn = columns.Add(C.PowerOffMs);
        currentColumn = columns.Add(C.BootromCurrentMilliamperes);
    }

    public IReadOnlyList<string> Columns => columns.Names;

    public void OnFile(int fileIndex, string path)
    {
        files[fileIndex] = Path.GetFileName(path);
        tornLines.AddRange(TornLineReader.Read(path));
    }

    public void OnRow(int fileIndex, in YieldRow row)
    {
        var where = new RowRef(fileIndex, row.Line);
        var inDates = query.Includes(row.Day);
        var inLot = scope.Lot is null || string.Equals(row.Lot, scope.Lot, StringComparison.Ordinal);
        attempts.Add(row, where, inDates && inLot, locate, repeats);
        if (!inDates)
        {
            return;
        }

        if (row.Verification == VerificationUnitKind.Selftest)
        {
            // The station's selftest of a socket: not a unit, not a verification unit (issue 12).
            return;
        }

        if (row.Verification != VerificationUnitKind.None)
        {
            // Verification units are the station's, whatever lot was entered when they ran.
            verification.Add((row.Station, row.Timestamp, row.Verification, row.Verdict, row.Code, where));
            return;
        }

        if (!inLot)
        {
            return;
        }

        rowsInScope++;
        health.Add(row);
        identity.Add(row, where, locate, identityProblems);
        Count(recipes, row.Fields[recipeColumn], "", where);
        Count(firmware, row.FirmwareSha256, row.FirmwareFile, where);
        Count(configs, row.Fields[configColumn], "", where);
        if (!spans.TryGetValue(row.Station, out var span))
        {
            span = new SpanBuilder(row.Timestamp, where);
            spans.Add(row.Station, span);
        }

        span.Add(row.Timestamp, where);
        if (row.Verdict != UnitVerdict.Pass)
        {
            return;
        }

        cycleTimes.Add(row);
        if (string.Equals(row.Fields[weakColumn], "true", StringComparison.OrdinalIgnoreCase))
        {
            weak.Add(new WeakSupplyPass(
                Locate(where),
                string.Create(CultureInfo.InvariantCulture, $"{row.Station}/s{row.Socket}"),
                row.MacText,
                Csv.SpreadsheetTextGuard.Unprotect(row.UnitId),
                int.TryParse(row.Fields[handshakeColumn], NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : 0,
                row.Fields[powerOffColumn],
                row.Fields[currentColumn]));
        }
    }

    public void OnUnit(in YieldUnit unit)
    {
        if (scope.Lot is { } lot && !string.Equals(unit.Group, lot.Length == 0 ? "(no lot)" : lot, StringComparison.Ordinal))
        {
            return;
        }

        ref var day = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(
            daily, DateOnly.FromDateTime(new DateTime(unit.FirstTicks, DateTimeKind.Utc)).DayNumber, out _);
        day ??= new long[3];
        day[0]++;
        day[1] += unit.FirstVerdict == UnitVerdict.Pass ? 1 : 0;
        day[2] += unit.LastVerdict == UnitVerdict.Pass ? 1 : 0;
        var mac = YieldReport.UnitLabel(unit.Key);
        if (unit.FirstVerdict != UnitVerdict.Pass)
        {
            firstFailures.Add(new FirstFailure(mac, unit.Group, unit.FirstCode?.ToText() ?? unit.FirstVerdict.ToText(), Locate(unit.First)));
        }

        if (!unit.EverPassed)
        {
            neverPassedCount++;
            if (neverPassed.Count < Listing<NeverPassedUnit>.Limit)
            {
                neverPassed.Add((unit, mac));
            }
        }
    }

    /// <param name="yield">The yield report of the same pass: its unreadable rows explain gaps.</param>
    public ReportDetailsResult Finish(YieldReportResult yield)
    {
        var unreadable = yield.Input.SkippedRows;
        var gaps = new CappedList<AttemptGap>();
        foreach (var (station, firstMissing, lastMissing, before, beforeRow, after, afterRow) in attempts.Gaps())
        {
            var torn = tornLines.Where(t => t.Attempt is { } a && a >= firstMissing && a <= lastMissing
                && t.From.StartsWith(station + "_", StringComparison.Ordinal)).ToList();
            var beforeAt = Locate(beforeRow);
            var afterAt = Locate(afterRow);
            var between = unreadable.FirstOrDefault(s => Path.GetFileName(s.File) == afterAt.File
                && (beforeAt.File != afterAt.File || (s.Line > Math.Min(beforeAt.Line, afterAt.Line) && s.Line < Math.Max(beforeAt.Line, afterAt.Line))));
            gaps.Add(new AttemptGap(station, firstMissing, lastMissing, before, beforeAt, after, afterAt, torn,
                between is null ? null : new RowLocation(Path.GetFileName(between.File), between.Line)));
        }

        return new ReportDetailsResult(
            scope,
            health.Finish(),
            daily.OrderBy(d => d.Key).Select(d => new DailyYield(DateOnly.FromDayNumber(d.Key), d.Value[0], d.Value[1], d.Value[2])).ToList(),
            cycleTimes.Finish(),
            new Listing<NeverPassedUnit>(
                neverPassedCount,
                neverPassed.OrderBy(u => u.Unit.LastTicks)
                    .Select(u => new NeverPassedUnit(u.Mac, u.Unit.Group, u.Unit.Attempts, u.Unit.LastVerdict, u.Unit.LastCode?.ToText() ?? "", new DateTimeOffset(u.Unit.LastTicks, TimeSpan.Zero), Locate(u.Unit.Last)))
                    .ToList()),
            firstFailures.ToListing(),
            weak.ToListing(),
            identityProblems.ToListing(),
            gaps.ToListing(),
            repeats.ToListing(),
            tornLines,
            Uses(recipes),
            Uses(firmware),
            Uses(configs),
            spans.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.ToSpan(s.Key, locate)).ToList(),
            verification.OrderBy(v => v.At).Select(v => new VerificationRow(v.Station, v.At, v.Kind, v.Verdict, v.Code, Locate(v.Row))).ToList(),
            rowsInScope);
    }

    private RowLocation Locate(RowRef row) => new(files.GetValueOrDefault(row.File, "?"), row.Line);

    private static void Count(HashCounts counts, string sha, string name, RowRef where)
    {
        // Nearly every row carries the same hash as the one before: a compare instead of a hash lookup.
        if (counts.Last is { } last && string.Equals(counts.LastSha, sha, StringComparison.Ordinal))
        {
            last.Rows++;
            return;
        }

        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts.All, sha, out var existed);
        if (!existed)
        {
            count = new HashCount(name, where);
        }

        count!.Rows++;
        (counts.Last, counts.LastSha) = (count, sha);
    }

    private sealed class HashCounts
    {
        public Dictionary<string, HashCount> All { get; } = new(StringComparer.Ordinal);

        public HashCount? Last { get; set; }

        public string? LastSha { get; set; }
    }

    private List<HashUse> Uses(HashCounts counts) =>
        counts.All.OrderByDescending(c => c.Value.Rows)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new HashUse(c.Key, c.Value.Name, c.Value.Rows, Locate(c.Value.First)))
            .ToList();

    private sealed class HashCount(string name, RowRef first)
    {
        public string Name { get; } = name;

        public RowRef First { get; } = first;

        public long Rows { get; set; }
    }

    private sealed class SpanBuilder(DateTimeOffset at, RowRef row)
    {
        private DateTimeOffset first = at;
        private DateTimeOffset last = at;
        private RowRef firstRow = row;
        private RowRef lastRow = row;
        private long rows;

        public void Add(DateTimeOffset at, RowRef row)
        {
            rows++;
            if (at < first)
            {
                (first, firstRow) = (at, row);
            }

            if (at >= last)
            {
                (last, lastRow) = (at, row);
            }
        }

        public StationSpan ToSpan(string station, Func<RowRef, RowLocation> locate) =>
            new(station, first, locate(firstRow), last, locate(lastRow), rows);
    }
}

/// <summary>The report runs QA starts: yield with health (the text report), yield with every detail (HTML, CSV summary, sign-off).</summary>
public static class QaReports
{
    /// <summary>The text report's figures: yield and station health, in one pass.</summary>
    public static (YieldReportResult Yield, StationHealthResult Health) YieldWithHealth(
        IEnumerable<string> files, YieldQuery query, StationHealthOptions health, Action<long>? rowsRead = null)
    {
        var observer = new StationHealthObserver(query, health);
        var yield = YieldReport.Run(files, query, rowsRead, observer);
        return (yield, observer.Finish());
    }

    /// <summary>Yield and every detail the HTML report, the CSV summary and the sign-off need, in one pass.</summary>
    public static (YieldReportResult Yield, ReportDetailsResult Details) YieldWithDetails(
        IEnumerable<string> files, YieldQuery query, DetailScope scope, Action<long>? rowsRead = null)
    {
        var collector = new ReportDetailsCollector(query, scope);
        var yield = YieldReport.Run(files, query, rowsRead, collector);
        return (yield, collector.Finish(yield));
    }
}
