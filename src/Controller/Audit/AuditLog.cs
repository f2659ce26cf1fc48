using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Upkeep;

namespace Fixture.Controller.Audit;

/// <summary>
/// The station's append-only audit log, <c>&lt;reports&gt;/&lt;station&gt;/audit.jsonl</c>: one JSON object
/// per line (<c>seq</c>, <c>time</c> UTC, <c>station</c>, <c>who</c>, <c>kind</c>, <c>details</c>,
/// <c>prev</c>), where <c>prev</c> is the SHA-256 (hex) of the previous line's bytes, or
/// <see cref="ChainStart"/> for the first line, so an edited, removed or reordered line breaks the chain
/// (<see cref="AuditVerifier"/>). <c>audit.head</c> holds the last line's number and SHA-256, so a cut
/// tail is seen too. Each append takes <c>.audit.lock</c> (another fixture process waits), writes the
/// line with one write and flushes it to disk before it returns.
/// </summary>
public sealed partial class AuditLog
{
    /// <summary>The <c>prev</c> of the first line: the SHA-256 of nothing would do, a named constant is clearer.</summary>
    public const string ChainStart = "0000000000000000000000000000000000000000000000000000000000000000";

    private const int MaxWhoLength = 64;

    private readonly TimeProvider time;

    private AuditLog(string file, string station, TimeProvider time)
    {
        FilePath = file;
        Station = station;
        this.time = time;
    }

    public string FilePath { get; }

    public string Station { get; }

    /// <summary>The audit log of <paramref name="station"/> under <paramref name="reportDirectory"/> (created at the first append).</summary>
    /// <exception cref="ArgumentException">The station name cannot name files.</exception>
    public static AuditLog For(string reportDirectory, string station, TimeProvider time)
    {
        ReportLayout.ValidateStationName(station);
        ArgumentNullException.ThrowIfNull(time);
        return new AuditLog(StationRecordLayout.AuditFile(reportDirectory, station), station, time);
    }

    /// <summary>
    /// Appends <paramref name="entry"/> and returns once it is on disk. A cut-off last line (a power loss
    /// during an earlier append) is first moved to <c>audit.jsonl.torn</c> and recorded as an
    /// <see cref="AuditKind.AuditRepaired"/> entry.
    /// </summary>
    /// <exception cref="ArgumentException">The entry cannot be recorded faithfully (empty or odd who, bad detail key); nothing written.</exception>
    /// <exception cref="StationRecordException">The log could not be written or another process held it too long; nothing written.</exception>
    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        Validate(entry);
        using var held = await StationFileLock.AcquireAsync(StationRecordLayout.AuditLockFile(FilePath), time, StationFileLock.DefaultWait, ct);
        try
        {
            return AppendHeld(entry);
        }
        catch (IOException ex) when (ex is not StationRecordException)
        {
            throw new StationRecordException(FilePath, $"Could not write the audit log {FilePath}: {ex.Message} The {entry.Kind.ToText()} by {entry.Who} is NOT recorded: free disk space or fix the report folder, then do it again.", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StationRecordException(FilePath, $"Cannot write the audit log {FilePath}: {ex.Message} Check the report folder's permissions.", ex);
        }
    }

    /// <summary>Refuses an entry the log cannot hold faithfully (a programming error or a bad id typed by a person).</summary>
    public static void Validate(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ValidateWho(entry.Who);
        if (!Enum.IsDefined(entry.Kind))
        {
            throw new ArgumentException($"Unknown audit kind {(int)entry.Kind}.", nameof(entry));
        }

        foreach (var key in entry.Details.Keys)
        {
            if (!DetailKeyPattern().IsMatch(key))
            {
                throw new ArgumentException($"Audit detail key '{key}' must be lower-case letters, digits and '_'.", nameof(entry));
            }
        }
    }

    /// <summary>Refuses an operator or technician id that is empty, too long or holds control characters, naming what is wrong.</summary>
    public static void ValidateWho(string? who)
    {
        if (string.IsNullOrWhiteSpace(who))
        {
            throw new ArgumentException("An id is required: give the operator's or technician's id (for example --by T042).", nameof(who));
        }

        if (who.Length > MaxWhoLength || who.Any(char.IsControl) || who.Trim().Length != who.Length)
        {
            throw new ArgumentException($"Id '{who}' is not usable: at most {MaxWhoLength} characters, no control characters, no leading or trailing spaces.", nameof(who));
        }
    }

    /// <summary>SHA-256 of a line's bytes (without its line end), lower-case hex.</summary>
    public static string LineSha256(ReadOnlySpan<byte> line) => Convert.ToHexStringLower(SHA256.HashData(line));

