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

    /// <summary>
    /// A writer that shows everything written through it as <see cref="Escape(string?)"/> would, except
    /// line ends (`\n`, `\r\n`): for a whole text report or stream of plain lines, whose values come
    /// from files and units, so no value can be printed raw however the report was put together.
    /// </summary>
    public static TextWriter Writer(TextWriter inner) => TextWriter.Synchronized(new EscapingWriter(inner));

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

    private sealed class EscapingWriter(TextWriter inner) : TextWriter(inner.FormatProvider)
    {
        private bool pendingCarriageReturn;
        private char pendingHighSurrogate;

        public override Encoding Encoding => inner.Encoding;

        public override string NewLine
        {
            get => inner.NewLine;
#pragma warning disable CS8765 // TextWriter.NewLine's setter takes null as "\n" (Environment.NewLine)
            set => inner.NewLine = value;
#pragma warning restore CS8765
        }

        public override void Write(char value)
        {
            if (pendingHighSurrogate != '\0')
            {
                var high = pendingHighSurrogate;
                pendingHighSurrogate = '\0';
                if (char.IsLowSurrogate(value))
                {
                    inner.Write(high);
                    inner.Write(value);
                    return;
                }

                AppendTo(high);
            }

            if (pendingCarriageReturn)
            {
                pendingCarriageReturn = false;
                if (value == '\n')
                {
                    inner.Write("\r\n");
                    return;
                }

                inner.Write("\\r");
            }

            switch (value)
            {
                case '\n':
                    inner.Write('\n');
                    break;
                case '\r':
                    pendingCarriageReturn = true;
                    break;
                case var c when char.IsHighSurrogate(c):
                    pendingHighSurrogate = c;
                    break;
                default:
                    AppendTo(value);
                    break;
            }
        }

        public override void Write(string? value)
        {
            if (value is null)
            {
                return;
            }

            if (!pendingCarriageReturn && pendingHighSurrogate == '\0' && FirstUnsafe(value) < 0)
            {
                inner.Write(value);
                return;
            }

            foreach (var c in value)
            {
                Write(c);
            }
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            Write(NewLine);
        }

        // Synchronous, as the console's own writer is: no thread-pool hop for a line of text.
        public override Task WriteAsync(char value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(string? value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }

        public override Task FlushAsync()
        {
            Flush();
            return Task.CompletedTask;
        }

        public override void Flush()
        {
            EndPending();
            inner.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                EndPending();
                inner.Flush();
            }

            base.Dispose(disposing);
        }

        private void EndPending()
        {
            if (pendingCarriageReturn)
            {
                pendingCarriageReturn = false;
                inner.Write("\\r");
            }

            if (pendingHighSurrogate != '\0')
            {
                AppendTo(pendingHighSurrogate);
                pendingHighSurrogate = '\0';
            }
        }

        private void AppendTo(char c)
        {
            if (IsUnsafe(c))
            {
                var escaped = new StringBuilder(8);
                AppendEscape(escaped, c);
                inner.Write(escaped.ToString());
            }
            else
            {
                inner.Write(c);
            }
        }
    }
}
