using System.Text;
using CsvHelper;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;

namespace Fixture.Lab.Soak;

/// <summary>What the report files of one station hold, read back line by line, and what is wrong with them.</summary>
/// <param name="Files">The daily files read, oldest first.</param>
/// <param name="Rows">Every row, in file order.</param>
/// <param name="Problems">Torn, merged, interleaved or malformed lines, a repeated header, a reused attempt number; empty when sound.</param>
public sealed record ReportAudit(IReadOnlyList<string> Files, IReadOnlyList<UnitReportRow> Rows, IReadOnlyList<string> Problems)
{
    public bool IsSound => Problems.Count == 0;
}

/// <summary>
/// Reads a station's report files back as QA would and checks what concurrent sockets and power losses
/// could break (fixture-design §6): the header once at the top, every line one whole row with every
/// column (a line two sockets wrote into each other, or a torn one, has the wrong field count or no
/// line end), no NUL bytes, the typed rows parse, and no attempt number appears twice.
/// </summary>
public static class ReportFileAudit
{
    public static ReportAudit Check(string reportDirectory, string station)
    {
        var folder = ReportLayout.StationDirectory(reportDirectory, station);
        var files = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*" + ReportLayout.DailyFileExtension)
                .Where(f => ReportLayout.TryParseDailyFileName(Path.GetFileName(f), out var s, out _) && s == station)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        var problems = new List<string>();
        var rows = new List<UnitReportRow>();
        foreach (var file in files)
        {
            rows.AddRange(CheckFile(file, problems));
        }

        foreach (var reused in rows.GroupBy(r => r.AttemptNumber).Where(g => g.Count() > 1))
        {
            problems.Add($"attempt number {reused.Key} is used by {reused.Count()} rows (sockets {string.Join(", ", reused.Select(r => r.Socket))})");
        }

        return new ReportAudit(files, rows, problems);
    }

    private static List<UnitReportRow> CheckFile(string file, List<string> problems)
    {
        var name = Path.GetFileName(file);
        var bytes = File.ReadAllBytes(file);
        if (bytes.AsSpan().Contains((byte)0))
        {
            problems.Add($"{name}: contains NUL bytes (a torn write)");
        }

        if (bytes.Length > 0 && bytes[^1] != (byte)'\n')
        {
            problems.Add($"{name}: the last line has no line end (a torn row)");
        }

        var lines = UnitReportCsv.Encoding.GetString(bytes).Split('\n');
        var count = bytes.Length > 0 && bytes[^1] == (byte)'\n' ? lines.Length - 1 : lines.Length;
        if (count == 0 || lines[0] != UnitReportCsv.HeaderLine)
        {
            problems.Add($"{name}: the first line is not the report header");
        }

        var wholeLines = 0;
        for (var i = 1; i < count; i++)
        {
            if (lines[i] == UnitReportCsv.HeaderLine)
            {
                problems.Add($"{name} line {i + 1}: the header again");
            }
            else if (FieldsOf(lines[i]) is var fields && fields != UnitReportCsv.ColumnCount)
            {
                problems.Add($"{name} line {i + 1}: {fields} fields instead of {UnitReportCsv.ColumnCount} (torn or interleaved): {Shorten(lines[i])}");
            }
            else
            {
                wholeLines++;
            }
        }

        try
        {
            var rows = UnitReportCsv.ReadAllRows(file);
            if (rows.Count != count - 1)
            {
                problems.Add($"{name}: {count - 1} lines after the header but {rows.Count} rows parse");
            }

            return [.. rows];
        }
        catch (Exception e) when (e is CsvHelperException or FormatException or IOException)
        {
            problems.Add($"{name}: the rows do not parse back ({e.GetType().Name}: {Shorten(e.Message)}); {wholeLines} whole lines");
            return [];
        }
    }

    private static int FieldsOf(string line)
    {
        using var reader = new StringReader(line);
        using var parser = new CsvParser(reader, UnitReportCsv.Configuration with { BadDataFound = null });
        if (!parser.Read())
        {
            return 0;
        }

        var fields = parser.Count;
        return parser.Read() ? -1 : fields;
    }

    private static string Shorten(string text)
    {
        var flat = new StringBuilder(text.Length);
        foreach (var c in text.Take(120))
        {
            flat.Append(char.IsControl(c) ? '?' : c);
        }

        return text.Length > 120 ? flat + "…" : flat.ToString();
    }
}
