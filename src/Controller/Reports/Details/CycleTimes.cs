using System.Globalization;
using Fixture.Controller.Reports.Yield;
using C = Fixture.Controller.Reports.Csv.UnitReportColumns;

namespace Fixture.Controller.Reports.Details;

/// <summary>
/// One phase's time over the passing attempts that recorded it: median and 90th percentile by
/// nearest rank (the smallest time that at least half, or 90 %, of the attempts did not exceed),
/// exact to the millisecond the files hold.
/// </summary>
/// <param name="Column">The report column, e.g. <c>erase_ms</c>.</param>
public sealed record PhaseTimes(string Phase, string Column, long Count, long? MedianMs, long? P90Ms, double? MeanMs);

/// <summary>
/// Cycle time per phase of the PASS attempts, in one millisecond-wide counter per value up to two
/// minutes (longer values are counted apart): memory is fixed, quantiles are exact.
/// </summary>
internal sealed class CycleTimes
{
    private const int Buckets = 120_000;

    private static readonly (string Phase, string Column)[] Phases =
    [
        ("handshake", C.PowerUpHandshakeMs),
        ("helper", C.HelperMs),
        ("identify", C.IdentifyMs),
        ("erase", C.EraseMs),
        ("write", C.WriteMs),
        ("verify", C.VerifyMs),
        ("boot", C.BootMs),
        ("total", C.TotalMs),
    ];

    private readonly int[] columns;
    private readonly Histogram[] histograms;

    public CycleTimes(ColumnList columnList)
    {
        columns = Phases.Select(p => columnList.Add(p.Column)).ToArray();
        histograms = Phases.Select(_ => new Histogram()).ToArray();
    }

    /// <summary>A production PASS row inside the scope.</summary>
    public void Add(in YieldRow row)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var text = row.Fields[columns[i]];
            if (text.Length == 0)
            {
                continue;
            }

            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
            {
                histograms[i].Add(whole);
            }
            else if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ms))
            {
                histograms[i].Add((long)Math.Round(ms, MidpointRounding.AwayFromZero));
            }
        }
    }

    public IReadOnlyList<PhaseTimes> Finish() =>
        Phases.Select((p, i) => histograms[i].ToPhase(p.Phase, p.Column)).ToList();

    private sealed class Histogram
    {
        private readonly int[] counts = new int[Buckets];
        private readonly SortedDictionary<long, long> beyond = [];
        private long count;
        private double sum;

        public void Add(long ms)
        {
            count++;
            sum += ms;
            if (ms < Buckets)
            {
                counts[ms]++;
            }
            else
            {
                beyond[ms] = beyond.GetValueOrDefault(ms) + 1;
            }
        }

        public PhaseTimes ToPhase(string phase, string column) =>
            count == 0
                ? new PhaseTimes(phase, column, 0, null, null, null)
                : new PhaseTimes(phase, column, count, Quantile(0.5), Quantile(0.9), sum / count);

        private long Quantile(double p)
        {
            var rank = (long)Math.Ceiling(p * count);
            var seen = 0L;
            for (var ms = 0; ms < counts.Length; ms++)
            {
                seen += counts[ms];
                if (seen >= rank)
                {
                    return ms;
                }
            }

            foreach (var (ms, n) in beyond)
            {
                seen += n;
                if (seen >= rank)
                {
                    return ms;
                }
            }

            return beyond.Keys.Last();
        }
    }
}
