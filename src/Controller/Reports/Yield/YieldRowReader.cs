using System.Globalization;
using CsvHelper;
using Fixture.Controller.Reports.Csv;
using C = Fixture.Controller.Reports.Csv.UnitReportColumns;

namespace Fixture.Controller.Reports.Yield;

/// <summary>The columns of one report row that yield needs, parsed.</summary>
internal readonly record struct YieldRow(
    long Line,
    DateTimeOffset Timestamp,
    string Station,
    int Socket,
    string Lot,
    string UnitId,
    ulong Mac,
    string MacText,
    string Ssid,
    string FirmwareFile,
    string FirmwareSha256,
    UnitVerdict Verdict,
    FailureCode? Code,
    VerificationUnitKind Verification)
{
    /// <summary>Extra columns an <see cref="IYieldObserver"/> asked for (empty when none were).</summary>
    public RowFields Fields { get; init; }

    /// <summary>The row's UTC day.</summary>
    public DateOnly Day => DateOnly.FromDateTime(Timestamp.UtcDateTime);
}

/// <summary>
/// Streams the rows of one report file, reading only the columns yield needs (by name, so files
/// with extra columns from a later version still read). A row that cannot be used — wrong field
/// count, a value that does not parse, a torn last line without its line end — is reported through
/// <c>skip</c> with its line number (the flag says whether it was a data row) and left out; a file that is not a fixture report at all is
/// refused with <see cref="ReportFileException"/>.
/// </summary>
internal static class YieldRowReader
{
    private static readonly string[] Needed =
    [
        C.Timestamp, C.Station, C.Socket, C.Lot, C.UnitId, C.Mac, C.SsidSeen, C.FirmwareFile, C.FirmwareSha256,
        C.Result, C.FailureCode, C.VerificationUnit,
    ];

    /// <param name="extraColumns">Columns beyond yield's that the caller reads through <see cref="YieldRow.Fields"/>.</param>
    public static IEnumerable<YieldRow> Read(string path, Action<SkippedRow, bool> skip, IReadOnlyList<string>? extraColumns = null)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var wholeLines = LengthOfWholeLines(file);
        if (wholeLines == 0)
        {
            if (file.Length > 0)
            {
                skip(new SkippedRow(path, 1, "the file has no complete header line (torn by a power loss, or just created): skipped"), false);
            }

            yield break;
        }

        var badData = false;
        var configuration = UnitReportCsv.Configuration with { BadDataFound = _ => badData = true, DetectColumnCountChanges = false };
        using var reader = new StreamReader(new PrefixStream(file, wholeLines), UnitReportCsv.Encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        using var parser = new CsvParser(reader, configuration);
        if (!parser.Read())
        {
            yield break;
        }

        var header = parser.Record ?? [];
        var columns = ColumnIndices(path, header);
        var extra = extraColumns is null ? null : RowFields.Map(extraColumns, header);
        var fieldCount = header.Length;
        var line = (long)parser.RawRow;
        while (parser.Read())
        {
            line = parser.RawRow;
            if (badData)
            {
                badData = false;
                skip(new SkippedRow(path, line, "a quote in the middle of a field (not a row this fixture wrote)"), true);
                continue;
            }

            if (parser.Count != fieldCount)
            {
                skip(new SkippedRow(path, line, $"{parser.Count} fields where the header has {fieldCount}"), true);
                continue;
            }

            if (TryParseRow(parser, columns, line, out var row, out var problem))
            {
                yield return extra is null ? row : row with { Fields = new RowFields(parser, extra) };
            }
            else
            {
                skip(new SkippedRow(path, line, problem), true);
            }
        }

        if (wholeLines < file.Length)
        {
            skip(new SkippedRow(path, line + 1, "the last line has no line end (torn by a power loss, or still being written): skipped"), true);
        }
    }

    private static int[] ColumnIndices(string path, string[] header)
    {
        var indices = Needed.Select(name => Array.IndexOf(header, name)).ToArray();
        var missing = Needed.Where((_, i) => indices[i] < 0).ToList();
        if (missing.Count > 0)
        {
            throw new ReportFileException(
                path,
                $"{path} is not a fixture report file: its header lacks {string.Join(", ", missing)}. "
                + "Move it out of the report folder, or point --dir at the folder the stations write to.");
        }

        return indices;
    }

