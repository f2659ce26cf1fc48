using System.Globalization;
using CsvHelper;
using Fixture.Controller.Reports.Csv;
using Fixture.Protocol.Identity;
using C = Fixture.Controller.Reports.Csv.UnitReportColumns;

namespace Fixture.Controller.Reports.Yield;

/// <summary>The columns of one report row that yield needs, parsed. MAC and chip id are 48-bit values with bit 48 set (0 = none).</summary>
internal readonly record struct YieldRow(
    long Line,
    DateTimeOffset Timestamp,
    string Station,
    int Socket,
    string Lot,
    string UnitId,
    ulong Mac,
    string MacText,
    ulong ChipId,
    string ChipIdText,
    string Ssid,
    string FirmwareFile,
    string FirmwareSha256,
    UnitVerdict Verdict,
    FailureCode? Code,
    VerificationUnitKind Verification)
{
    /// <summary>
    /// The unit's key: its chip id (eFuse slot 0, always read first); a row with a MAC but no chip id (hand-made
    /// or synthetic files) is keyed by that MAC instead, in a key space of its own. 0 = neither.
    /// </summary>
    public ulong UnitKey => ChipId != 0 ? ChipId : Mac != 0 ? Mac | YieldRowReader.MacKeyFlag : 0;
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

    /// <summary>Marks a unit key taken from a MAC (not a chip id).</summary>
    public const ulong MacKeyFlag = 1UL << 49;

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
        var chipIdColumn = Array.IndexOf(header, C.ChipId);
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

            if (TryParseRow(parser, columns, chipIdColumn, line, out var row, out var problem))
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

    private static bool TryParseRow(CsvParser parser, int[] c, int chipIdColumn, long line, out YieldRow row, out string problem)
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
        if (macText.Length > 0 && !TryParseKey(macText, out mac))
        {
            problem = $"MAC '{macText}' is not six hex bytes";
            return false;
        }

        // Older files hold the chip id as 12 hex digits, newer ones as AC:D8:29:6B:B7:ED: both parse.
        var chipIdText = chipIdColumn < 0 ? string.Empty : parser[chipIdColumn];
        var chipId = 0UL;
        if (chipIdText.Length > 0 && !TryParseKey(chipIdText, out chipId))
        {
            problem = $"chip id '{chipIdText}' is not six hex bytes";
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
            chipId,
            chipIdText,
            parser[c[6]],
            SpreadsheetTextGuard.Unprotect(parser[c[7]]),
            parser[c[8]],
            verdict,
            code,
            verification);
        problem = "";
        return true;
    }

    /// <summary>A MAC or chip id as its 48 bits with bit 48 set (so 0 means "none").</summary>
    internal static bool TryParseKey(string text, out ulong key)
    {
        key = MacAddress.TryParse(text, out var mac) ? mac.Value | (1UL << 48) : 0;
        return key != 0;
    }

    /// <summary>The unit key (<see cref="YieldRow.UnitKey"/>) of a row's chip id and MAC texts; 0 when neither parses.</summary>
    internal static ulong UnitKeyOf(string? chipId, string? mac) =>
        chipId is not null && TryParseKey(chipId, out var chip) ? chip
        : mac is not null && TryParseKey(mac, out var byMac) ? byMac | MacKeyFlag
        : 0;

    /// <summary>The unit key of a chip id.</summary>
    internal static ulong UnitKeyOf(MacAddress chipId) => chipId.Value | (1UL << 48);

    /// <summary>The MAC or chip id of a key made by <see cref="TryParseKey"/>.</summary>
    internal static MacAddress ToMac(ulong key) => MacAddress.FromNumber(key);

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
