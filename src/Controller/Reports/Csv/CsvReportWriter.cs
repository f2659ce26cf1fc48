using System.Text.RegularExpressions;

namespace Fixture.Controller.Reports.Csv;

/// <summary>
/// The station's one report writer: appends one line per unit attempt to
/// <c>&lt;dir&gt;/&lt;station&gt;/&lt;station&gt;_&lt;yyyy-MM-dd&gt;.csv</c> (the UTC day of the row's
/// timestamp), header once per file, and returns only when the line is on disk — synchronous I/O and
/// <c>Flush(true)</c>, so the verdict the operator sees is never ahead of the report (architecture §2:
/// no async file I/O on the unit cycle). Every socket of a station shares this instance; appends are
/// serialised. A second writer for the same station — another fixture process — is refused.
/// </summary>
public sealed partial class CsvReportWriter : IDisposable
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly FileStream writerLock;
    private readonly UnitReportLineFormatter formatter = new();
    private readonly List<TornLineRepair> repairs = [];
    private readonly List<string> notices = [];
    private DailyFile? current;
    private bool disposed;

    private CsvReportWriter(string reportDirectory, string station, TimeProvider time, FileStream writerLock)
    {
        ReportDirectory = reportDirectory;
        Station = station;
        this.time = time;
        this.writerLock = writerLock;
    }

    public string ReportDirectory { get; }

    public string Station { get; }

    /// <summary>Torn ends found and moved aside since this writer opened (show them at start-up).</summary>
    public IReadOnlyList<TornLineRepair> Repairs
    {
        get
        {
            lock (gate)
            {
                return [.. repairs];
            }
        }
    }

    /// <summary>Other things found in the files since this writer opened (an earlier version's file continued): show them.</summary>
    public IReadOnlyList<string> Notices
    {
        get
        {
            lock (gate)
            {
                return [.. notices];
            }
        }
    }

    /// <summary>
    /// Opens the station's report: takes the station's writer lock, then checks today's file and the
    /// most recent earlier one (a power loss may have torn either) and repairs a torn end.
    /// </summary>
    /// <exception cref="ArgumentException">The station name cannot name files.</exception>
    /// <exception cref="ReportFileException">Another writer holds the station, or a file is foreign or unwritable.</exception>
    public static CsvReportWriter Open(string reportDirectory, string station, TimeProvider time)
    {
        ReportLayout.ValidateStationName(station);
        var stationDirectory = ReportLayout.StationDirectory(reportDirectory, station);
        var lockPath = ReportLayout.WriterLockFile(reportDirectory, station);
        try
        {
            Directory.CreateDirectory(stationDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportFileException(stationDirectory, $"Cannot create the report folder {stationDirectory}: {ex.Message} Check the report directory in the station config (or --reports), that its disk is mounted and writable, and its permissions.", ex);
        }

        FileStream writerLock;
        try
        {
            writerLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (IsHeldByAnotherProcess(ex))
        {
            throw new ReportFileException(lockPath, $"Station {station}'s report in {stationDirectory} is already being written by another fixture process (lock {lockPath} is held). Stop the other fixture for {station} or give this one another station name.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportFileException(lockPath, $"Cannot write the report folder {stationDirectory}: {ex.Message} Check the report directory in the station config (or --reports), that its disk is writable, and its permissions.", ex);
        }

        var writer = new CsvReportWriter(reportDirectory, station, time, writerLock);
        try
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            writer.RepairNewestEarlierFile(today);
            lock (writer.gate)
            {
                writer.OpenDay(today);
            }

            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The lock is held, as opposed to a folder that cannot be written at all: a sharing or lock violation
    /// on Windows (32, 33); on Linux and macOS the flock of FileShare.None would block (EWOULDBLOCK: 11, 35).
    /// </summary>
    private static bool IsHeldByAnotherProcess(IOException ex) =>
        OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33 : ex.HResult is 11 or 35;

    /// <summary>
    /// Appends <paramref name="row"/> and flushes it to disk; returns the file written. A row that
    /// breaks the report's rules is refused with <see cref="ArgumentException"/> before any file is touched.
    /// </summary>
    /// <exception cref="ReportFileException">The line could not be written; the file was cut back to its last whole row.</exception>
    public string Append(UnitReportRow row)
    {
        Validate(row);
        var utcRow = row.TimestampUtc.Offset == TimeSpan.Zero ? row : row with { TimestampUtc = row.TimestampUtc.ToUniversalTime() };
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var file = OpenDay(DateOnly.FromDateTime(utcRow.TimestampUtc.UtcDateTime));
            var bytes = UnitReportCsv.Encoding.GetBytes(formatter.Format(utcRow, file.Columns));
            var end = file.Stream.Length;
            try
            {
                file.Stream.Position = end;
                file.Stream.Write(bytes);
                file.Stream.Flush(flushToDisk: true);
                return file.Path;
            }
            catch (IOException ex)
            {
                CutBack(file, end);
                throw new ReportFileException(file.Path, $"Could not write socket {utcRow.Socket}'s row (attempt {utcRow.AttemptNumber}) to {file.Path}: {ex.Message} The unit's result is NOT recorded: free disk space or fix the report folder, then retest the unit.", ex);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            current?.Stream.Dispose();
            current = null;
            formatter.Dispose();
            writerLock.Dispose();
        }
    }

    /// <summary>Refuses a row the report cannot hold faithfully (a programming error in the caller).</summary>
    public void Validate(UnitReportRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var which = $"the report row for socket {row.Socket}, attempt {row.AttemptNumber}";
        Require(string.Equals(row.Station, Station, StringComparison.Ordinal), $"{which} is for station '{row.Station}', but this writer writes station '{Station}'.");
        Require(row.Socket >= 1, $"{which} has socket {row.Socket}; sockets count from 1.");
        Require(row.AttemptNumber >= 1, $"{which} has no attempt number; take one from the station's AttemptCounter.");
        Require(Enum.IsDefined(row.Verdict), $"{which} has an unknown verdict {(int)row.Verdict}.");
        Require(row.FailureCode is null || Enum.IsDefined(row.FailureCode.Value), $"{which} has an unknown failure code {(int?)row.FailureCode}.");
        Require(row.Verdict != UnitVerdict.Fail || row.FailureCode is not null, $"{which} is a FAIL without a failure code; every FAIL carries one.");
        Require(row.Verdict != UnitVerdict.Pass || row.FailureCode is null, $"{which} is a PASS with failure code {row.FailureCode?.ToText()}; a warning belongs in weak_supply_warning or detail.");
        Require(Enum.IsDefined(row.VerificationUnit), $"{which} has an unknown verification-unit kind.");
        Require(row.Mac is null || MacPattern().IsMatch(row.Mac), $"{which} has MAC '{row.Mac}'; write it as 70:3E:97:1E:96:66 (MacAddress.ToString).");
        Require(row.ChipId is null || MacPattern().IsMatch(row.ChipId), $"{which} has chip id '{row.ChipId}'; write it as AC:D8:29:6B:B7:ED (MacAddress.ToString).");
        Require(row.MacSource is null || Protocol.Identity.MacSources.TryParse(row.MacSource, out _), $"{which} has mac_source '{row.MacSource}'; use efuse-slot2, efuse-slot1, efuse-slot0, flash-rf_para, dtb or default.");
        foreach (var (name, value) in new[]
                 {
                     ("recipe name", row.RecipeName), ("recipe version", row.RecipeVersion), ("recipe SHA-256", row.RecipeSha256),
                     ("station config SHA-256", row.StationConfigSha256), ("firmware file", row.FirmwareFile),
                     ("firmware SHA-256", row.FirmwareSha256), ("fixture version", row.FixtureVersion),
                 })
        {
            Require(!string.IsNullOrWhiteSpace(value), $"{which} has no {name}.");
        }

        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message, nameof(row));
            }
        }
    }

    private DailyFile OpenDay(DateOnly day)
    {
        if (current is { } open && open.Day == day)
        {
            return open;
        }

        current?.Stream.Dispose();
        current = null;
        var path = ReportLayout.DailyFile(ReportDirectory, Station, day);
        FileStream stream;
        int columns;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportFileException(path, $"Cannot open report file {path}: {ex.Message} Check the report directory in the station config, its permissions and free space.", ex);
        }

        try
        {
            if (DailyFileCheck.CheckAndRepair(stream, path, time.GetUtcNow(), out columns) is { } repair)
            {
                repairs.Add(repair);
            }

            if (columns < UnitReportCsv.ColumnCount)
            {
                notices.Add($"Report file {path} was started by an earlier fixture version ({columns} columns): today's rows go on in its columns, without {string.Join(", ", UnitReportCsv.ColumnNames.Skip(columns))}; tomorrow's file has them all.");
            }

            if (stream.Length == 0)
            {
                stream.Write(UnitReportCsv.Encoding.GetBytes(UnitReportCsv.HeaderLine + "\n"));
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            if (ex is ReportFileException)
            {
                throw;
            }

            throw new ReportFileException(path, $"Cannot prepare report file {path}: {ex.Message} Check its permissions and free space.", ex);
        }

        current = new DailyFile(day, path, stream, columns);
        return current;
    }

    private void RepairNewestEarlierFile(DateOnly today)
    {
        var newest = Directory.EnumerateFiles(ReportLayout.StationDirectory(ReportDirectory, Station), "*" + ReportLayout.DailyFileExtension)
            .Select(path => (path, ok: ReportLayout.TryParseDailyFileName(Path.GetFileName(path), out var station, out var day), station, day))
            .Where(f => f.ok && f.station == Station && f.day < today)
            .OrderByDescending(f => f.day)
            .FirstOrDefault();
        if (newest.path is null)
        {
            return;
        }

        using var stream = new FileStream(newest.path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            if (DailyFileCheck.CheckAndRepair(stream, newest.path, time.GetUtcNow(), out _) is { } repair)
            {
                repairs.Add(repair);
            }
        }
        catch (ReportFileException)
        {
            // A foreign file from an earlier day is never appended to; the yield report names it.
        }
    }

    private void CutBack(DailyFile file, long end)
    {
        try
        {
            file.Stream.SetLength(end);
            file.Stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // Leave it for the check at the next open, which moves the torn end aside.
            file.Stream.Dispose();
            current = null;
        }
    }

    [GeneratedRegex("^[0-9A-F]{2}(:[0-9A-F]{2}){5}$")]
    private static partial Regex MacPattern();

    /// <param name="Columns">The file's columns: ours, or fewer in an earlier version's file (rows are cut to fit).</param>
    private sealed record DailyFile(DateOnly Day, string Path, FileStream Stream, int Columns);
}
