namespace Fixture.Controller.OperatorScreen;

/// <summary>How much a tile shows: everything, or less so that every tile stays on a short screen.</summary>
internal enum TileDensity
{
    /// <summary>Five-row verdict letters, the whole reason and next step.</summary>
    Full,

    /// <summary>One-line verdict band; reason and next step two lines each; two message lines.</summary>
    Compact,

    /// <summary>Verdict band, code, next step on one line; running: state, step and bar only.</summary>
    Minimal,
}

/// <summary>
/// How the tiles fit the terminal: as many columns as tiles of <see cref="MinTileWidth"/> fit (rows
/// balanced, so 8 sockets on 120 columns are 3 + 3 + 2), and the densest tiles that still let every
/// row of tiles fit the terminal's height.
/// </summary>
internal sealed record TileLayout(int Columns, int Rows, int TileWidth, TileDensity Density)
{
    /// <summary>Narrowest tile that still shows a progress bar and a MAC on one line each.</summary>
    public const int MinTileWidth = 34;

    /// <summary>Rows a full tile takes (borders, five-row verdict, reason and next step).</summary>
    public const int FullTileHeight = 16;

    /// <summary>Rows a compact tile takes.</summary>
    public const int CompactTileHeight = 9;

    /// <summary>Rows around the tiles: header, messages, input bar (fewer message lines when not full).</summary>
    public const int FullChrome = 14;

    public const int ShortChrome = 12;

    /// <summary>Station messages shown when tiles are not full.</summary>
    public const int ShortMessageLines = 2;

    public bool IsCompact => Density != TileDensity.Full;

    public static TileLayout Choose(int width, int height, int sockets)
    {
        var columns = Math.Clamp(width / MinTileWidth, 1, sockets);
        var rows = (sockets + columns - 1) / columns;
        columns = (sockets + rows - 1) / rows;
        var tileWidth = Math.Max(1, width / columns);
        var density = (rows * FullTileHeight) + FullChrome <= height ? TileDensity.Full
            : (rows * CompactTileHeight) + ShortChrome <= height ? TileDensity.Compact
            : TileDensity.Minimal;
        return new TileLayout(columns, rows, tileWidth, density);
    }
}
