using System.Buffers;

namespace Fixture.Controller.Reports.Csv;

/// <summary>
/// Keeps free text (operator, lot, unit id, what the unit printed) from being run as a formula when
/// QA opens the CSV in a spreadsheet. A cell that starts with <c>= + - @</c>, tab or CR gets a
/// leading apostrophe, which spreadsheets read as "this is text" and do not display. A cell that
/// already starts with an apostrophe gets one too, so <see cref="Unprotect"/> restores exactly what
/// was protected. Only text columns pass through here: numeric columns are never touched, so a
/// negative reading stays a number.
/// </summary>
public static class SpreadsheetTextGuard
{
    public const char Marker = '\'';

    // The OWASP "CSV injection" starters, plus the marker itself so the escape is reversible.
    private static readonly SearchValues<char> Starters = SearchValues.Create("=+-@\t\r'");

    /// <summary>
    /// The cell text for <paramref name="text"/>: line breaks and other control characters (tab
    /// excepted) become spaces, so that every report row is exactly one line; then a formula
    /// starter is neutralised.
    /// </summary>
    public static string Protect(string text)
    {
        var flat = FlattenControlCharacters(text);
        return flat.Length > 0 && Starters.Contains(flat[0]) ? Marker + flat : flat;
    }

    /// <summary>The text a cell written by <see cref="Protect"/> stood for.</summary>
    public static string Unprotect(string cell) =>
        cell.Length >= 2 && cell[0] == Marker && Starters.Contains(cell[1]) ? cell[1..] : cell;

    private static string FlattenControlCharacters(string text)
    {
        var span = text.AsSpan();
        var first = span.IndexOfAnyInRange('\0', '\u001f');
        while (first >= 0 && span[first] == '\t')
        {
            var next = span[(first + 1)..].IndexOfAnyInRange('\0', '\u001f');
            first = next < 0 ? -1 : first + 1 + next;
        }

        if (first < 0 && !span.Contains('\u007f'))
        {
            return text;
        }

        return string.Create(text.Length, text, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                chars[i] = (c < ' ' && c != '\t') || c == '\u007f' ? ' ' : c;
            }
        });
    }
}
