namespace Fixture.Controller.OperatorScreen;

/// <summary>
/// How the tiles fit the terminal: as many columns as tiles of <see cref="MinTileWidth"/> fit (rows
/// balanced, so 8 sockets on 120 columns are 3 + 3 + 2), and compact tiles (one-line verdict band,
/// no blank lines) when full tiles would not fit the terminal's height.
/// </summary>
internal sealed record TileLayout(int Columns, int Rows, int TileWidth, bool Compact)
{
    /// <summary>Narrowest tile that still shows a progress bar and a MAC on one line each.</summary>
    public const int MinTileWidth = 34;

    /// <summary>Rows a full tile takes (borders, five-row verdict, reason and next step).</summary>
    public const int FullTileHeight = 16;

    /// <summary>Rows around the tiles: header, messages, input bar.</summary>
    public const int Chrome = 14;

    public static TileLayout Choose(int width, int height, int sockets)
    {
        var columns = Math.Clamp(width / MinTileWidth, 1, sockets);
        var rows = (sockets + columns - 1) / columns;
        columns = (sockets + rows - 1) / rows;
        var tileWidth = Math.Max(1, width / columns);
        var compact = (rows * FullTileHeight) + Chrome > height;
        return new TileLayout(columns, rows, tileWidth, compact);
    }
}
