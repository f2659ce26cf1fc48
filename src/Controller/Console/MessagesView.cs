using System.Globalization;
using Fixture.Controller.Station;
using Spectre.Console;
using Spectre.Console.Rendering;
using Fixture.Protocol.Text;

namespace Fixture.Controller.OperatorScreen;

/// <summary>
/// Station messages: errors first (a red panel, each line marked), then the newest others. The station
/// writes what happened and what to do; the console makes it impossible to miss.
/// </summary>
internal static class MessagesView
{
    public static IRenderable? Build(IReadOnlyList<TimedMessage> messages, int maxLines, bool unicode, bool compact)
    {
        if (messages.Count == 0)
        {
            return null;
        }

        var shown = messages
            .OrderByDescending(message => message.Message.Level)
            .ThenByDescending(message => message.Sequence)
            .Take(maxLines)
            .ToList();
        var worst = shown.Max(message => message.Message.Level);
        var hidden = messages.Count - shown.Count;

        var lines = new List<IRenderable>(shown.Select(message => Line(message, unicode)));
        if (hidden > 0 && !compact)
        {
            lines.Add(new Text($"{hidden} older message(s) not shown; C clears the list.", new Style(Color.Grey)));
        }

        var (colour, title) = worst switch
        {
            StationMessageLevel.Error => (Color.Red, " ATTENTION: station messages (C clears) "),
            StationMessageLevel.Warning => (Color.Yellow, " Station messages (C clears) "),
            _ => (Color.Grey, " Station messages (C clears) "),
        };
        return new Panel(new Rows(lines))
        {
            Header = new PanelHeader($"[bold {colour.ToMarkup()}]{Markup.Escape(title)}[/]"),
            Border = worst == StationMessageLevel.Error ? BoxBorder.Heavy : BoxBorder.Rounded,
            BorderStyle = new Style(colour),
            Expand = true,
            Padding = new Padding(1, 0, 1, 0),
        };
    }

    private static Paragraph Line(TimedMessage timed, bool unicode)
    {
        var message = timed.Message;
        var (mark, markStyle, textStyle) = message.Level switch
        {
            StationMessageLevel.Error => (" ERROR ", new Style(Color.White, Color.Red, Decoration.Bold), new Style(Color.Red, decoration: Decoration.Bold)),
            StationMessageLevel.Warning => (" WARN  ", new Style(Color.Black, Color.Yellow, Decoration.Bold), new Style(Color.Yellow)),
            _ => (unicode ? "   \u00b7   " : "   -   ", new Style(Color.Grey), Style.Plain),
        };
        var socket = message.Socket is { } number ? $"Socket {number}: " : "";
        return new Paragraph()
            .Append(timed.ArrivedLocal.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " ", new Style(Color.Grey))
            .Append(mark, markStyle)
            .Append(" " + socket + DisplayText.Escape(message.Text), textStyle);
    }
}
