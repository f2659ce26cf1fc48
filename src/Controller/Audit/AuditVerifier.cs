using System.Globalization;
using System.Text.Json;
using Fixture.Controller.Upkeep;

namespace Fixture.Controller.Audit;

/// <summary>One thing wrong with (or worth knowing about) an audit log, at a line of its file.</summary>
/// <param name="Line">1-based line of the file (0: the file as a whole, e.g. its head).</param>
public sealed record AuditFinding(string File, int Line, string What)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {What}" : $"{File}: {What}";
}

/// <summary>The check of one station's audit log.</summary>
/// <param name="Problems">The chain is broken where these say; empty when intact.</param>
/// <param name="Notes">Not breaks: a last append cut by a power loss.</param>
public sealed record AuditCheck(string Station, string File, long Entries, IReadOnlyList<AuditFinding> Problems, IReadOnlyList<AuditFinding> Notes)
{
    public bool Intact => Problems.Count == 0;
}

/// <summary>
/// Checks an audit log's chain line by line (<c>fixture audit verify</c>): every line JSON with the
/// fields <see cref="AuditLog"/> writes, its <c>seq</c> one more than the line before, its <c>prev</c>
/// the SHA-256 of the line before, its station the folder's, and the last line the one
/// <c>audit.head</c> names. Says which line was edited, removed, reordered or is not JSON.
/// </summary>
public static class AuditVerifier
{
    /// <summary>Every station folder under <paramref name="reportDirectory"/> that has an audit log, checked.</summary>
    public static IReadOnlyList<AuditCheck> VerifyAll(string reportDirectory) =>
        Directory.EnumerateDirectories(reportDirectory)
            .Where(d => File.Exists(Path.Combine(d, StationRecordLayout.AuditFileName)))
            .Order(StringComparer.Ordinal)
            .Select(d => Verify(Path.Combine(d, StationRecordLayout.AuditFileName), Path.GetFileName(d)))
            .ToList();

    /// <summary>Checks one audit log of <paramref name="station"/>.</summary>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static AuditCheck Verify(string auditFile, string station)
    {
        var name = auditFile;
        var bytes = File.ReadAllBytes(auditFile);
        var problems = new List<AuditFinding>();
        var notes = new List<AuditFinding>();
        var lines = Split(bytes, out var tornTail);
        var sequences = new HashSet<long>();
        var parsed = new List<(long? Seq, string? Prev, string? Station)>(lines.Count);
        foreach (var line in lines)
        {
            var entry = Parse(line, out _);
            parsed.Add(entry);
            if (entry.Seq is { } s)
            {
                sequences.Add(s);
            }
        }

        long previousSequence = 0;
        var previousSha = AuditLog.ChainStart;
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var line = lines[i];
            var sha = AuditLog.LineSha256(line);
            _ = Parse(line, out var parseProblem);
            var (seq, prev, lineStation) = parsed[i];
            if (parseProblem is not null)
            {
                problems.Add(new AuditFinding(name, number, parseProblem));
                previousSequence = seq ?? previousSequence + 1;
                previousSha = sha;
                continue;
            }

            var expected = previousSequence + 1;
            if (seq > expected)
            {
                problems.Add(new AuditFinding(name, number, sequences.Contains(expected)
                    ? $"holds entry {seq}, but entry {expected} comes later in the file: lines were reordered."
                    : expected == seq - 1
                        ? $"holds entry {seq}; entry {expected} is missing: a line was removed before this one."
                        : $"holds entry {seq}; entries {expected}–{seq - 1} are missing: lines were removed before this one."));
            }
            else if (seq < expected)
            {
                problems.Add(new AuditFinding(name, number, $"holds entry {seq} after entry {previousSequence}: lines were reordered or repeated."));
            }
            else if (!string.Equals(prev, previousSha, StringComparison.Ordinal))
            {
                problems.Add(number == 1
                    ? new AuditFinding(name, 1, "does not start the chain (its prev is not the start constant): the log's first lines were removed or replaced.")
                    : new AuditFinding(name, number - 1, $"was changed after it was written: line {number}'s prev hash does not match it."));
            }

            if (!string.Equals(lineStation, station, StringComparison.Ordinal))
            {
                problems.Add(new AuditFinding(name, number, $"is station '{lineStation}'s entry, but this is station '{station}'s log: copied from another station?"));
            }

            previousSequence = seq!.Value;
            previousSha = sha;
        }

