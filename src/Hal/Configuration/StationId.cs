namespace Fixture.Hal.Configuration;

/// <summary>
/// What a station id may be, defined once: it names the station's report folder and files
/// (<c>&lt;reports&gt;/&lt;id&gt;/&lt;id&gt;_&lt;day&gt;.csv</c>), so 1 to 32 letters, digits, '.', '_' or '-',
/// and not "." or ".." (a path like ../../etc must not name a folder). `config validate` and `run`
/// refuse the same ids with the same words.
/// </summary>
public static class StationId
{
    /// <summary>The characters and length, for a regular expression (the report file names use it too).</summary>
    public const string Pattern = "[A-Za-z0-9._-]{1,32}";

    public const int MaxLength = 32;

    /// <summary>Null when <paramref name="id"/> is a valid station id, else what is wrong and what to write.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "missing: give the station an id (it goes into every report row and names the report folder).";
        }

        if (id.Length > MaxLength || id is "." or ".." || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            var shown = string.Concat(id.Take(40).Select(c => char.IsControl(c) ? '?' : c));
            return $"'{shown}' cannot name the station's report folder and files: use 1–{MaxLength} letters, digits, '.', '_' or '-' (for example ST01), not \".\" or \"..\".";
        }

        return null;
    }
}
