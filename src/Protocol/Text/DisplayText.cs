using System.Globalization;
using System.Text;

namespace Fixture.Protocol.Text;

/// <summary>
/// Text that came from a unit, a file or an operator, made safe to show on a terminal, in a plain
/// line, an error message or a report: every control character (C0, DEL, C1), every invisible
/// format character (bidi overrides, zero-width marks), line and paragraph separators and lone
/// surrogates are written as visible escapes — `\t`, `\n`, `\r`, `\x1B`, `\u202E` — so such text can
/// never clear a screen, move the cursor, recolour the terminal or reorder what a person reads.
/// Printable text, non-ASCII letters included, is kept as it is. The one place this is decided:
/// every edge that prints outside text calls <see cref="Escape(string?)"/>.
/// </summary>
public static class DisplayText
{
    /// <summary>The text with every character that is not safe to show written as an escape; null gives an empty string.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var first = FirstUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
            }
            else if (IsUnsafe(c))
            {
                AppendEscape(escaped, c);
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// <see cref="Escape(string?)"/> of at most the first <paramref name="maxLength"/> characters, with
    /// `…` when some were left out: for a value quoted inside a longer message.
    /// </summary>
    public static string Escape(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (text is null || text.Length <= maxLength)
        {
            return Escape(text);
        }

        var cut = maxLength;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return Escape(text[..cut]) + "…";
    }

    /// <summary>True when <see cref="Escape(string?)"/> would change the text.</summary>
    public static bool NeedsEscape(string? text) => !string.IsNullOrEmpty(text) && FirstUnsafe(text) >= 0;

    private static int FirstUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(c))
            {
                return i;
            }
        }

        return -1;
    }

    // Printable ASCII is the common case and always safe.
    private static bool IsUnsafe(char c) =>
        c is < ' ' or >= '\u007F'
        && (c < '\u00A0' || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control
            or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse);

    private static void AppendEscape(StringBuilder escaped, char c)
    {
        switch (c)
        {
            case '\t':
                escaped.Append("\\t");
                break;
            case '\n':
                escaped.Append("\\n");
                break;
            case '\r':
                escaped.Append("\\r");
                break;
            case <= '\u00FF':
                escaped.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                break;
            default:
                escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                break;
        }
    }
}