        if (tornTail)
        {
            notes.Add(new AuditFinding(name, lines.Count + 1, "is cut off (no line end): an append was interrupted, e.g. by a power loss; the next append moves it to audit.jsonl.torn."));
        }

        CheckHead(auditFile, name, lines, parsed, problems, notes);
        return new AuditCheck(station, auditFile, lines.Count, problems, notes);
    }

    private static void CheckHead(string auditFile, string name, List<byte[]> lines, List<(long? Seq, string? Prev, string? Station)> parsed, List<AuditFinding> problems, List<AuditFinding> notes)
    {
        var headFile = StationRecordLayout.AuditHeadFile(auditFile);
        var lastSeq = lines.Count == 0 ? 0 : parsed[^1].Seq ?? 0;
        var lastSha = lines.Count == 0 ? AuditLog.ChainStart : AuditLog.LineSha256(lines[^1]);
        if (!File.Exists(headFile))
        {
            if (lines.Count > 0)
            {
                problems.Add(new AuditFinding(name, 0, $"{Path.GetFileName(headFile)} is missing: whether lines were cut from the end cannot be checked."));
            }

            return;
        }

        var parts = File.ReadAllText(headFile).Trim().Split(' ');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var headSeq))
        {
            problems.Add(new AuditFinding(name, 0, $"{Path.GetFileName(headFile)} is not '<seq> <sha256>': it was edited or damaged."));
            return;
        }

        var headSha = parts[1];
        if (headSeq == lastSeq && string.Equals(headSha, lastSha, StringComparison.Ordinal))
        {
            return;
        }

        if (headSeq == lastSeq)
        {
            problems.Add(new AuditFinding(name, lines.Count, $"was changed after it was written: it no longer matches the SHA-256 in {Path.GetFileName(headFile)}."));
        }
        else if (headSeq > lastSeq)
        {
            problems.Add(new AuditFinding(name, lines.Count, $"is entry {lastSeq}, but {Path.GetFileName(headFile)} says the log ends at entry {headSeq}: lines were removed from the end."));
        }
        else if (headSeq == lastSeq - 1 && lines.Count >= 2 && string.Equals(headSha, AuditLog.LineSha256(lines[^2]), StringComparison.Ordinal))
        {
            notes.Add(new AuditFinding(name, lines.Count, $"was written but {Path.GetFileName(headFile)} was not updated after it: the append was interrupted, e.g. by a power loss."));
        }
        else
        {
            problems.Add(new AuditFinding(name, 0, $"{Path.GetFileName(headFile)} names entry {headSeq}, which is not the log's last line or the one before: the log or its head was replaced."));
        }
    }

    private static List<byte[]> Split(byte[] bytes, out bool tornTail)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes[start..i]);
                start = i + 1;
            }
        }

        tornTail = start < bytes.Length;
        return lines;
    }

    private static (long? Seq, string? Prev, string? Station) Parse(byte[] line, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "is not an audit entry (not a JSON object): edited or damaged.";
                return (null, null, null);
            }

            long? seq = root.TryGetProperty("seq", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) && n > 0 ? n : null;
            var prev = String(root, "prev");
            var station = String(root, "station");
            var missing = new List<string>();
            if (seq is null)
            {
                missing.Add("seq");
            }

            foreach (var key in new[] { "time", "station", "who", "kind", "prev" })
            {
                if (String(root, key) is null)
                {
                    missing.Add(key);
                }
            }

            if (!root.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Object)
            {
                missing.Add("details");
            }

            if (missing.Count > 0)
            {
                problem = $"lacks {string.Join(", ", missing)} (or holds the wrong type): edited or damaged.";
            }
            else if (!DateTimeOffset.TryParse(String(root, "time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                problem = "has a time that is not a date: edited or damaged.";
            }
            else if (!AuditKinds.TryParse(String(root, "kind")!, out _))
            {
                problem = $"has an unknown kind '{String(root, "kind")}': edited, or written by a newer fixture.";
            }

            return (seq, prev, station);
        }
        catch (JsonException)
        {
            problem = "is not JSON: edited or damaged.";
            return (null, null, null);
        }
    }

    private static string? String(JsonElement root, string key) =>
        root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
