using Fixture.Controller.Reports;
using Fixture.Controller.Station;
using Spectre.Console;
using Spectre.Console.Rendering;
using Fixture.Protocol.Text;

namespace Fixture.Controller.OperatorScreen;

/// <summary>
/// One socket's tile: ready, running (state, step, progress bar with region and bytes, MAC, unit id,
/// elapsed) or finished (a big PASS / FAIL / REWORK in its colour, the reason, what to do next)
/// until the socket's next unit starts.
/// </summary>
internal static class SocketTileView
{
    // Border and padding of a tile's panel, plus the gap to the next tile.
    private const int Frame = 5;

    public static IRenderable Build(SocketTile tile, bool selected, TileLayout layout, bool unicode, TimeSpan elapsed)
    {
        var inner = Math.Max(8, layout.TileWidth - Frame);
        var (lines, colour) = tile switch
        {
            { IsLocked: true, Snapshot: { } locked } => (Locked(locked), locked.State == StationSocketStates.VerificationRequired ? Color.Yellow : Color.Orange1),
            { Outcome: { } outcome } => (Finished(tile, outcome, inner, layout.Density, unicode), VerdictColour(outcome.Row.Verdict)),
            { IsBusy: true, Snapshot: { } snapshot } => (Running(tile, snapshot, inner, layout.Density, unicode, elapsed), Color.DodgerBlue1),
            _ => (Ready(tile), Color.Grey),
        };

        var title = selected ? $" Socket {tile.Socket} \u00b7 SELECTED " : $" Socket {tile.Socket} ";
        return new Panel(new Rows(lines))
        {
            Header = new PanelHeader($"[bold {colour.ToMarkup()}]{Markup.Escape(title)}[/]"),
            Border = selected ? BoxBorder.Double : BoxBorder.Rounded,
            BorderStyle = new Style(colour),
            Expand = true,
            Padding = new Padding(1, 0, 1, 0),
        };
    }

    public static Color VerdictColour(UnitVerdict verdict) => verdict switch
    {
        UnitVerdict.Pass => Color.Green,
        UnitVerdict.Fail => Color.Red,
        _ => Color.Yellow,
    };

    private static List<IRenderable> Locked(SocketSnapshot snapshot) => snapshot.State switch
    {
        StationSocketStates.WornOut =>
        [
            new Text("STOPPED: WORN OUT", new Style(Color.Orange1, decoration: Decoration.Bold)),
            new Text(DisplayText.Escape(snapshot.Step)),
            new Text("Starts are ignored until the technician replaces the part and resets its counter.", new Style(Color.Grey)),
        ],
        StationSocketStates.VerificationRequired =>
        [
            new Text("VERIFY FIRST", new Style(Color.Yellow, decoration: Decoration.Bold)),
            new Text(DisplayText.Escape(snapshot.Step)),
            new Text("Press V to mark the start GOLDEN or KNOWN_BAD, then Enter.", new Style(Color.Grey)),
        ],
        _ =>
        [
            new Text("LOCKED", new Style(Color.Orange1, decoration: Decoration.Bold)),
            new Text(DisplayText.Escape(snapshot.Step)),
            new Text("Starts are ignored. A technician unlocks it: select the socket, press T, type the id.", new Style(Color.Grey)),
        ],
    };

    private static List<IRenderable> Ready(SocketTile tile)
    {
        var lines = new List<IRenderable> { new Text("Ready", new Style(Color.Grey, decoration: Decoration.Bold)) };
        lines.Add(new Text(tile.BoundUnitId is { } id ? $"Unit id {DisplayText.Escape(id)}" : "Place a unit and press Enter.", new Style(Color.Grey)));
        return lines;
    }

    private static List<IRenderable> Running(SocketTile tile, SocketSnapshot snapshot, int inner, TileDensity density, bool unicode, TimeSpan elapsed)
    {
        var lines = new List<IRenderable>
        {
            new Text(TextFormat.Spread(snapshot.State, TextFormat.Elapsed(elapsed), inner), new Style(Color.DodgerBlue1, decoration: Decoration.Bold)),
            new Text(DisplayText.Escape(snapshot.Step)),
        };

        if (snapshot.Fraction is { } fraction)
        {
            var percent = TextFormat.WholePercent(fraction);
            lines.Add(new Text($"{TextFormat.Bar(fraction, inner - percent.Length - 1, unicode)} {percent}", new Style(Color.DodgerBlue1)));
            if (density == TileDensity.Minimal)
            {
                return lines;
            }

            lines.Add(new Text($"{snapshot.Region ?? "progress"}  {TextFormat.Progress(snapshot.BytesDone!.Value, snapshot.BytesTotal!.Value)}", new Style(Color.Grey)));
        }
        else if (density == TileDensity.Minimal)
        {
            return lines;
        }
        else if (snapshot.Region is { } region)
        {
            lines.Add(new Text(region, new Style(Color.Grey)));
        }

        // The station may already say the retry in the step's words; one line of it is enough.
        if (snapshot.Attempt is { } attempt && !Letters(snapshot.Step).Contains(Letters(attempt), StringComparison.OrdinalIgnoreCase))
        {
            lines.Add(new Text(attempt, new Style(Color.Yellow)));
        }

        lines.AddRange(Identity(snapshot.Mac, tile.UnitId));
        return lines;
    }