    private AuditRecord AppendHeld(AuditEntry entry)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        using var file = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var torn = CutTornTail(file);
        var (lastSequence, previous) = ReadChainEnd(file);
        AuditRecord? record = null;
        var lines = new List<byte[]>();
        if (torn is { } cut)
        {
            var repair = AuditEntry.Of(AuditEntry.Station, AuditKind.AuditRepaired, ("torn_bytes", cut.Bytes.ToString(CultureInfo.InvariantCulture)), ("moved_to", Path.GetFileName(cut.MovedTo)));
            (var line, record) = Format(lastSequence + 1, repair, previous);
            lines.Add(line);
            (lastSequence, previous) = (record.Sequence, record.LineSha256);
        }

        (var entryLine, record) = Format(lastSequence + 1, entry, previous);
        lines.Add(entryLine);
        var end = file.Length;
        try
        {
            file.Position = end;
            file.Write(lines.SelectMany(l => l.Append((byte)'\n')).ToArray());
            file.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            file.SetLength(end);
            throw;
        }

        WriteHead(record.Sequence, record.LineSha256);
        return record;
    }

    private (byte[] Line, AuditRecord Record) Format(long sequence, AuditEntry entry, string previous)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("seq", sequence);
            json.WriteString("time", now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("station", Station);
            json.WriteString("who", entry.Who);
            json.WriteString("kind", entry.Kind.ToText());
            json.WriteStartObject("details");
            foreach (var (key, value) in entry.Details.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteString("prev", previous);
            json.WriteEndObject();
        }

        var line = buffer.WrittenSpan.ToArray();
        return (line, new AuditRecord(sequence, now, Station, entry, previous, LineSha256(line)));
    }

    /// <summary>Moves a last line without its line end (an append cut by a power loss) to the torn sidecar.</summary>
    private (long Bytes, string MovedTo)? CutTornTail(FileStream file)
    {
        if (file.Length == 0 || LastByte(file) == (byte)'\n')
        {
            return null;
        }

        var keep = FindLineStart(file, file.Length);
        var tail = new byte[file.Length - keep];
        file.Position = keep;
        file.ReadExactly(tail);
        var sidecar = StationRecordLayout.AuditTornFile(FilePath);
        using (var torn = new FileStream(sidecar, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            torn.Write(tail);
            torn.WriteByte((byte)'\n');
            torn.Flush(flushToDisk: true);
        }

        file.SetLength(keep);
        file.Flush(flushToDisk: true);
        return (tail.Length, sidecar);
    }

    /// <summary>The last line's sequence number and SHA-256, or (0, <see cref="ChainStart"/>) for an empty log.</summary>
    private static (long Sequence, string Sha256) ReadChainEnd(FileStream file)
    {
        if (file.Length == 0)
        {
            return (0, ChainStart);
        }

        var start = FindLineStart(file, file.Length - 1);
        var line = new byte[file.Length - 1 - start];
        file.Position = start;
        file.ReadExactly(line);
        var sha = LineSha256(line);
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("seq", out var seq)
                && seq.TryGetInt64(out var number)
                && number > 0)
            {
                return (number, sha);
            }
        }
        catch (JsonException)
        {
            // Counted below: a damaged last line still gets a successor that chains to its bytes.
        }

        // The last line is damaged (audit verify names it); continue after the number of lines.
        file.Position = 0;
        long lines = 0;
        int b;
        while ((b = file.ReadByte()) >= 0)
        {
            lines += b == '\n' ? 1 : 0;
        }

        return (lines, sha);
    }

    /// <summary>The offset just after the last '\n' before <paramref name="end"/> (0 when there is none).</summary>
    private static long FindLineStart(FileStream file, long end)
    {
        var block = new byte[4096];
        var position = end;
        while (position > 0)
        {
            var count = (int)Math.Min(block.Length, position);
            position -= count;
            file.Position = position;
            file.ReadExactly(block, 0, count);
            var at = Array.LastIndexOf(block, (byte)'\n', count - 1, count);
            if (at >= 0)
            {
                return position + at + 1;
            }
        }

        return 0;
    }

    private static int LastByte(FileStream file)
    {
        file.Position = file.Length - 1;
        return file.ReadByte();
    }

    private void WriteHead(long sequence, string sha256)
    {
        var head = StationRecordLayout.AuditHeadFile(FilePath);
        var temporary = head + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{sequence} {sha256}\n")));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, head, overwrite: true);
    }

    [GeneratedRegex("^[a-z0-9_]{1,40}$")]
    private static partial Regex DetailKeyPattern();
}
