using Fixture.Hal.Lines;

namespace Fixture.Controller.Upkeep;

/// <summary>
/// Counts one socket's relay operations in memory while a unit runs: every time a line goes from
/// released to asserted is one operation of its relay (the release belongs to the same operation).
/// <see cref="Wrap"/> puts a counting line in front of each of the socket's lines; <see cref="Take"/>
/// hands the counts of the attempt just finished to <see cref="StationUpkeep.AttemptFinishedAsync"/>
/// and starts again from zero. Lines are driven from the socket's own loop; the counts are read
/// after the loop has finished the unit, so a lock keeps the two apart only for safety.
/// </summary>
public sealed class RelayOperations
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> counts = new(StringComparer.Ordinal);

    /// <summary>The socket's lines with POWER, BOOT and RESET counted under those names.</summary>
    public SocketLines Wrap(SocketLines lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new SocketLines(new CountingLine(lines.Power, "POWER", this), new CountingLine(lines.Boot, "BOOT", this), new CountingLine(lines.Reset, "RESET", this));
    }

    /// <summary>The operations counted since the last call (only lines that operated), and a fresh start.</summary>
    public IReadOnlyDictionary<string, long> Take()
    {
        lock (gate)
        {
            var taken = new Dictionary<string, long>(counts, StringComparer.Ordinal);
            counts.Clear();
            return taken;
        }
    }

    private void Count(string line)
    {
        lock (gate)
        {
            counts[line] = counts.GetValueOrDefault(line) + 1;
        }
    }

    private sealed class CountingLine(IControlLine inner, string relay, RelayOperations tally) : IControlLine
    {
        public string Name => inner.Name;

        public bool IsAsserted => inner.IsAsserted;

        public void Set(bool asserted)
        {
            var was = inner.IsAsserted;
            inner.Set(asserted);
            if (asserted && !was)
            {
                tally.Count(relay);
            }
        }
    }
}
