namespace Fixture.Hal.Configuration;

/// <summary>
/// What a station id may be, defined once: it names the station's report folder and files
/// (<c>&lt;reports&gt;/&lt;id&gt;/&lt;id&gt;_&lt;day&gt;.csv</c>), so 1 to 32 letters, digits, '.', '_' or '-',
/// starting with a letter or digit (never "." or "..": a path like ../../etc must not name a folder, and a
/// leading dot would hide it), not ending with '.' (Windows drops it: two ids, one folder), and not a
/// Windows device name (CON, NUL, COM1, ...), so a station's reports can be copied to any machine.
/// `config validate` and `run` refuse the same ids with the same words.
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

        var shown = string.Concat(id.Take(40).Select(c => char.IsControl(c) ? '?' : c));
        if (id.Length > MaxLength || !char.IsAsciiLetterOrDigit(id[0]) || id[^1] == '.' || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return $"'{shown}' cannot name the station's report folder and files: use 1–{MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit and not ending with '.' (for example ST01).";
        }

        if (IsDeviceName(id))
        {
            return $"'{shown}' cannot name the station's report folder and files: it is a Windows device name (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9); add to it (for example {shown}-1).";
        }

        return null;
    }

    /// <summary>Windows opens the device, not a folder, for these names, with or without an extension.</summary>
    private static bool IsDeviceName(string id)
    {
        var stem = id.Split('.')[0].ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL"
            || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && stem[3] is >= '1' and <= '9');
    }
}
