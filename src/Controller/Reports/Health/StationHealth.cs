using System.Globalization;
using Fixture.Controller.Reports.Details;
using Fixture.Controller.Reports.Yield;
using C = Fixture.Controller.Reports.Csv.UnitReportColumns;

namespace Fixture.Controller.Reports.Health;

/// <summary>
/// When a socket's (or adapter's) recent attempts count as "well above" its own baseline
/// (docs/qa-guide.md §9): recent = its last <see cref="RecentAttempts"/> attempts by timestamp,
/// baseline = all its earlier attempts in the report; judged only with at least
/// <see cref="MinBaselineAttempts"/> baseline attempts. A metric warns when the recent rate is at
/// least <see cref="Factor"/> × the baseline rate <em>and</em> the recent count exceeds what the
/// baseline rate predicts by at least <see cref="Sigmas"/> standard deviations (a Poisson count,
/// the expectation taken as at least 1), so a handful of retries on a clean socket is not a warning.
/// </summary>
public sealed record StationHealthOptions
{
    public int RecentAttempts { get; init; } = 100;

    public int MinBaselineAttempts { get; init; } = 200;

    public double Factor { get; init; } = 2.0;

    public double Sigmas { get; init; } = 3.0;
}

/// <summary>What a health line is about.</summary>
public enum HealthSubject
{
    Socket,
    Adapter,
}

/// <summary>A rate judged against its baseline: retries (or extra handshake attempts) per attempt.</summary>
/// <param name="Baseline">Per attempt over the baseline attempts; null without a baseline.</param>
/// <param name="Recent">Per attempt over the recent attempts.</param>
/// <param name="Warning">The recent rate is well above the baseline (see <see cref="StationHealthOptions"/>).</param>
public sealed record HealthRate(double? Baseline, double Recent, bool Warning);

/// <summary>One socket's or adapter's health.</summary>
/// <param name="Key">Socket as <c>ST01/s2</c>, or the adapter's identity.</param>
/// <param name="Attempts">Attempts counted (production and FIXTURE_FAULT rows in the dates; verification rows are left out).</param>
/// <param name="HandshakesPerAttempt">Mean handshake attempts per attempt over all its attempts.</param>
/// <param name="RetriesPerAttempt">Mean total retries per attempt over all its attempts.</param>
/// <param name="ExtraHandshakes">Handshake attempts beyond the first, per attempt: baseline and recent.</param>
/// <param name="Retries">Total retries per attempt: baseline and recent.</param>
/// <param name="Judged">False when it had too few attempts for a baseline (no warning possible).</param>
/// <param name="Stations">For an adapter: the sockets it was seen on.</param>
public sealed record HealthLine(
    HealthSubject Subject,
    string Key,
    long Attempts,
    double HandshakesPerAttempt,
    double RetriesPerAttempt,
    HealthRate ExtraHandshakes,
    HealthRate Retries,
    bool Judged,
    IReadOnlyList<string> Stations)
{
    public bool Warning => ExtraHandshakes.Warning || Retries.Warning;
}

/// <summary>One socket's attempts on one UTC day.</summary>
public sealed record SocketDay(string Socket, DateOnly Day, long Attempts, long HandshakeAttempts, long Retries)
{
    public double HandshakesPerAttempt => Attempts == 0 ? 0 : (double)HandshakeAttempts / Attempts;

    public double RetriesPerAttempt => Attempts == 0 ? 0 : (double)Retries / Attempts;
}

/// <summary>Station health: per socket and per adapter, with the per-day figures behind the trend.</summary>
public sealed record StationHealthResult(StationHealthOptions Options, IReadOnlyList<HealthLine> Sockets, IReadOnlyList<HealthLine> Adapters, IReadOnlyList<SocketDay> Days)
{
    public IEnumerable<HealthLine> Warnings => Sockets.Concat(Adapters).Where(l => l.Warning);
}

/// <summary>
/// Handshake attempts and total retries per attempt, per socket and per adapter, streamed: each keeps
/// its sums and a heap of its latest <see cref="StationHealthOptions.RecentAttempts"/> attempts, so
/// memory grows with the number of sockets and adapters, not rows. Rows in any order.
/// </summary>
internal sealed class StationHealthCollector
{
    private readonly StationHealthOptions options;
    private readonly int handshakeColumn;
    private readonly int retriesColumn;
    private readonly int adapterColumn;
    private readonly Dictionary<string, Dictionary<int, Track>> stations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Track> adapters = new(StringComparer.Ordinal);
    private string? lastStation;
    private Dictionary<int, Track>? lastSockets;

