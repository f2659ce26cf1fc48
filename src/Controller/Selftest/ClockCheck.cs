using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Yield;

namespace Fixture.Controller.Selftest;

/// <summary>
/// The clock has not gone back since the station's last report row: a clock behind it (a dead RTC
/// battery, no NTP) files rows under the wrong day and breaks "after N hours" and the report's order.
/// A row up to <see cref="Tolerance"/> ahead is accepted.
/// </summary>
public sealed class ClockCheck(TimeProvider time, string reportDirectory, string station) : ISelftestCheck
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    public string Name => "clock";

    /// <summary>The newest row's time among the station's daily files and the file it is in, or null when there are no rows.</summary>
    public static (DateTimeOffset At, string File)? LastRow(string reportDirectory, string station)
    {
        var folder = ReportLayout.StationDirectory(reportDirectory, station);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        // The newest file by its day holds the newest row even after the clock went back: rows of an
        // earlier clock go to an earlier day's file. Two files cover a clock that went back across midnight.
        var newest = Directory.EnumerateFiles(folder, "*" + ReportLayout.DailyFileExtension)
            .Where(p => ReportLayout.TryParseDailyFileName(Path.GetFileName(p), out var s, out _) && s == station)
            .Order(StringComparer.Ordinal)
            .TakeLast(2);
        (DateTimeOffset At, string File)? last = null;
        foreach (var file in newest)
        {
            foreach (var row in YieldRowReader.Read(file, (_, _) => { }, null))
            {
                if (last is null || row.Timestamp > last.Value.At)
                {
                    last = (row.Timestamp, file);
                }
            }
        }

        return last;
    }

    public Task<IReadOnlyList<SelftestFinding>> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var last = LastRow(reportDirectory, station);
        SelftestFinding finding = last switch
        {
            null => new(Name, null, SelftestLevel.Ok, $"no report rows yet for {station}; clock {now:yyyy-MM-dd HH:mm:ss} UTC."),
            var (at, file) when at - now > Tolerance => new(Name, null, SelftestLevel.Problem,
                $"the clock ({now:yyyy-MM-dd HH:mm:ss} UTC) is {Describe(at - now)} behind the last report row ({at:yyyy-MM-dd HH:mm:ss} UTC in {Path.GetFileName(file)}): it went back. Set the time (NTP, RTC battery) before production."),
            var (at, _) => new(Name, null, SelftestLevel.Ok, $"clock {now:yyyy-MM-dd HH:mm:ss} UTC, after the last report row ({at:yyyy-MM-dd HH:mm:ss} UTC)."),
        };
        return Task.FromResult<IReadOnlyList<SelftestFinding>>([finding]);
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays:0.#} days" : span.TotalHours >= 1 ? $"{span.TotalHours:0.#} hours" : $"{span.TotalSeconds:0} s";
}
