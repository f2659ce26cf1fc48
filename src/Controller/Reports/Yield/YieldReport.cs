using System.Globalization;
using Fixture.Controller.Reports.Csv;

namespace Fixture.Controller.Reports.Yield;

/// <summary>
/// First-pass yield, final yield, rework and the failure Pareto over any number of report files,
/// streamed: rows are never held. Memory grows with the number of distinct units, not rows — one
/// small record per unit keyed by its chip id, its unit id's link to the chip id, and the MAC and SSID
/// it showed for the duplicate checks — and with the number of groups.
///
/// Rules (docs/qa-guide.md explains them to QA):
/// <list type="bullet">
/// <item>Verification-unit rows (golden, known-bad), selftest rows and rows outside --from/--to are left out.</item>
/// <item>FIXTURE_FAULT rows are the station's failures: counted per group on their own, never as a
///   unit attempt, never in the Pareto, never in yield.</item>
/// <item>A unit is its chip id (eFuse slot 0, read first; files from before the mac_source column hold
///   the same value in both chip_id and mac). A row without one belongs to the unit whose rows carry the
///   same unit id and a chip id; with neither, it counts as a unit of its own. A row with a MAC but no
///   chip id (hand-made files) is keyed by its MAC.</item>
/// <item>A unit's first and last attempts are by timestamp. FPY = units whose first attempt passed
///   / units; final yield = units whose last attempt passed / units. A unit is counted in the group
///   of its first attempt, so the groups add up to the total.</item>
/// <item>The Pareto counts FAIL attempts by code; REWORK rows are not in it (the failure that led
///   to rework was counted when it happened).</item>
/// <item>A lot is flagged when two chip ids show the same MAC (a cloned factory MAC), when one chip id
///   (or, without chip ids, one MAC) shows two unit ids, or when two MACs show the same SSID.</item>
/// </list>
/// </summary>
public sealed class YieldReport
{
    private const int MaxSkippedListed = 100;
    private const int MaxFlagsListed = 1000;

    private readonly YieldQuery query;
    private readonly IYieldObserver? observer;
    private readonly Dictionary<string, int> groupIndex = new(StringComparer.Ordinal);
    private readonly List<GroupCounters> groups = [];
    private readonly Dictionary<string, int> lotIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, UnitState> unitsByKey = [];
    private readonly Dictionary<ulong, UnitState> unitsByUnitIdOnly = [];
    private readonly Dictionary<ulong, ulong> keyByUnitId = [];
    private readonly Dictionary<ulong, ulong> macByLotAndSsid = [];
    private readonly Dictionary<(int Lot, ulong Mac), ulong> chipIdByLotAndMac = [];
    private readonly HashSet<(int Lot, ulong Mac)> flaggedMacs = [];
    private readonly HashSet<(int Lot, ulong Key)> flaggedKeys = [];
    private readonly HashSet<(int Lot, ulong Ssid)> flaggedSsids = [];
    private readonly List<IdentityFlag> flags = [];
    private readonly List<SkippedRow> skippedRows = [];
    private readonly Dictionary<int, string> dayKeys = [];
    private long flagCount;
    private long skippedRowCount;
    private long rowsRead;
    private long verificationRows;
    private long selftestRows;
    private long rowsOutsideDates;
    private long unidentifiedAttempts;
    private int filesRead;
    private int filesOutsideDates;

    private YieldReport(YieldQuery query, IYieldObserver? observer)
    {
        this.query = query;
        this.observer = observer;
    }

