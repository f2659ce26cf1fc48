using Fixture.Protocol.Text;

namespace Fixture.Protocol.BootLog;

/// <summary>One kind of marker found in the log: how often, when first and last, and its first line.</summary>
public sealed class BootMarkerSighting
{
    private const int MaxTextLength = 120;

    internal BootMarkerSighting(BootMarkerKind kind, TimeSpan at, string text)
    {
        Kind = kind;
        FirstAt = at;
        LastAt = at;
        FirstText = Printable(text, MaxTextLength);
        Count = 1;
    }

    public BootMarkerKind Kind { get; }

    public int Count { get; private set; }

    public TimeSpan FirstAt { get; }

    public TimeSpan LastAt { get; private set; }

    /// <summary>The first line that carried it, trimmed, cut to 120 characters and escaped (<see cref="DisplayText"/>).</summary>
    public string FirstText { get; }

    internal void SeenAgain(TimeSpan at)
    {
        Count++;
        LastAt = at;
    }

    // Lines from the unit can hold any byte; reports and consoles get them escaped (DisplayText).
    internal static string Printable(string text, int maxLength = MaxTextLength) => DisplayText.Escape(text.Trim(), maxLength);
}
