using System.Globalization;

namespace Fixture.Controller.Upkeep;

/// <summary>
/// Warning and stop limits of the wear counters (issue 12 §4): a socket's insertions (its pogo block)
/// and each relay's operations. 0 turns a limit off. The defaults are placeholders in the range of
/// common parts (pogo pins ~100 000 cycles, signal relays ~10⁶–10⁷ operations): set your parts'
/// rated life. From the station configuration's <c>workflow.wear</c> (<see cref="From"/>); the defaults are
/// <see cref="Workflow.Configuration.WearConfig"/>'s.
/// </summary>
public sealed record WearLimits
{
    public static WearLimits Default { get; } = From(new Workflow.Configuration.WearConfig());

    public long InsertionWarning { get; init; }

    public long InsertionStop { get; init; }

    public long RelayWarning { get; init; }

    public long RelayStop { get; init; }

    public static WearLimits From(Workflow.Configuration.WearConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new() { InsertionWarning = config.InsertionWarning, InsertionStop = config.InsertionStop, RelayWarning = config.RelayWarning, RelayStop = config.RelayStop };
    }
}

public enum WearLevel
{
    Ok,

    /// <summary>At or past the warning limit: plan the replacement.</summary>
    Warning,

    /// <summary>At or past the stop limit: the socket must not be used until the part is replaced and its counter reset.</summary>
    Stop,
}

/// <summary>One counter judged against its limits; <see cref="Line"/> is null for a socket's insertion counter.</summary>
public sealed record WearStatus(int Socket, string? Line, long Count, long WarningLimit, long StopLimit, WearLevel Level)
{
    /// <summary>What the operator or technician reads, e.g. "replace the pogo block of socket 3 …".</summary>
    public string Text
    {
        get
        {
            var what = Line is null ? $"socket {Socket}: {Count.ToString("N0", CultureInfo.InvariantCulture)} insertions" : $"socket {Socket} {Line} relay: {Count.ToString("N0", CultureInfo.InvariantCulture)} operations";
            var part = Line is null ? $"the pogo block of socket {Socket}" : $"the {Line} relay of socket {Socket}";
            var reset = Line is null
                ? $"fixture socket counters --reset insertions --socket {Socket} --by ID"
                : $"fixture socket counters --reset relay --socket {Socket} --line {Line} --by ID";
            return Level switch
            {
                WearLevel.Stop => $"{what}, at its stop limit of {StopLimit.ToString("N0", CultureInfo.InvariantCulture)}: replace {part} now; socket {Socket} stays stopped until then. Afterwards: {reset}",
                WearLevel.Warning => $"{what}, past its warning limit of {WarningLimit.ToString("N0", CultureInfo.InvariantCulture)}: replace {part} soon (stop at {StopLimit.ToString("N0", CultureInfo.InvariantCulture)}). Afterwards: {reset}",
                _ => what,
            };
        }
    }
}

/// <summary>The wear counters judged against their limits, and the counter resets (which need an id).</summary>
public static class WearCounters
{
    /// <summary>Every socket's insertion counter and every counted relay, judged; sockets 1..<paramref name="sockets"/> always appear.</summary>
    public static IReadOnlyList<WearStatus> Evaluate(StationState state, WearLimits limits, int sockets = 0)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(limits);
        var numbers = state.Sockets.Select(s => s.Socket).Concat(state.Relays.Select(r => r.Socket)).Concat(Enumerable.Range(1, Math.Max(0, sockets))).Distinct().Order();
        var result = new List<WearStatus>();
        foreach (var socket in numbers)
        {
            var insertions = state.Socket(socket).Insertions;
            result.Add(new WearStatus(socket, null, insertions, limits.InsertionWarning, limits.InsertionStop, Level(insertions, limits.InsertionWarning, limits.InsertionStop)));
            foreach (var relay in state.Relays.Where(r => r.Socket == socket))
            {
                result.Add(new WearStatus(socket, relay.Line, relay.Operations, limits.RelayWarning, limits.RelayStop, Level(relay.Operations, limits.RelayWarning, limits.RelayStop)));
            }
        }

        return result;
    }

    /// <summary>True when any of the socket's counters is at its stop limit (phase B: refuse a start like a lock).</summary>
    public static bool IsStopped(StationState state, WearLimits limits, int socket) =>
        Evaluate(state, limits).Any(s => s.Socket == socket && s.Level == WearLevel.Stop);

    /// <summary>The state with the socket's insertion counter at 0, and the count it had.</summary>
    /// <exception cref="ArgumentException">No usable id.</exception>
    public static (StationState State, long Was) ResetInsertions(StationState state, int socket, string by)
    {
        ArgumentNullException.ThrowIfNull(state);
        Audit.AuditLog.ValidateWho(by);
        var record = state.Socket(socket);
        return (state.With(record with { Insertions = 0 }), record.Insertions);
    }

    /// <summary>The state with one relay's operation counter at 0, and the count it had.</summary>
    /// <exception cref="ArgumentException">No usable id, or no such relay counter.</exception>
    public static (StationState State, long Was) ResetRelay(StationState state, int socket, string line, string by)
    {
        ArgumentNullException.ThrowIfNull(state);
        Audit.AuditLog.ValidateWho(by);
        if (!state.Relays.Any(r => r.Socket == socket && string.Equals(r.Line, line, StringComparison.Ordinal)))
        {
            var known = state.Relays.Where(r => r.Socket == socket).Select(r => r.Line).ToList();
            throw new ArgumentException($"Socket {socket} has no relay counter '{line}'{(known.Count > 0 ? $"; it has {string.Join(", ", known)}" : "")}.", nameof(line));
        }

        var was = state.RelayOperations(socket, line);
        return (state.WithRelay(new RelayRecord(socket, line, 0)), was);
    }

    private static WearLevel Level(long count, long warning, long stop) =>
        stop > 0 && count >= stop ? WearLevel.Stop
        : warning > 0 && count >= warning ? WearLevel.Warning
        : WearLevel.Ok;
}