    /// <summary>Every <c>*.csv</c> under <paramref name="directory"/>, in a stable order (torn sidecars and logs are not CSV).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> FindReportFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*" + ReportLayout.DailyFileExtension, SearchOption.AllDirectories)
            .Where(path => path.EndsWith(ReportLayout.DailyFileExtension, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Runs the report over <paramref name="files"/>.</summary>
    /// <param name="rowsRead">Called every 65 536 rows and at the end of the input with the count so far (the benchmark samples memory there).</param>
    /// <param name="observer">Reads more of each row in the same pass (HTML report, health, sign-off); sees every row that parsed and every unit.</param>
    /// <exception cref="ReportFileException">A file is not a fixture report; the report is refused.</exception>
    internal static YieldReportResult Run(IEnumerable<string> files, YieldQuery query, Action<long>? rowsRead, IYieldObserver? observer)
    {
        var report = new YieldReport(query, observer);
        var fileIndex = -1;
        foreach (var file in files)
        {
            fileIndex++;
            if (ReportLayout.TryParseDailyFileName(Path.GetFileName(file), out _, out var day) && !query.Includes(day))
            {
                report.filesOutsideDates++;
                continue;
            }

            report.filesRead++;
            observer?.OnFile(fileIndex, file);
            foreach (var row in YieldRowReader.Read(file, report.Skip, observer?.Columns))
            {
                report.Add(file, fileIndex, row);
                observer?.OnRow(fileIndex, row);
                if (rowsRead is not null && (report.rowsRead & 0xFFFF) == 0)
                {
                    rowsRead(report.rowsRead);
                }
            }
        }

        rowsRead?.Invoke(report.rowsRead);
        return report.Finish();
    }

    /// <summary>Runs the report over <paramref name="files"/>.</summary>
    /// <param name="rowsRead">Called every 65 536 rows and at the end of the input with the count so far (the benchmark samples memory there).</param>
    /// <exception cref="ReportFileException">A file is not a fixture report; the report is refused.</exception>
    public static YieldReportResult Run(IEnumerable<string> files, YieldQuery query, Action<long>? rowsRead = null) =>
        Run(files, query, rowsRead, observer: null);

    private void Skip(SkippedRow row, bool isDataRow)
    {
        rowsRead += isDataRow ? 1 : 0;
        skippedRowCount++;
        if (skippedRows.Count < MaxSkippedListed)
        {
            skippedRows.Add(row);
        }
    }

    private void Add(string file, int fileIndex, in YieldRow row)
    {
        rowsRead++;
        var day = DateOnly.FromDateTime(row.Timestamp.UtcDateTime);
        if (!query.Includes(day))
        {
            rowsOutsideDates++;
            return;
        }

        if (row.Verification == VerificationUnitKind.Selftest)
        {
            // The station's check of itself, not a unit (docs/qa-guide.md §7.1): no attempt, no unit.
            selftestRows++;
            return;
        }

        if (row.Verification != VerificationUnitKind.None)
        {
            verificationRows++;
            return;
        }

        var lot = LotIndex(row.Lot);
        var unitId = row.UnitId.Length == 0 ? 0UL : Fnv1a(row.UnitId);
        CheckDuplicateIdentity(file, row, lot, unitId);

        var group = groups[GroupIndex(row, day)];
        if (row.Verdict == UnitVerdict.Fail && row.Code == FailureCode.FixtureFault)
        {
            group.FixtureFaults++;
            return;
        }

        group.Attempts++;
        switch (row.Verdict)
        {
            case UnitVerdict.Pass:
                group.PassAttempts++;
                break;
            case UnitVerdict.Fail:
                group.FailAttempts++;
                group.CodeCounts[(int)row.Code!.Value]++;
                break;
            default:
                group.ReworkAttempts++;
                break;
        }

        var attempt = new UnitState(row.Timestamp.UtcTicks, group.Index, row.Verdict, lot, unitId, row.Code, new RowRef(fileIndex, row.Line));
        var key = row.UnitKey;
        if (key != 0)
        {
            if (unitId != 0)
            {
                keyByUnitId.TryAdd(unitId, key);
            }

            Merge(unitsByKey, key, attempt);
        }
        else if (unitId != 0)
        {
            Merge(unitsByUnitIdOnly, unitId, attempt);
        }
        else
        {
            unidentifiedAttempts++;
            group.Count(attempt);
            observer?.OnUnit(attempt.ToUnit(0, group.Key));
        }
    }

    private void CheckDuplicateIdentity(string file, in YieldRow row, int lot, ulong unitId)
    {
        var key = row.UnitKey;
        if (key == 0)
        {
            return;
        }

        var where = $"{Path.GetFileName(file)}:{row.Line}";
        var byChipId = row.ChipId != 0;
        if (unitId != 0 && unitsByKey.TryGetValue(key, out var unit) && unit.UnitId != 0 && unit.UnitId != unitId
            && unit.Lot == lot && flaggedKeys.Add((lot, key)))
        {
            Flag(new IdentityFlag(
                row.Lot,
                byChipId ? "chip id" : "MAC",
                byChipId ? row.ChipIdText : row.MacText,
                $"unit id '{SpreadsheetTextGuard.Unprotect(row.UnitId)}' ({where}) shows the {(byChipId ? "chip id" : "MAC")} of a unit with another unit id earlier in the lot"));
        }

        if (row.Mac != 0 && byChipId
            && !chipIdByLotAndMac.TryAdd((lot, row.Mac), row.ChipId) && chipIdByLotAndMac[(lot, row.Mac)] is var firstChip && firstChip != row.ChipId
            && flaggedMacs.Add((lot, row.Mac)))
        {
            Flag(new IdentityFlag(
                row.Lot,
                "MAC",
                row.MacText,
                $"shown by chip id {YieldRowReader.ToMac(firstChip)} and by chip id {YieldRowReader.ToMac(row.ChipId)} ({where}): two chips with one MAC (a cloned factory MAC)"));
        }

        if (row.Ssid.Length > 0 && row.Mac != 0)
        {
            var ssid = Fnv1a(row.Ssid);
            var ssidKey = ssid ^ ((ulong)lot * 0x9E37_79B9_7F4A_7C15UL);
            if (!macByLotAndSsid.TryAdd(ssidKey, row.Mac) && macByLotAndSsid[ssidKey] is var first && first != row.Mac
                && flaggedSsids.Add((lot, ssid)))
            {
                Flag(new IdentityFlag(
                    row.Lot,
                    "SSID",
                    SpreadsheetTextGuard.Unprotect(row.Ssid),
                    $"shown by MAC {YieldRowReader.ToMac(first)} and by MAC {row.MacText} ({where})"));
            }
        }
    }

    private void Flag(IdentityFlag flag)
    {
        flagCount++;
        if (flags.Count < MaxFlagsListed)
        {
            flags.Add(flag);
        }
    }

    private static void Merge(Dictionary<ulong, UnitState> units, ulong key, in UnitState attempt)
    {
        ref var unit = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(units, key, out var existed);
        if (!existed)
        {
            unit = attempt;
        }
        else
        {
            unit.Absorb(attempt);
        }
    }

    private YieldReportResult Finish()
    {
        // Attempts made before the chip id was read join their unit through its unit id (in any read order).
        foreach (var (unitId, unit) in unitsByUnitIdOnly)
        {
            if (keyByUnitId.TryGetValue(unitId, out var key))
            {
                Merge(unitsByKey, key, unit);
            }
            else
            {
                groups[unit.FirstGroup].Count(unit);
                observer?.OnUnit(unit.ToUnit(0, groups[unit.FirstGroup].Key));
            }
        }

        foreach (var (key, unit) in unitsByKey)
        {
            groups[unit.FirstGroup].Count(unit);
            observer?.OnUnit(unit.ToUnit(key, groups[unit.FirstGroup].Key));
        }

        var total = new GroupCounters("All", -1);
        foreach (var group in groups)
        {
            total.Add(group);
        }

        return new YieldReportResult(
            query,
            groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToResult()).ToList(),
            total.ToResult(),
            flags,
            flagCount,
            new YieldInput(filesRead, filesOutsideDates, rowsRead, verificationRows, rowsOutsideDates, unidentifiedAttempts, skippedRowCount, skippedRows) { SelftestRowsExcluded = selftestRows });
    }

    private int GroupIndex(in YieldRow row, DateOnly day)
    {
        string key;
        if (query.GroupBy.Count == 1)
        {
            key = GroupKey(query.GroupBy[0], row, day);
        }
        else
        {
            var parts = new string[query.GroupBy.Count];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = GroupKey(query.GroupBy[i], row, day);
            }

            key = string.Join(" | ", parts);
        }

        if (!groupIndex.TryGetValue(key, out var index))
        {
            index = groups.Count;
            groupIndex.Add(key, index);
            groups.Add(new GroupCounters(key, index));
        }

        return index;
    }

