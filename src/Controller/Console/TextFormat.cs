using System.Globalization;

namespace Fixture.Controller.OperatorScreen;

/// <summary>Numbers and times as the operator reads them (invariant: one format on every station).</summary>
internal static class TextFormat
{
    public static string Elapsed(TimeSpan elapsed) =>
        elapsed >= TimeSpan.FromHours(1)
            ? elapsed.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : elapsed.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) =>
        bytes < 10 * 1024
            ? bytes.ToString("N0", CultureInfo.InvariantCulture) + " B"
            : (bytes / 1024).ToString("N0", CultureInfo.InvariantCulture) + " KiB";

    /// <summary>"441 / 762 KiB": both sides in the unit of the total, so they can be compared at a glance.</summary>
    public static string Progress(long done, long total) =>
        total < 10 * 1024
            ? $"{done.ToString("N0", CultureInfo.InvariantCulture)} / {Bytes(total)}"
            : $"{(done / 1024).ToString("N0", CultureInfo.InvariantCulture)} / {Bytes(total)}";

    public static string Percent(double fraction) =>
        (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string WholePercent(double fraction) =>
        Math.Floor(Math.Clamp(fraction, 0, 1) * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A bar of <paramref name="width"/> cells, filled to <paramref name="fraction"/>.</summary>
    public static string Bar(double fraction, int width, bool unicode)
    {
        width = Math.Max(1, width);
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width, MidpointRounding.ToZero);
        return new string(unicode ? '\u2588' : '#', filled) + new string(unicode ? '\u2591' : '-', width - filled);
    }

    /// <summary><paramref name="left"/> and <paramref name="right"/> on one line of <paramref name="width"/> cells.</summary>
    public static string Spread(string left, string right, int width) =>
        left + new string(' ', Math.Max(1, width - left.Length - right.Length)) + right;

    /// <summary>The text centred in a line of <paramref name="width"/> cells (for a coloured band).</summary>
    public static string Centre(string text, int width)
    {
        if (text.Length >= width)
        {
            return text;
        }

        var left = (width - text.Length) / 2;
        return new string(' ', left) + text + new string(' ', width - text.Length - left);
    }

    /// <summary>
    /// The text word-wrapped to <paramref name="width"/>, cut to <paramref name="maxLines"/> lines with
    /// an ellipsis: compact tiles keep every tile on screen rather than every word.
    /// </summary>
    public static string Clip(string text, int width, int maxLines)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }

        lines.Add(line);
        if (lines.Count <= maxLines)
        {
            return text;
        }

        var kept = lines.Take(maxLines).ToList();
        var last = kept[^1];
        kept[^1] = (last.Length >= width ? last[..(width - 1)] : last) + "\u2026";
        return string.Join(' ', kept);
    }
}
