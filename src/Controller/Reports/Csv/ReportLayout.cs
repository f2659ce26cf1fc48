using System.Globalization;
using System.Text.RegularExpressions;
using Fixture.Hal.Configuration;

namespace Fixture.Controller.Reports.Csv;

/// <summary>
/// Where a station's report files live under the report directory:
/// <code>
/// &lt;dir&gt;/&lt;station&gt;/&lt;station&gt;_&lt;yyyy-MM-dd&gt;.csv          one file per UTC day
/// &lt;dir&gt;/&lt;station&gt;/&lt;station&gt;_&lt;yyyy-MM-dd&gt;.csv.torn     torn last lines moved aside
/// &lt;dir&gt;/&lt;station&gt;/attempt-counter.txt                 last attempt number handed out
/// &lt;dir&gt;/&lt;station&gt;/logs/&lt;yyyy-MM-dd&gt;/&lt;attempt&gt;_s&lt;socket&gt;_&lt;mac&gt;.log   raw UART log per attempt
/// </code>
/// </summary>
public static partial class ReportLayout
{
    public const string DailyFileExtension = ".csv";
    public const string TornSidecarExtension = ".torn";

    /// <summary>
    /// Throws a clear <see cref="ArgumentException"/> unless the name is a station id (<see cref="StationId"/>, the
    /// rule `config validate` applies to station.id), and so safe as a folder and file name.
    /// </summary>
    public static void ValidateStationName(string station)
    {
        if (StationId.Problem(station) is { } problem)
        {
            throw new ArgumentException($"Station id {problem} Fix station.id in the station config.");
        }
    }

    public static string StationDirectory(string reportDirectory, string station) =>
        Path.Combine(reportDirectory, station);

    public static string DailyFile(string reportDirectory, string station, DateOnly day) =>
        Path.Combine(StationDirectory(reportDirectory, station), DailyFileName(station, day));

    public static string DailyFileName(string station, DateOnly day) =>
        $"{station}_{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{DailyFileExtension}";

    public static string TornSidecar(string dailyFile) => dailyFile + TornSidecarExtension;

    public static string AttemptCounterFile(string reportDirectory, string station) =>
        Path.Combine(StationDirectory(reportDirectory, station), "attempt-counter.txt");

    /// <summary>Held open exclusively by the station's one writer, so a second fixture process cannot interleave rows.</summary>
    public static string WriterLockFile(string reportDirectory, string station) =>
        Path.Combine(StationDirectory(reportDirectory, station), ".writer.lock");

    /// <summary>The raw UART log of one attempt; MAC as 12 hex digits, or <c>nomac</c> when it was never read.</summary>
    public static string RawLogFile(string reportDirectory, string station, DateOnly day, long attempt, int socket, string? mac) =>
        Path.Combine(reportDirectory, RawLogRelativePath(station, day, attempt, socket, mac));

    /// <summary>The same path relative to the report directory with '/' separators: what the row's raw_log_file holds.</summary>
    public static string RawLogRelativePath(string station, DateOnly day, long attempt, int socket, string? mac)
    {
        var macPart = string.IsNullOrEmpty(mac) ? "nomac" : mac.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{station}/logs/{dayText}/{attempt}_s{socket}_{macPart}.log");
    }

    /// <summary>Reads station and day back from a daily file name; false for any other file.</summary>
    public static bool TryParseDailyFileName(string fileName, out string station, out DateOnly day)
    {
        var match = DailyFileNamePattern().Match(fileName);
        if (match.Success
            && DateOnly.TryParseExact(match.Groups["day"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            station = match.Groups["station"].Value;
            return true;
        }

        station = "";
        day = default;
        return false;
    }

    [GeneratedRegex("^(?<station>" + StationId.Pattern + @")_(?<day>\d{4}-\d{2}-\d{2})\.csv$")]
    private static partial Regex DailyFileNamePattern();
}
