using Fixture.Controller.Station;
using Spectre.Console;
using Spectre.Console.Rendering;
using Fixture.Protocol.Text;

namespace Fixture.Controller.OperatorScreen;

/// <summary>Station, recipe, lot and operator; today's counts and first-pass yield.</summary>
internal static class HeaderView
{
    public static IRenderable Build(OperatorConsoleOptions options, ConsoleFrame frame)
    {
        var station = options.StationName is { } name && name != options.StationId ? $"{name} ({options.StationId})" : options.StationId;
        var identity = new Paragraph();
        identity.Append("Station ", Dim).Append(DisplayText.Escape(station), Bold)
            .Append("   Recipe ", Dim).Append(DisplayText.Escape(options.Recipe), Bold);
        AppendEntry(identity, "Lot", frame.Lot, options.LotEntry, 'L');
        AppendEntry(identity, "Operator", frame.Operator, options.OperatorEntry, 'O');

        var lines = new List<IRenderable>();
        if (options.Banner is { } banner)
        {
            lines.Add(new Text($" {banner} ", new Style(Color.Black, Color.Fuchsia, Decoration.Bold)));
        }

        lines.Add(identity);
        lines.Add(Counts(frame.Counts));
        return new Panel(new Rows(lines)) { Expand = true, Border = BoxBorder.Rounded, Padding = new Padding(1, 0, 1, 0) };
    }

    private static Style Dim => new(Color.Grey);

    private static Style Bold => new(decoration: Decoration.Bold);

    private static void AppendEntry(Paragraph line, string label, string? value, EntryRule rule, char key)
    {
        if (rule == EntryRule.Off)
        {
            return;
        }

        line.Append($"   {label} ", Dim);
        if (!string.IsNullOrEmpty(value))
        {
            line.Append(DisplayText.Escape(value), Bold);
        }
        else if (rule == EntryRule.Required)
        {
            line.Append($"missing: press {key}", new Style(Color.Red, decoration: Decoration.Bold));
        }
        else
        {
            line.Append("\u2014", Dim);
        }
    }

    private static Paragraph Counts(StationCounts? counts)
    {
        var line = new Paragraph();
        if (counts is null)
        {
            return line.Append("Today: no units yet", Dim);
        }

        line.Append("Today ", Dim).Append(Plural.Of(counts.Attempts, "attempt"), Bold)
            .Append("   PASS ", Dim).Append(TextFormat.Count(counts.Pass), new Style(Color.Green, decoration: Decoration.Bold))
            .Append("   FAIL ", Dim).Append(TextFormat.Count(counts.Fail), new Style(Color.Red, decoration: Decoration.Bold))
            .Append("   REWORK ", Dim).Append(TextFormat.Count(counts.Rework), new Style(Color.Yellow, decoration: Decoration.Bold))
            .Append("   First-pass yield ", Dim)
            .Append(counts.FirstPassYield is { } yield ? TextFormat.Percent(yield) : "\u2014", Bold);
        return line;
    }
}
