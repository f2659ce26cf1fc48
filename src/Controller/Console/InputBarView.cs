using Fixture.Controller.Reports;
using Fixture.Controller.Station;
using Spectre.Console;
using Spectre.Console.Rendering;
using Fixture.Protocol.Text;

namespace Fixture.Controller.OperatorScreen;

/// <summary>The input bar: what is selected or being typed, the abort question, the last answer, the keys.</summary>
internal static class InputBarView
{
    public static IRenderable Build(InputStatus input, OperatorConsoleOptions options, bool compact)
    {
        var lines = new List<IRenderable> { State(input) };
        if (input.Feedback is { } feedback)
        {
            lines.Add(new Text(DisplayText.Escape(feedback.Text), feedback.Level switch
            {
                StationMessageLevel.Error => new Style(Color.Red, decoration: Decoration.Bold),
                StationMessageLevel.Warning => new Style(Color.Yellow, decoration: Decoration.Bold),
                _ => new Style(Color.Aqua),
            }));
        }

        lines.Add(new Text(compact ? ShortKeys(options) : Keys(options), new Style(Color.Grey)));
        return new Rows(lines);
    }

    private static IRenderable State(InputStatus input)
    {
        if (input.AbortPending)
        {
            var what = input.AbortTarget is { } socket ? $"the unit on socket {socket}" : "every running unit";
            return new Text($" Abort {what}? Press Y to abort, any other key to keep it running. ", new Style(Color.White, Color.Red, Decoration.Bold));
        }

        if (input.Prompt != PromptKind.None)
        {
            var target = input.PromptSocket is { } socket ? $" for socket {socket}" : "";
            var label = input.Prompt == PromptKind.Scan ? $"Scanned{target}" : OperatorKeys.PromptName(input.Prompt) + target;
            return new Paragraph()
                .Append($"{label}: ", new Style(decoration: Decoration.Bold))
                .Append(DisplayText.Escape(input.Buffer) + "_", new Style(Color.Black, Color.Aqua))
                .Append("   Enter saves, Esc cancels", new Style(Color.Grey));
        }

        var line = new Paragraph()
            .Append("Selected: ", new Style(Color.Grey))
            .Append(input.Selected is { } selected ? $"socket {selected}" : "all idle sockets", new Style(decoration: Decoration.Bold));
        if (input.NextVerification != VerificationUnitKind.None)
        {
            line.Append($"   Next start: {input.NextVerification.ToText()} verification unit", new Style(Color.Aqua, decoration: Decoration.Bold));
        }

        return line;
    }

    // One line on a short screen, where every row is a tile row lost.
    private static string ShortKeys(OperatorConsoleOptions options)
    {
        var keys = options.Sockets.Count == 1 ? "Enter start" : $"Enter start  {options.Sockets.Min()}-{options.Sockets.Max()}/0 select";
        keys += "  A abort";
        keys += options.UnitIdEntry != EntryRule.Off ? "  U id" : "";
        keys += options.LotEntry != EntryRule.Off ? "  L lot" : "";
        keys += options.OperatorEntry != EntryRule.Off ? "  O operator" : "";
        return keys + "  V verify  T unlock  C clear";
    }

    private static string Keys(OperatorConsoleOptions options)
    {
        var sockets = options.Sockets.Count == 1 ? "" : $"   {options.Sockets.Min()}-{options.Sockets.Max()} select, 0 all";
        var keys = $"Enter start{sockets}   A/Esc abort";
        if (options.UnitIdEntry != EntryRule.Off)
        {
            keys += "   U unit id (or scan)";
        }

        if (options.LotEntry != EntryRule.Off)
        {
            keys += "   L lot";
        }

        if (options.OperatorEntry != EntryRule.Off)
        {
            keys += "   O operator";
        }

        return keys + "   V golden/known-bad   T unlock   C clear messages";
    }
}
