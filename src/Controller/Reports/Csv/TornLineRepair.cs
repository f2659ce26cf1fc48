using System.Globalization;
using System.Text;
using CsvHelper;

namespace Fixture.Controller.Reports.Csv;

/// <summary>What was moved out of a daily file because a power loss had torn its end.</summary>
/// <param name="File">The daily report file that was repaired.</param>
/// <param name="Sidecar">Where the torn bytes went (appended; never deleted).</param>
/// <param name="Offset">Byte offset in <paramref name="File"/> where the torn part started; the file now ends there.</param>
/// <param name="ByteCount">How many bytes were moved aside.</param>
/// <param name="Reason">Why they were judged torn.</param>
public sealed record TornLineRepair(string File, string Sidecar, long Offset, long ByteCount, string Reason)
{
    public override string ToString() =>
        $"Report file {File}: {Reason}; {ByteCount} bytes from offset {Offset} were moved aside to {Sidecar} (a power loss while writing). The rows before it are intact.";
}

/// <summary>
/// Checks a daily file before anything is appended: the header must be this fixture's, an earlier
/// version's (ours less columns added at the end since: rows then go on in that file's columns), or the
/// file empty; and a torn end — no final line end, or a last line that is not a whole row (wrong field
/// count, NUL bytes a power loss can leave) — is moved to the sidecar file and cut off, so the next
/// row starts on a line of its own and is never merged into a fragment. Only the end can be torn:
/// every earlier row was flushed to disk before the next one was written.
/// </summary>
internal static class DailyFileCheck
{
    private const int HeadLimit = 64 * 1024;
    private const int ScanChunk = 16 * 1024;

    /// <summary>
    /// The first columns every version of the report has had (before mac_source and efuse_sha256): a
    /// shorter header is not ours.
    /// </summary>
    public const int OldestColumnCount = 46;

    /// <summary>Checks and, where needed, repairs <paramref name="file"/>; null when it was already sound.</summary>
    /// <param name="columns">The columns of the file's header (ours, or fewer for an earlier version's file; ours when empty).</param>
    /// <exception cref="ReportFileException">The file is not this fixture's report; nothing was changed.</exception>
    public static TornLineRepair? CheckAndRepair(FileStream file, string path, DateTimeOffset now, out int columns)
    {
        columns = UnitReportCsv.ColumnCount;
        var length = file.Length;
        if (length == 0)
        {
            return null;
        }

        var head = ReadAt(file, 0, (int)Math.Min(length, HeadLimit));
        var bom = head.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var headerEnd = head.AsSpan().IndexOf((byte)'\n');
        if (headerEnd < 0)
        {
            var text = UnitReportCsv.Encoding.GetString(head, bom, head.Length - bom);
            if (length == head.Length && UnitReportCsv.HeaderLine.StartsWith(text, StringComparison.Ordinal))
            {
                return MoveAside(file, path, 0, "the header line was cut short before any row was written", now);
            }

            throw Foreign(path, $"its first line is not this fixture's report header (it starts '{Shorten(text)}')");
        }

        var header = UnitReportCsv.Encoding.GetString(head, bom, headerEnd - bom).TrimEnd('\r');
        if (IsEarlierVersion(header, out var earlierColumns))
        {
            columns = earlierColumns;
        }
        else if (!string.Equals(header, UnitReportCsv.HeaderLine, StringComparison.Ordinal))
        {
            throw Foreign(path, DescribeHeaderDifference(header));
        }

        var lastLineEnd = LastIndexOfNewline(file, length);
        var tornStart = length;
        var reason = "the last line has no line end";
        if (lastLineEnd > headerEnd)
        {
            var previousLineEnd = LastIndexOfNewline(file, lastLineEnd);
            var lastLine = ReadAt(file, previousLineEnd + 1, (int)(lastLineEnd - previousLineEnd - 1));
            if (!IsWholeRow(lastLine, columns, out var problem))
            {
                tornStart = previousLineEnd + 1;
                reason = lastLineEnd == length - 1 ? $"the last line {problem}" : $"the last two lines are torn (one {problem}, one has no line end)";
            }
        }

        if (tornStart == length && lastLineEnd < length - 1)
        {
            tornStart = lastLineEnd + 1;
        }

        return tornStart < length ? MoveAside(file, path, tornStart, reason, now) : null;
    }