    private static bool TryParseRow(CsvParser parser, int[] c, long line, out YieldRow row, out string problem)
    {
        row = default;
        var timestampText = parser[c[0]];
        if (!UtcTimestampConverter.TryParse(timestampText, out var timestamp))
        {
            problem = $"timestamp '{timestampText}' is not UTC ISO-8601";
            return false;
        }

        var socketText = parser[c[2]];
        if (!int.TryParse(socketText, NumberStyles.None, CultureInfo.InvariantCulture, out var socket))
        {
            problem = $"socket '{socketText}' is not a number";
            return false;
        }

        var macText = parser[c[5]];
        var mac = 0UL;
        if (macText.Length > 0 && !TryParseMac(macText, out mac))
        {
            problem = $"MAC '{macText}' is not six hex bytes";
            return false;
        }

        var resultText = parser[c[9]];
        if (!UnitVerdicts.TryParse(resultText, out var verdict))
        {
            problem = $"result '{resultText}' is not PASS, FAIL or REWORK";
            return false;
        }

        var codeText = parser[c[10]];
        FailureCode? code = null;
        if (codeText.Length > 0)
        {
            if (!FailureCodes.TryParse(codeText, out var parsed))
            {
                problem = $"failure code '{codeText}' is not one this fixture knows";
                return false;
            }

            code = parsed;
        }
        else if (verdict == UnitVerdict.Fail)
        {
            problem = "a FAIL without a failure code";
            return false;
        }

        var verificationText = parser[c[11]];
        if (!VerificationUnitKinds.TryParse(verificationText, out var verification))
        {
            problem = $"verification_unit '{verificationText}' is not empty, GOLDEN or KNOWN_BAD";
            return false;
        }

        row = new YieldRow(
            line,
            timestamp,
            parser[c[1]],
            socket,
            SpreadsheetTextGuard.Unprotect(parser[c[3]]),
            parser[c[4]],
            mac,
            macText,
            parser[c[6]],
            SpreadsheetTextGuard.Unprotect(parser[c[7]]),
            parser[c[8]],
            verdict,
            code,
            verification);
        problem = "";
        return true;
    }

    /// <summary>Six hex bytes with ':' or '-' between them or nothing, as 48 bits with bit 48 set (so 0 means "no MAC").</summary>
    internal static bool TryParseMac(string text, out ulong mac)
    {
        mac = 0;
        var digits = 0;
        foreach (var ch in text)
        {
            if (ch is ':' or '-')
            {
                continue;
            }

            var nibble = HexValue(ch);
            if (nibble < 0 || ++digits > 12)
            {
                return false;
            }

            mac = (mac << 4) | (uint)nibble;
        }

        mac |= 1UL << 48;
        return digits == 12;
    }

    private static int HexValue(char ch) => ch switch
    {
        >= '0' and <= '9' => ch - '0',
        >= 'A' and <= 'F' => ch - 'A' + 10,
        >= 'a' and <= 'f' => ch - 'a' + 10,
        _ => -1,
    };

    /// <summary>Bytes up to and including the last LF: everything after it is a torn or unfinished line.</summary>
    private static long LengthOfWholeLines(FileStream file)
    {
        var buffer = new byte[16 * 1024];
        var end = file.Length;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            file.Position = start;
            file.ReadExactly(buffer, 0, (int)(end - start));
            var index = buffer.AsSpan(0, (int)(end - start)).LastIndexOf((byte)'\n');
            if (index >= 0)
            {
                file.Position = 0;
                return start + index + 1;
            }

            end = start;
        }

        file.Position = 0;
        return 0;
    }

    /// <summary>Reads the first <c>length</c> bytes of a stream: a file a station may still be appending to is read only up to its last whole line.</summary>
    private sealed class PrefixStream(Stream inner, long length) : Stream
    {
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var allowed = (int)Math.Min(buffer.Length, length - position);
            if (allowed <= 0)
            {
                return 0;
            }

            var read = inner.Read(buffer[..allowed]);
            position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
