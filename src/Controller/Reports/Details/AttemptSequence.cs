using Fixture.Controller.Reports.Yield;

namespace Fixture.Controller.Reports.Details;

/// <summary>
/// Attempt numbers missing between two a station wrote: a deleted row, a torn line moved aside, or
/// an attempt cut off by a power loss before its row was written.
/// </summary>
/// <param name="Before">The station's row with the number just below the gap.</param>
/// <param name="After">The station's row with the number just above it.</param>
/// <param name="TornLines">Torn lines moved aside that carried missing numbers; when they carry every one, the gap is explained.</param>
/// <param name="UnreadableRow">An unreadable row between the two in the same file: probably the missing one.</param>
public sealed record AttemptGap(
    string Station,
    long FirstMissing,
    long LastMissing,
    long BeforeAttempt,
    RowLocation Before,
    long AfterAttempt,
    RowLocation After,
    IReadOnlyList<TornLine> TornLines,
    RowLocation? UnreadableRow)
{
    /// <summary>Every missing number is a torn line moved aside (a power loss, not a deleted row).</summary>
    public bool Explained => TornLines.Select(t => t.Attempt).Distinct().Count() == Missing;

    public long Missing => LastMissing - FirstMissing + 1;

    /// <summary><c>57</c> or <c>57–59</c>.</summary>
    public string Numbers => FirstMissing == LastMissing ? $"{FirstMissing}" : $"{FirstMissing}–{LastMissing}";
}

/// <summary>One attempt number written on two rows of a station (a copied row).</summary>
public sealed record RepeatedAttempt(string Station, long Attempt, RowLocation First, RowLocation Again);

/// <summary>
/// Every station's attempt numbers, to find gaps and repeats. Numbers are kept in 4 096-entry
/// chunks of row references (8 bytes per attempt number in use), whatever order rows come in.
/// Rows inside the report's scope (dates, lot) mark the span a gap must touch to be reported.
/// </summary>
internal sealed class AttemptSequence(int attemptColumn)
{
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly Dictionary<string, Station> stations = new(StringComparer.Ordinal);
    private Station? lastStation;
    private string? lastStationName;

    public void Add(in YieldRow row, RowRef where, bool inScope, Func<RowRef, RowLocation> locate, CappedList<RepeatedAttempt> repeats)
    {
        if (!long.TryParse(row.Fields[attemptColumn], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var attempt) || attempt < 1)
        {
            return;
        }

        if (lastStation is not { } station || !string.Equals(lastStationName, row.Station, StringComparison.Ordinal))
        {
            if (!stations.TryGetValue(row.Station, out station))
            {
                station = new Station();
                stations.Add(row.Station, station);
            }

            (lastStation, lastStationName) = (station, row.Station);
        }

        var chunk = station.Chunk(attempt >> ChunkBits);

        ref var slot = ref chunk[attempt & (ChunkSize - 1)];
        if (slot != 0)
        {
            if (station.RepeatsSeen.Add(attempt))
            {
                repeats.Add(new RepeatedAttempt(row.Station, attempt, locate(Unpack(slot)), locate(where)));
            }
        }
        else
        {
            slot = Pack(where);
        }

        if (inScope)
        {
            station.ScopeMin = Math.Min(station.ScopeMin, attempt);
            station.ScopeMax = Math.Max(station.ScopeMax, attempt);
        }
    }

    /// <summary>The gaps that touch the scope's span on each station, in station and number order.</summary>
    public List<(string Station, long FirstMissing, long LastMissing, long Before, RowRef BeforeRow, long After, RowRef AfterRow)> Gaps()
    {
        var gaps = new List<(string, long, long, long, RowRef, long, RowRef)>();
        foreach (var (name, station) in stations.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (station.ScopeMin > station.ScopeMax)
            {
                continue;
            }

            long previous = -1;
            RowRef previousRow = default;
            foreach (var (attempt, row) in station.InOrder())
            {
                // A gap is reported when it touches the scope: between its first row's number and its last's, or right next to them.
                if (previous >= 0 && attempt > previous + 1 && attempt >= station.ScopeMin && previous <= station.ScopeMax)
                {
                    gaps.Add((name, previous + 1, attempt - 1, previous, previousRow, attempt, row));
                }

                previous = attempt;
                previousRow = row;
            }
        }

        return gaps;
    }

    // File index + 1 in the high 32 bits (0 means "no row"), line in the low 32.
    private static long Pack(RowRef row) => ((long)(row.File + 1) << 32) | (uint)row.Line;

    private static RowRef Unpack(long packed) => new((int)(packed >> 32) - 1, (int)(uint)packed);

    private sealed class Station
    {
        private long lastIndex = -1;
        private long[]? lastChunk;

        public Dictionary<long, long[]> Chunks { get; } = [];

        public long[] Chunk(long index)
        {
            if (index != lastIndex)
            {
                if (!Chunks.TryGetValue(index, out lastChunk))
                {
                    lastChunk = new long[ChunkSize];
                    Chunks.Add(index, lastChunk);
                }

                lastIndex = index;
            }

            return lastChunk!;
        }

        public HashSet<long> RepeatsSeen { get; } = [];

        public long ScopeMin { get; set; } = long.MaxValue;

        public long ScopeMax { get; set; } = long.MinValue;

        public IEnumerable<(long Attempt, RowRef Row)> InOrder()
        {
            foreach (var (index, chunk) in Chunks.OrderBy(c => c.Key))
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    if (chunk[i] != 0)
                    {
                        yield return ((index << ChunkBits) + i, Unpack(chunk[i]));
                    }
                }
            }
        }
    }
}
