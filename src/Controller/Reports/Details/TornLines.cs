using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Fixture.Controller.Reports.Csv;

namespace Fixture.Controller.Reports.Details;

/// <summary>
/// A torn line the station moved aside when it started after a power loss (docs/qa-guide.md §6),
/// as its <c>.torn</c> sidecar records it.
/// </summary>
/// <param name="Sidecar">The sidecar's file name.</param>
/// <param name="Note">Line of the sidecar's <c>#</c> note.</param>
/// <param name="MovedAt">When it was moved aside (UTC), as the note says; null when the note does not parse.</param>
/// <param name="From">The report file it was cut from.</param>
/// <param name="Offset">Byte offset in that file where the torn part started.</param>
/// <param name="Reason">Why it was judged torn.</param>
/// <param name="Attempt">The attempt number the fragment carries, when enough of it was written.</param>
/// <param name="Fragment">The start of the torn bytes (at most 120 characters, NULs shown as ␀).</param>
public sealed record TornLine(string Sidecar, long Note, DateTimeOffset? MovedAt, string From, long? Offset, string Reason, long? Attempt, string Fragment);

/// <summary>Reads the <c>.torn</c> sidecar beside a report file.</summary>
internal static partial class TornLineReader
{
    private const int MaxFragment = 120;

    /// <summary>The torn lines recorded beside <paramref name="reportFile"/>; none when it has no sidecar.</summary>
    public static IEnumerable<TornLine> Read(string reportFile)
    {
        var sidecar = ReportLayout.TornSidecar(reportFile);
        if (!File.Exists(sidecar))
        {
            yield break;
        }

        var name = Path.GetFileName(sidecar);
        string[] lines;
        try
        {
            lines = File.ReadAllText(sidecar, Encoding.UTF8).Split('\n');
        }
        catch (IOException)
        {
            yield break;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var note = NotePattern().Match(lines[i]);
            if (!note.Success)
            {
                continue;
            }

            // The torn bytes follow the note up to the next note (they may span two lines).
            var fragment = new StringBuilder();
            for (var j = i + 1; j < lines.Length && !NotePattern().IsMatch(lines[j]); j++)
            {
                fragment.Append(fragment.Length > 0 && lines[j].Length > 0 ? " " : "").Append(lines[j]);
            }

            var text = fragment.ToString();
            yield return new TornLine(
                name,
                i + 1,
                DateTimeOffset.TryParse(note.Groups["time"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null,
                note.Groups["from"].Value,
                long.TryParse(note.Groups["offset"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : null,
                note.Groups["reason"].Value,
                AttemptOf(text),
                Shorten(text));
        }
    }

    // timestamp,station,socket,attempt,… : the attempt is the fourth field, early in the line, so a
    // torn row usually still has it (a fragment that stops inside the number gives no number).
    private static long? AttemptOf(string fragment)
    {
        var fields = fragment.Split(',', 5);
        return fields.Length >= 5 && long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) ? attempt : null;
    }

    private static string Shorten(string text)
    {
        var clean = text.Replace('\0', '␀');
        return clean.Length <= MaxFragment ? clean : clean[..MaxFragment] + "…";
    }

    [GeneratedRegex(@"^# (?<time>\S+) moved aside from (?<from>.+?) at byte (?<offset>\d+): (?<reason>.*)$")]
    private static partial Regex NotePattern();
}
