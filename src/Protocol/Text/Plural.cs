using System.Globalization;

namespace Fixture.Protocol.Text;

/// <summary>A count with its noun in the right number: "1 file", "2 files", "1 unit id", "1,000 rows".</summary>
public static class Plural
{
    /// <summary>"<paramref name="count"/> <paramref name="singular"/>", or the plural (<paramref name="plural"/>, else singular + "s") for any count but 1.</summary>
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + Word(count, singular, plural);

    /// <summary>The noun alone, in the number <paramref name="count"/> asks for.</summary>
    public static string Word(long count, string singular, string? plural = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(singular);
        return count == 1 ? singular : plural ?? singular + "s";
    }
}