    public StationHealthCollector(StationHealthOptions options, ColumnList columns)
    {
        this.options = options;
        handshakeColumn = columns.Add(C.HandshakeAttempts);
        retriesColumn = columns.Add(C.TotalRetries);
        adapterColumn = columns.Add(C.Adapter);
    }

    /// <summary>A production or FIXTURE_FAULT row inside the dates.</summary>
    public void Add(in YieldRow row)
    {
        var handshakes = ParseCount(row.Fields[handshakeColumn]);
        var retries = ParseCount(row.Fields[retriesColumn]);
        var ticks = row.Timestamp.UtcTicks;

        // A file is one station's: the socket table of the last station is almost always the one.
        if (!string.Equals(row.Station, lastStation, StringComparison.Ordinal))
        {
            if (!stations.TryGetValue(row.Station, out lastSockets))
            {
                lastSockets = [];
                stations.Add(row.Station, lastSockets);
            }

            lastStation = row.Station;
        }

        if (!lastSockets!.TryGetValue(row.Socket, out var socket))
        {
            socket = new Track(string.Create(CultureInfo.InvariantCulture, $"{row.Station}/s{row.Socket}"), options.RecentAttempts);
            lastSockets.Add(row.Socket, socket);
        }

        socket.Add(ticks, handshakes, retries);
        socket.AddDay(row.Day.DayNumber, handshakes, retries);
        var adapter = row.Fields[adapterColumn];
        if (adapter.Length > 0)
        {
            // A socket keeps its adapter until a cable is swapped.
            if (socket.LastAdapter is not { } track || !string.Equals(track.Key, adapter, StringComparison.Ordinal))
            {
                if (!adapters.TryGetValue(adapter, out track))
                {
                    track = new Track(adapter, options.RecentAttempts);
                    adapters.Add(adapter, track);
                }

                track.SeenOn(socket.Key);
                socket.LastAdapter = track;
            }

            track.Add(ticks, handshakes, retries);
        }
    }

    public StationHealthResult Finish()
    {
        var sockets = stations.Values.SelectMany(s => s.Values).ToList();
        return new StationHealthResult(
            options,
            sockets.Select(t => t.ToLine(HealthSubject.Socket, options)).OrderBy(l => l.Key, StringComparer.Ordinal).ToList(),
            adapters.Values.Select(t => t.ToLine(HealthSubject.Adapter, options)).OrderBy(l => l.Key, StringComparer.Ordinal).ToList(),
            sockets.SelectMany(t => t.Days.Select(d => new SocketDay(t.Key, DateOnly.FromDayNumber(d.Key), d.Value[0], d.Value[1], d.Value[2])))
                .OrderBy(d => d.Socket, StringComparer.Ordinal)
                .ThenBy(d => d.Day)
                .ToList());
    }