    private string GroupKey(YieldDimension dimension, in YieldRow row, DateOnly day) => dimension switch
    {
        YieldDimension.Station => row.Station,
        YieldDimension.Socket => string.Create(CultureInfo.InvariantCulture, $"{row.Station}/s{row.Socket}"),
        YieldDimension.Lot => row.Lot.Length == 0 ? "(no lot)" : row.Lot,
        YieldDimension.Firmware => $"{row.FirmwareFile} {row.FirmwareSha256[..Math.Min(12, row.FirmwareSha256.Length)]}",
        YieldDimension.Day => DayKey(day),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Not a yield dimension."),
    };

    private string DayKey(DateOnly day)
    {
        if (!dayKeys.TryGetValue(day.DayNumber, out var key))
        {
            key = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            dayKeys.Add(day.DayNumber, key);
        }

        return key;
    }

    private int LotIndex(string lot)
    {
        if (!lotIndex.TryGetValue(lot, out var index))
        {
            index = lotIndex.Count;
            lotIndex.Add(lot, index);
        }

        return index;
    }

    /// <summary>How a unit key reads to QA: "chip AC:D8:29:6B:B7:ED" (the unit's chip id) or "MAC 70:3E:97:1E:96:66" (older rows without one).</summary>
    internal static string UnitLabel(ulong key) =>
        key == 0 ? "" : (key & YieldRowReader.MacKeyFlag) != 0
            ? "MAC " + YieldRowReader.ToMac(key & ~YieldRowReader.MacKeyFlag)
            : "chip " + YieldRowReader.ToMac(key);