    private static List<IRenderable> Finished(SocketTile tile, UnitOutcome outcome, int inner, TileDensity density, bool unicode)
    {
        var row = outcome.Row;
        var colour = VerdictColour(row.Verdict);
        var word = row.Verdict.ToText();
        var lines = new List<IRenderable>();
        var compact = density != TileDensity.Full;
        if (!compact && BlockLetters.CanDraw(word) && BlockLetters.Width(word) <= inner)
        {
            lines.AddRange(BlockLetters.Draw(word, unicode).Select(line =>
                new Text(TextFormat.Centre(line, inner), new Style(colour, decoration: Decoration.Bold))));
        }
        else
        {
            // A solid band in the verdict's colour: still readable at a glance when the letters do not fit.
            var band = new Style(Color.Black, colour, Decoration.Bold);
            if (!compact)
            {
                lines.Add(new Text(new string(' ', inner), band));
            }

            lines.Add(new Text(TextFormat.Centre(word, inner), band));
            if (!compact)
            {
                lines.Add(new Text(new string(' ', inner), band));
            }
        }

        if (outcome.Headline != word)
        {
            lines.Add(new Text(DisplayText.Escape(outcome.Headline), new Style(colour, decoration: Decoration.Bold)));
        }

        if (row.VerificationUnit != VerificationUnitKind.None)
        {
            lines.Add(new Text($"{row.VerificationUnit.ToText()} verification unit (not in yield)", new Style(Color.Aqua)));
        }

        if (row.WeakSupplyWarning && row.Verdict == UnitVerdict.Pass)
        {
            lines.Add(new Text("Passed only after power-cycle retries: weak supply.", new Style(Color.Yellow)));
        }

        // Compact tiles give the reason and the next step two lines each (minimal ones: the next step
        // on one line), so all tiles stay on screen.
        if (density == TileDensity.Minimal)
        {
            lines.Add(new Text(TextFormat.Clip("Next: " + DisplayText.Escape(outcome.NextStep), inner, 1), new Style(decoration: Decoration.Bold)));
            return lines;
        }

        var maxLines = compact ? 2 : int.MaxValue;
        lines.Add(new Text(TextFormat.Clip(DisplayText.Escape(outcome.Explanation), inner, maxLines)));
        if (row.FailureCode == FailureCode.FixtureFault && row.Detail is { } detail)
        {
            // What the station found (a crossed port, a sagging supply, a vanished adapter): the technician needs it.
            lines.Add(new Text(TextFormat.Clip("Detail: " + DisplayText.Escape(detail), inner, compact ? 2 : 4), new Style(Color.Red)));
        }

        lines.Add(new Text(TextFormat.Clip("Next: " + DisplayText.Escape(outcome.NextStep), inner, maxLines), new Style(decoration: Decoration.Bold)));
        var time = row.TotalTime is { } total ? $"  {TextFormat.Elapsed(total)}" : "";
        lines.AddRange(Identity(row.Mac, row.UnitId, time));
        if (tile.BoundUnitId is { } nextId)
        {
            lines.Add(new Text($"Next unit id {DisplayText.Escape(nextId)}", new Style(Color.Aqua)));
        }

        return lines;
    }

    private static string Letters(string text) => new([.. text.Where(char.IsLetterOrDigit)]);

    private static IEnumerable<IRenderable> Identity(string? mac, string? unitId, string suffix = "")
    {
        var parts = new List<string>();
        if (mac is not null)
        {
            parts.Add("MAC " + mac);
        }

        if (unitId is not null)
        {
            parts.Add("Unit " + DisplayText.Escape(unitId));
        }

        if (parts.Count > 0 || suffix.Length > 0)
        {
            yield return new Text(string.Join("  ", parts) + suffix, new Style(Color.Grey));
        }
    }
}
