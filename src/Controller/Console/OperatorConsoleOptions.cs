using Fixture.Controller.Workflow.Configuration;
using Fixture.Hal.Configuration;

namespace Fixture.Controller.OperatorScreen;

/// <summary>Whether the console asks the operator for a value (lot, operator, unit id), per station configuration.</summary>
public enum EntryRule
{
    /// <summary>Not asked; keys for it are refused with a message.</summary>
    Off,

    /// <summary>May be entered; a start does not wait for it.</summary>
    Optional,

    /// <summary>A start is refused until it is entered (for a unit id: on every socket being started).</summary>
    Required,
}

/// <summary>What the operator console shows besides the station's events, and which entries it asks for.</summary>
public sealed record OperatorConsoleOptions
{
    /// <summary>The station id of the report rows.</summary>
    public required string StationId { get; init; }

    public string? StationName { get; init; }

    /// <summary>Recipe name and version as the operator should see them, e.g. "openbl602-sim 1.0.0".</summary>
    public required string Recipe { get; init; }

    /// <summary>The station's socket numbers in tile order (1 to 8 sockets).</summary>
    public required IReadOnlyList<int> Sockets { get; init; }

    public EntryRule LotEntry { get; init; } = EntryRule.Optional;

    public EntryRule OperatorEntry { get; init; } = EntryRule.Optional;

    public EntryRule UnitIdEntry { get; init; } = EntryRule.Optional;

    /// <summary>Lot already known at start-up (command line), or null.</summary>
    public string? Lot { get; init; }

    /// <summary>Operator already known at start-up, or null.</summary>
    public string? Operator { get; init; }

    /// <summary>A line shown above everything, e.g. the demo's "no station, nothing is flashed" label.</summary>
    public string? Banner { get; init; }

    /// <summary>How often the render loop reads keys and redraws when something changed.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Station messages kept on screen (errors first, then the newest).</summary>
    public int MessageLines { get; init; } = 4;

    /// <summary>Longest unit id, lot or operator text accepted from the keyboard or a scanner.</summary>
    public int MaxEntryLength { get; init; } = 64;

    /// <summary>
    /// The console for a loaded station configuration: its id and name, its sockets by the numbers
    /// operators see (<c>sockets[i].id</c>, default position + 1), and its entries: <c>workflow.askUnitId</c>
    /// makes a unit id required before each start, <c>workflow.askShift</c> the lot and operator;
    /// otherwise they may be entered but are not waited for.
    /// </summary>
    public static OperatorConsoleOptions For(StationConfig station, WorkflowConfig workflow, string recipe) => new()
    {
        StationId = station.Station?.Id ?? "",
        StationName = station.Station?.Name,
        Recipe = recipe,
        Sockets = [.. station.Sockets.Select((socket, index) => socket.Id ?? index + 1)],
        UnitIdEntry = workflow.AskUnitId ? EntryRule.Required : EntryRule.Optional,
        LotEntry = workflow.AskShift ? EntryRule.Required : EntryRule.Optional,
        OperatorEntry = workflow.AskShift ? EntryRule.Required : EntryRule.Optional,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong; the console is not built.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(StationId))
        {
            throw new ArgumentException("The operator console needs the station id (station.id in the station configuration).", nameof(StationId));
        }

        if (Sockets.Count is < 1 or > 8)
        {
            throw new ArgumentException($"The operator console shows 1 to 8 sockets; this station has {Sockets.Count}.", nameof(Sockets));
        }

        if (Sockets.Any(socket => socket < 1) || Sockets.Distinct().Count() != Sockets.Count)
        {
            throw new ArgumentException(
                $"Socket numbers must be distinct and from 1; got {string.Join(", ", Sockets)}. Fix sockets[i].id in the station configuration.",
                nameof(Sockets));
        }

        if (PollInterval <= TimeSpan.Zero || MessageLines < 1 || MaxEntryLength < 1)
        {
            throw new ArgumentException("PollInterval, MessageLines and MaxEntryLength must be positive.", nameof(PollInterval));
        }
    }
}