    private static TornLineRepair MoveAside(FileStream file, string path, long start, string reason, DateTimeOffset now)
    {
        var sidecar = ReportLayout.TornSidecar(path);
        var torn = ReadAt(file, start, checked((int)(file.Length - start)));
        using (var aside = new FileStream(sidecar, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            var note = string.Create(
                CultureInfo.InvariantCulture,
                $"# {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} moved aside from {Path.GetFileName(path)} at byte {start}: {reason}\n");
            aside.Write(Encoding.UTF8.GetBytes(note));
            aside.Write(torn);
            aside.Write("\n"u8);
            aside.Flush(flushToDisk: true);
        }

        // Only after the sidecar is on disk: a crash in between moves the same bytes aside twice, never loses them.
        file.SetLength(start);
        file.Flush(flushToDisk: true);
        return new TornLineRepair(path, sidecar, start, torn.Length, reason);
    }

    /// <summary>A header of an earlier version of this report: ours cut after one of its columns, at least the oldest set.</summary>
    public static bool IsEarlierVersion(string header, out int columns)
    {
        columns = header.Split(',').Length;
        return columns >= OldestColumnCount && columns < UnitReportCsv.ColumnCount
            && UnitReportCsv.HeaderLine.StartsWith(header + ",", StringComparison.Ordinal);
    }

    private static bool IsWholeRow(byte[] line, int columns, out string problem)
    {
        if (line.AsSpan().Contains((byte)0))
        {
            problem = "contains NUL bytes";
            return false;
        }

        using var reader = new StringReader(UnitReportCsv.Encoding.GetString(line));
        using var parser = new CsvParser(reader, UnitReportCsv.Configuration with { BadDataFound = null });
        if (!parser.Read())
        {
            problem = "is empty";
            return false;
        }

        var count = parser.Count;
        if (count != columns || parser.Read())
        {
            problem = $"has {count} fields instead of {columns}";
            return false;
        }

        problem = "";
        return true;
    }

    /// <summary>Position of the last LF before <paramref name="end"/>, or -1.</summary>
    private static long LastIndexOfNewline(FileStream file, long end)
    {
        var buffer = new byte[ScanChunk];
        while (end > 0)
        {
            var start = Math.Max(0, end - ScanChunk);
            var count = (int)(end - start);
            file.Position = start;
            file.ReadExactly(buffer, 0, count);
            var index = buffer.AsSpan(0, count).LastIndexOf((byte)'\n');
            if (index >= 0)
            {
                return start + index;
            }

            end = start;
        }

        return -1;
    }

    private static byte[] ReadAt(FileStream file, long position, int count)
    {
        var bytes = new byte[count];
        file.Position = position;
        file.ReadExactly(bytes);
        return bytes;
    }

    private static ReportFileException Foreign(string path, string why) =>
        new(path, $"Report file {path} cannot be appended to: {why}. It was written by another tool or fixture version, or edited. "
            + "Nothing was appended. Move the file aside (QA may still need it) or set another report directory, then restart.");

    private static string DescribeHeaderDifference(string header)
    {
        var found = header.Split(',');
        var expected = UnitReportCsv.ColumnNames;
        for (var i = 0; i < Math.Max(found.Length, expected.Count); i++)
        {
            var f = i < found.Length ? found[i] : "(nothing)";
            var e = i < expected.Count ? expected[i] : "(nothing)";
            if (!string.Equals(f, e, StringComparison.Ordinal))
            {
                return $"its header differs from this fixture's at column {i + 1}: '{Shorten(f)}' where '{e}' was expected";
            }
        }

        return "its header differs from this fixture's";
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
