using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Fixture.Controller.Reports.Csv;

/// <summary>
/// The report's file format: UTF-8 without BOM, comma-separated, LF line ends, invariant culture,
/// one header line, one line per row (free text is flattened to one line). Shared by the station's
/// writer, the synthetic-data generator and the readers, so they cannot drift apart.
/// </summary>
public static class UnitReportCsv
{
    /// <summary>UTF-8 without a byte-order mark (a BOM would end up inside the first column's name).</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// CsvHelper's settings. Its own injection escaping stays off: it would escape every cell,
    /// numbers included, so text columns are guarded one by one (<see cref="SpreadsheetTextGuard"/>).
    /// </summary>
    public static CsvConfiguration Configuration { get; } = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\n",
        InjectionOptions = InjectionOptions.None,
        HasHeaderRecord = true,
        DetectColumnCountChanges = true,
    };

    /// <summary>The header line, without its line end.</summary>
    public static string HeaderLine { get; } = BuildHeaderLine();

    public static IReadOnlyList<string> ColumnNames { get; } = HeaderLine.Split(',');

    public static int ColumnCount => ColumnNames.Count;

    /// <summary>A CsvHelper writer with the report's map registered; the header is not written yet.</summary>
    public static CsvWriter CreateWriter(TextWriter writer)
    {
        var csv = new CsvWriter(writer, Configuration, leaveOpen: true);
        csv.Context.RegisterClassMap<UnitReportRowMap>();
        return csv;
    }

    /// <summary>
    /// Every row of a report file, fully typed (for tests, support tools and small files; the yield
    /// report uses its own streaming reader of the columns it needs). Throws CsvHelper's exceptions,
    /// which name the row, on a malformed line.
    /// </summary>
    public static IReadOnlyList<UnitReportRow> ReadAllRows(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, Configuration);
        csv.Context.RegisterClassMap<UnitReportRowMap>();
        return csv.GetRecords<UnitReportRow>().ToList();
    }

    /// <summary>Writes a header and rows to a text writer (bulk: no flush per row; not for the unit cycle).</summary>
    public static void WriteRows(TextWriter writer, IEnumerable<UnitReportRow> rows, bool writeHeader)
    {
        using var csv = CreateWriter(writer);
        if (writeHeader)
        {
            csv.WriteHeader<UnitReportRow>();
            csv.NextRecord();
        }

        foreach (var row in rows)
        {
            csv.WriteRecord(row);
            csv.NextRecord();
        }

        csv.Flush();
    }

    private static string BuildHeaderLine()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CreateWriter(text))
        {
            csv.WriteHeader<UnitReportRow>();
            csv.Flush();
        }

        return text.ToString();
    }
}

/// <summary>Turns one row into its line, reusing one CsvHelper writer (not thread-safe: the owner serialises).</summary>
internal sealed class UnitReportLineFormatter : IDisposable
{
    private readonly StringWriter text = new(CultureInfo.InvariantCulture);
    private readonly CsvWriter csv;

    public UnitReportLineFormatter()
    {
        csv = UnitReportCsv.CreateWriter(text);
    }

    /// <summary>The row's line, with its final LF; cut to the first <paramref name="columns"/> fields for an earlier version's file.</summary>
    public string Format(UnitReportRow row, int columns)
    {
        csv.WriteRecord(row);
        csv.NextRecord();
        csv.Flush();
        var line = text.ToString();
        text.GetStringBuilder().Clear();
        if (columns >= UnitReportCsv.ColumnCount)
        {
            return line;
        }

        using var reader = new StringReader(line);
        using var parser = new CsvParser(reader, UnitReportCsv.Configuration);
        parser.Read();
        for (var i = 0; i < columns; i++)
        {
            csv.WriteField(parser[i]);
        }

        csv.NextRecord();
        csv.Flush();
        line = text.ToString();
        text.GetStringBuilder().Clear();
        return line;
    }

    public void Dispose()
    {
        csv.Dispose();
        text.Dispose();
    }
}