    // An empty cell (a row written before the count was known) counts as 0; a negative or garbled one too.
    private static int ParseCount(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    internal static HealthRate Judge(long baselineCount, long baselineAttempts, long recentCount, long recentAttempts, bool judged, StationHealthOptions options)
    {
        var recent = recentAttempts == 0 ? 0 : (double)recentCount / recentAttempts;
        if (baselineAttempts == 0)
        {
            return new HealthRate(null, recent, false);
        }

        var baseline = (double)baselineCount / baselineAttempts;
        var expected = Math.Max(1.0, baseline * recentAttempts);
        var warning = judged
            && recent >= options.Factor * baseline
            && recentCount - (baseline * recentAttempts) >= options.Sigmas * Math.Sqrt(expected);
        return new HealthRate(baseline, recent, warning);
    }

    private sealed class Track(string key, int recentSize)
    {
        private readonly LatestAttempts recent = new(recentSize);
        private readonly SortedSet<string> seenOn = new(StringComparer.Ordinal);
        private long attempts;
        private long handshakes;
        private long retries;
        private long baselineAttempts;
        private long baselineExtraHandshakes;
        private long baselineRetries;

        private int lastDay = -1;
        private long[]? lastDayCounts;

        public string Key { get; } = key;

        /// <summary>Per UTC day number: attempts, handshake attempts, retries (sockets only).</summary>
        public Dictionary<int, long[]> Days { get; } = [];

        /// <summary>The adapter this socket's last row named (sockets only).</summary>
        public Track? LastAdapter { get; set; }

        public void AddDay(int day, int handshakeAttempts, int totalRetries)
        {
            if (day != lastDay)
            {
                if (!Days.TryGetValue(day, out lastDayCounts))
                {
                    lastDayCounts = new long[3];
                    Days.Add(day, lastDayCounts);
                }

                lastDay = day;
            }

            lastDayCounts![0]++;
            lastDayCounts[1] += handshakeAttempts;
            lastDayCounts[2] += totalRetries;
        }

        public void Add(long ticks, int handshakeAttempts, int totalRetries)
        {
            attempts++;
            handshakes += handshakeAttempts;
            retries += totalRetries;
            if (recent.Add(ticks, Math.Max(0, handshakeAttempts - 1), totalRetries, out var older))
            {
                // The oldest of the recent attempts becomes part of the baseline.
                baselineAttempts++;
                baselineExtraHandshakes += older.Extra;
                baselineRetries += older.Retries;
            }
        }

        public void SeenOn(string socket)
        {
            if (seenOn.Count < 16)
            {
                seenOn.Add(socket);
            }
        }

        public HealthLine ToLine(HealthSubject subject, StationHealthOptions options)
        {
            long recentExtra = 0, recentRetries = 0;
            foreach (var (extra, retried) in recent.Items)
            {
                recentExtra += extra;
                recentRetries += retried;
            }

            var judged = baselineAttempts >= options.MinBaselineAttempts && recent.Count >= options.RecentAttempts;
            return new HealthLine(
                subject,
                Key,
                attempts,
                attempts == 0 ? 0 : (double)handshakes / attempts,
                attempts == 0 ? 0 : (double)retries / attempts,
                Judge(baselineExtraHandshakes, baselineAttempts, recentExtra, recent.Count, judged, options),
                Judge(baselineRetries, baselineAttempts, recentRetries, recent.Count, judged, options),
                judged,
                seenOn.ToList());
        }
    }
}

/// <summary>
/// The latest N attempts by timestamp; adding one more pushes the oldest out (into the baseline).
/// Rows nearly always come in time order (a station's file is written as attempts end): a queue
/// then does it; the first row older than the newest switches to a heap keyed by time.
/// </summary>
internal sealed class LatestAttempts(int size)
{
    private readonly Queue<(long Ticks, int Extra, int Retries)> inOrder = new();
    private PriorityQueue<(int Extra, int Retries), long>? byTime;
    private long newest = long.MinValue;

    public int Count => byTime?.Count ?? inOrder.Count;

    public IEnumerable<(int Extra, int Retries)> Items =>
        byTime?.UnorderedItems.Select(i => i.Element) ?? inOrder.Select(i => (i.Extra, i.Retries));

    /// <returns>True when an older attempt was pushed out, as <paramref name="older"/>.</returns>
    public bool Add(long ticks, int extra, int retries, out (int Extra, int Retries) older)
    {
        if (byTime is null && ticks < newest)
        {
            byTime = new PriorityQueue<(int, int), long>(inOrder.Select(i => ((i.Extra, i.Retries), i.Ticks)));
            inOrder.Clear();
        }

        newest = Math.Max(newest, ticks);
        if (byTime is null)
        {
            inOrder.Enqueue((ticks, extra, retries));
            if (inOrder.Count > size)
            {
                var (_, e, r) = inOrder.Dequeue();
                older = (e, r);
                return true;
            }
        }
        else
        {
            byTime.Enqueue((extra, retries), ticks);
            if (byTime.Count > size)
            {
                older = byTime.Dequeue();
                return true;
            }
        }

        older = default;
        return false;
    }
}

/// <summary>Station health alone, for the text report: the same rows as the HTML report's health (production and FIXTURE_FAULT rows inside the dates).</summary>
internal sealed class StationHealthObserver : IYieldObserver
{
    private readonly YieldQuery query;
    private readonly ColumnList columns = new();
    private readonly StationHealthCollector health;

    public StationHealthObserver(YieldQuery query, StationHealthOptions options)
    {
        this.query = query;
        health = new StationHealthCollector(options, columns);
    }

    public IReadOnlyList<string> Columns => columns.Names;

    public void OnFile(int fileIndex, string path)
    {
    }

    public void OnRow(int fileIndex, in YieldRow row)
    {
        if (query.Includes(row.Day) && row.Verification == VerificationUnitKind.None)
        {
            health.Add(row);
        }
    }

    public void OnUnit(in YieldUnit unit)
    {
    }

    public StationHealthResult Finish() => health.Finish();
}
