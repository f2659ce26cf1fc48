using System.Globalization;
using CsvHelper;

namespace Fixture.Controller.Reports.Csv;

/// <summary>
/// The station's attempt numbers: one per unit attempt, only ever rising, across restarts, crashes
/// and torn files. The last number handed out is kept in <c>attempt-counter.txt</c>, written and
/// flushed to disk (then renamed into place) before the number is used; at start the counter also
/// reads the newest rows of every daily file, so a lost or older counter file can never make a
/// number repeat one already in the report. Thread-safe: every socket of the station shares it.
/// </summary>
public sealed class AttemptCounter
{
    // Rows are written in completion order, so in gang mode the highest number is among the last
    // few rows of a file, not necessarily the last one: 64 KiB holds about a hundred rows.
    private const int TailBytes = 64 * 1024;

    private static readonly int AttemptColumn = UnitReportCsv.ColumnNames.ToList().IndexOf(UnitReportColumns.Attempt);

    private readonly Lock gate = new();
    private readonly string counterFile;
    private long last;

    private AttemptCounter(string counterFile, long last, string? warning)
    {
        this.counterFile = counterFile;
        this.last = last;
        Warning = warning;
    }

    /// <summary>The last number handed out (0 for a new station).</summary>
    public long Last
    {
        get
        {
            lock (gate)
            {
                return last;
            }
        }
    }

    /// <summary>Set when the counter file was unreadable and the rows alone decided where to continue.</summary>
    public string? Warning { get; }

    /// <exception cref="ArgumentException">The station name cannot name files.</exception>
    public static AttemptCounter Open(string reportDirectory, string station)
    {
        ReportLayout.ValidateStationName(station);
        var stationDirectory = ReportLayout.StationDirectory(reportDirectory, station);
        Directory.CreateDirectory(stationDirectory);
        var counterFile = ReportLayout.AttemptCounterFile(reportDirectory, station);
        string? warning = null;
        long fromFile = 0;
        if (File.Exists(counterFile))
        {
            var text = File.ReadAllText(counterFile).Trim();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out fromFile))
            {
                warning = $"Attempt counter file {counterFile} was unreadable ('{(text.Length > 20 ? text[..20] : text)}'); continuing after the highest attempt number found in the report rows.";
                fromFile = 0;
            }
        }

        var fromRows = Directory.EnumerateFiles(stationDirectory, "*" + ReportLayout.DailyFileExtension)
            .Where(path => ReportLayout.TryParseDailyFileName(Path.GetFileName(path), out var s, out _) && s == station)
            .Select(HighestAttemptNearEnd)
            .DefaultIfEmpty(0)
            .Max();
        return new AttemptCounter(counterFile, Math.Max(fromFile, fromRows), warning);
    }

    /// <summary>The next attempt number, already persisted when it is returned.</summary>
    public long Next()
    {
        lock (gate)
        {
            var next = last + 1;
            var temporary = counterFile + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(UnitReportCsv.Encoding.GetBytes(next.ToString(CultureInfo.InvariantCulture) + "\n"));
                stream.Flush(flushToDisk: true);
            }

            // A rename replaces the old file whole: a crash leaves the old number or the new one, never half of one.
            File.Move(temporary, counterFile, overwrite: true);
            last = next;
            return next;
        }
    }

    private static long HighestAttemptNearEnd(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(0, file.Length - TailBytes);
        var tail = new byte[file.Length - start];
        file.Position = start;
        file.ReadExactly(tail);
        var text = UnitReportCsv.Encoding.GetString(tail);
        var lines = text.Split('\n');

        // The first piece may be the end of a row cut by the window; the last is empty or torn.
        var highest = 0L;
        for (var i = start == 0 ? 0 : 1; i < lines.Length - 1; i++)
        {
            if (TryReadAttempt(lines[i], out var attempt) && attempt > highest)
            {
                highest = attempt;
            }
        }

        return highest;
    }

    private static bool TryReadAttempt(string line, out long attempt)
    {
        attempt = 0;
        using var reader = new StringReader(line);
        using var parser = new CsvParser(reader, UnitReportCsv.Configuration with { BadDataFound = null });
        return parser.Read()
            && parser.Count >= DailyFileCheck.OldestColumnCount && parser.Count <= UnitReportCsv.ColumnCount // an earlier version's file has fewer columns
            && long.TryParse(parser[AttemptColumn], NumberStyles.None, CultureInfo.InvariantCulture, out attempt);
    }
}