    // 64-bit FNV-1a: unit ids and SSIDs are compared by hash so the report keeps no strings per unit;
    // at 64 bits a collision among a million units is about one chance in 10^7.
    internal static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        return hash == 0 ? 1 : hash;
    }

    /// <summary>A unit's first and last counted attempts (by timestamp; on a tie the later-read row is the later).</summary>
    private struct UnitState(long ticks, int group, UnitVerdict verdict, int lot, ulong unitId, FailureCode? code, RowRef row)
    {
        public long FirstTicks = ticks;
        public long LastTicks = ticks;
        public ulong UnitId = unitId;
        public int FirstGroup = group;
        public int Lot = lot;
        public UnitVerdict FirstVerdict = verdict;
        public UnitVerdict LastVerdict = verdict;

        // For the observer (HTML report, sign-off): codes and rows of the first and last attempts.
        public RowRef FirstRow = row;
        public RowRef LastRow = row;
        public int Attempts = 1;
        public sbyte FirstCode = Code(code);
        public sbyte LastCode = Code(code);
        public bool EverPassed = verdict == UnitVerdict.Pass;

        public void Absorb(in UnitState other)
        {
            if (other.FirstTicks < FirstTicks)
            {
                FirstTicks = other.FirstTicks;
                FirstGroup = other.FirstGroup;
                FirstVerdict = other.FirstVerdict;
                FirstCode = other.FirstCode;
                FirstRow = other.FirstRow;
            }

            if (other.LastTicks >= LastTicks)
            {
                LastTicks = other.LastTicks;
                LastVerdict = other.LastVerdict;
                LastCode = other.LastCode;
                LastRow = other.LastRow;
            }

            Attempts += other.Attempts;
            EverPassed |= other.EverPassed;

            if (UnitId == 0)
            {
                UnitId = other.UnitId;
            }
        }

        public readonly YieldUnit ToUnit(ulong mac, string group) =>
            new(mac, group, FirstTicks, FirstVerdict, Code(FirstCode), FirstRow, LastTicks, LastVerdict, Code(LastCode), LastRow, EverPassed, Attempts);

        // Codes as one byte each (-1: none), so the per-unit state stays small.
        private static sbyte Code(FailureCode? code) => code is { } c ? (sbyte)c : (sbyte)-1;

        private static FailureCode? Code(sbyte code) => code < 0 ? null : (FailureCode)code;
    }

    private sealed class GroupCounters(string key, int index)
    {
        public string Key { get; } = key;

        public int Index { get; } = index;

        public long Attempts { get; set; }

        public long PassAttempts { get; set; }

        public long FailAttempts { get; set; }

        public long ReworkAttempts { get; set; }

        public long FixtureFaults { get; set; }

        public long[] CodeCounts { get; } = new long[FailureCodes.All.Count];

        public long Units { get; private set; }

        public long FirstPassUnits { get; private set; }

        public long FinalPassUnits { get; private set; }

        public long ReworkUnits { get; private set; }

        public void Count(in UnitState unit)
        {
            Units++;
            FirstPassUnits += unit.FirstVerdict == UnitVerdict.Pass ? 1 : 0;
            FinalPassUnits += unit.LastVerdict == UnitVerdict.Pass ? 1 : 0;
            ReworkUnits += unit.LastVerdict == UnitVerdict.Rework ? 1 : 0;
        }

        public void Add(GroupCounters other)
        {
            Attempts += other.Attempts;
            PassAttempts += other.PassAttempts;
            FailAttempts += other.FailAttempts;
            ReworkAttempts += other.ReworkAttempts;
            FixtureFaults += other.FixtureFaults;
            Units += other.Units;
            FirstPassUnits += other.FirstPassUnits;
            FinalPassUnits += other.FinalPassUnits;
            ReworkUnits += other.ReworkUnits;
            for (var i = 0; i < CodeCounts.Length; i++)
            {
                CodeCounts[i] += other.CodeCounts[i];
            }
        }

        public YieldGroup ToResult() => new(
            Key,
            Attempts,
            PassAttempts,
            FailAttempts,
            ReworkAttempts,
            Units,
            FirstPassUnits,
            FinalPassUnits,
            ReworkUnits,
            Units == 0 ? null : (double)FirstPassUnits / Units,
            Units == 0 ? null : (double)FinalPassUnits / Units,
            FixtureFaults,
            Pareto());

        private List<ParetoEntry> Pareto()
        {
            var failures = CodeCounts.Sum();
            var cumulative = 0L;
            var entries = new List<ParetoEntry>();
            foreach (var (count, code) in CodeCounts
                         .Select((count, code) => (count, code))
                         .Where(c => c.count > 0)
                         .OrderByDescending(c => c.count)
                         .ThenBy(c => c.code))
            {
                cumulative += count;
                entries.Add(new ParetoEntry(((FailureCode)code).ToText(), count, (double)count / failures, (double)cumulative / failures));
            }

            return entries;
        }
    }
}
