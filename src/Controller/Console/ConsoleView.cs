using Spectre.Console;
using Spectre.Console.Rendering;

namespace Fixture.Controller.OperatorScreen;

/// <summary>Draws one frame: header, messages, the input bar, the socket tiles laid out for the terminal.</summary>
internal static class ConsoleView
{
    public static IRenderable Build(
        ConsoleFrame frame,
        InputStatus input,
        OperatorConsoleOptions options,
        Size terminal,
        bool unicode,
        Func<SocketTile, TimeSpan> elapsed)
    {
        var layout = TileLayout.Choose(terminal.Width, terminal.Height, frame.Tiles.Count);
        var parts = new List<IRenderable> { HeaderView.Build(options, frame) };
        var messageLines = layout.IsCompact ? Math.Min(options.MessageLines, TileLayout.ShortMessageLines) : options.MessageLines;
        if (MessagesView.Build(frame.Messages, messageLines, unicode, layout.IsCompact) is { } messages)
        {
            parts.Add(messages);
        }

        // The input bar sits above the tiles: when a small terminal crops the bottom, an abort
        // question or a refused start must still be seen.
        parts.Add(InputBarView.Build(input, options, layout.IsCompact));
        parts.Add(Tiles(frame, input, layout, unicode, elapsed));
        return new Rows(parts);
    }

    private static Grid Tiles(ConsoleFrame frame, InputStatus input, TileLayout layout, bool unicode, Func<SocketTile, TimeSpan> elapsed)
    {
        var grid = new Grid { Expand = true };
        for (var column = 0; column < layout.Columns; column++)
        {
            grid.AddColumn(new GridColumn { Padding = new Padding(0, 0, column < layout.Columns - 1 ? 1 : 0, 0) });
        }

        foreach (var row in frame.Tiles.Chunk(layout.Columns))
        {
            var cells = row
                .Select(tile => SocketTileView.Build(tile, tile.Socket == input.Selected, layout, unicode, elapsed(tile)))
                .ToList();

            // A short last row keeps the tile width of the rows above.
            while (cells.Count < layout.Columns)
            {
                cells.Add(Text.Empty);
            }

            grid.AddRow([.. cells]);
        }

        return grid;
    }
}
