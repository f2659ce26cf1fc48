using System.Diagnostics;
using System.Runtime.InteropServices;
using Fixture.Controller.Reports.Details;
using Fixture.Controller.Reports.Health;
using Fixture.Controller.Reports.Html;
using Fixture.Controller.Reports.Yield;

namespace Fixture.Lab.Reports.Benchmark;

/// <summary>One timed run of the yield report.</summary>
/// <param name="CpuTime">Processor time the process used during the run (all threads): steadier than wall time on a shared machine.</param>
/// <param name="PeakManagedBytes">Highest managed heap size seen (live data plus garbage not yet collected), sampled every 65 536 rows and at the end.</param>
/// <param name="AllocatedBytes">Bytes allocated during the run (garbage included).</param>
public sealed record YieldBenchmarkRun(TimeSpan Elapsed, TimeSpan CpuTime, double RowsPerSecond, long PeakManagedBytes, long AllocatedBytes, int Gen2Collections);

/// <summary>One run of the text report and of the HTML report over the same files (<c>fixture-lab bench yield --html</c>).</summary>
/// <param name="Text">The text report as <c>fixture report yield</c> makes it: yield + station health, printed.</param>
/// <param name="Html">The same with <c>--html</c>: yield + every detail, the HTML file written, the text printed.</param>
/// <param name="HtmlBytes">Size of the HTML file written.</param>
public sealed record HtmlBenchmarkRun(YieldBenchmarkRun Text, YieldBenchmarkRun Html, long HtmlBytes)
{
    public double Ratio => Html.Elapsed / Text.Elapsed;

    public double CpuRatio => Html.CpuTime / Text.CpuTime;
}

/// <summary>The yield benchmark's figures: what was generated, each timed run, and whether the report found the generator's truth.</summary>
public sealed record YieldBenchmarkResult(
    SyntheticReportTruth Truth,
    TimeSpan GenerateTime,
    long BaselineManagedBytes,
    IReadOnlyList<YieldBenchmarkRun> Runs,
    long PeakLiveManagedBytes,
    long PeakWorkingSetBytes,
    YieldReportResult Report,
    string Machine)
{
    /// <summary>With <c>--html</c>: the text report against the HTML report, run by run.</summary>
    public IReadOnlyList<HtmlBenchmarkRun> HtmlRuns { get; init; } = [];

    /// <summary>With <c>--html</c>: live managed memory at the end of an HTML report's pass (full collection, untimed).</summary>
    public long PeakLiveManagedBytesHtml { get; init; }

    public bool MatchesTruth =>
        Report.Total.Attempts == Truth.Attempts
        && Report.Total.Units == Truth.Units
        && Report.Total.FirstPassUnits == Truth.FirstPassUnits
        && Report.Total.FinalPassUnits == Truth.FinalPassUnits
        && Report.Total.ReworkUnits == Truth.ReworkUnits
        && Report.Total.FixtureFaults == Truth.FixtureFaults
        && Report.Input.VerificationRowsExcluded == Truth.VerificationRows
        && Report.Input.RowsRead == Truth.Rows
        && Report.Input.SkippedRowCount == 0;
}

/// <summary>
/// Times <see cref="YieldReport"/> over a generated report set (fixture-design §8: a million rows in
/// seconds, in bounded memory). Wall-clock time comes from the injected <see cref="TimeProvider"/>;
/// this is a benchmark command, never a unit test.
/// </summary>
public static class YieldBenchmark
{
    /// <param name="html">Also time the text report (yield + health) against the HTML report (yield + details + HTML file) over the same files.</param>
    public static YieldBenchmarkResult Run(string directory, long rows, int seed, int runs, TimeProvider time, Action<string>? progress = null, bool html = false)
    {
        progress?.Invoke($"generating {rows:N0} rows (seed {seed}) in {directory} …");
        var started = time.GetTimestamp();
        var truth = SyntheticReportSet.Write(directory, rows, seed);
        var generateTime = time.GetElapsedTime(started);
        var files = YieldReport.FindReportFiles(directory);

        // Settle the heap so the baseline is what the process holds before the report starts.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        var results = new List<YieldBenchmarkRun>();
        YieldReportResult? report = null;
        for (var run = 1; run <= runs; run++)
        {
            progress?.Invoke($"run {run} of {runs}: yield report over {files.Count:N0} files …");
            results.Add(Timed(time, truth.Rows, sample => report = YieldReport.Run(files, new YieldQuery(), sample)));
        }

        // One more, untimed run that forces a full collection at every sample: what the report
        // really holds (its per-unit state), without the garbage a collector has not reached yet.
        progress?.Invoke("untimed run measuring live memory …");
        var peakLive = 0L;
        YieldReport.Run(files, new YieldQuery(), _ => peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true)));

        var htmlRuns = new List<HtmlBenchmarkRun>();
        var peakLiveHtml = 0L;
        if (html)
        {
            var htmlFile = Path.Combine(directory, "bench-report.html.out");
            for (var run = 1; run <= runs; run++)
            {
                // Alternate which goes first, so neither always meets a warmer cache or a cleaner heap.
                progress?.Invoke($"run {run} of {runs}: text report and HTML report over {files.Count:N0} files …");
                YieldBenchmarkRun text, page;
                if (run % 2 == 1)
                {
                    text = Timed(time, truth.Rows, sample => TextReport(files, sample));
                    page = Timed(time, truth.Rows, sample => HtmlReport(files, htmlFile, sample, time));
                }
                else
                {
                    page = Timed(time, truth.Rows, sample => HtmlReport(files, htmlFile, sample, time));
                    text = Timed(time, truth.Rows, sample => TextReport(files, sample));
                }

                htmlRuns.Add(new HtmlBenchmarkRun(text, page, new FileInfo(htmlFile).Length));
            }

            progress?.Invoke("untimed HTML run measuring live memory …");
            HtmlReport(files, htmlFile, _ => peakLiveHtml = Math.Max(peakLiveHtml, GC.GetTotalMemory(forceFullCollection: true)), time);
            File.Delete(htmlFile);
        }

        using var process = Process.GetCurrentProcess();
        return new YieldBenchmarkResult(truth, generateTime, baseline, results, peakLive, process.PeakWorkingSet64, report!, Describe())
        {
            HtmlRuns = htmlRuns,
            PeakLiveManagedBytesHtml = peakLiveHtml,
        };
    }

    private static void TextReport(IReadOnlyList<string> files, Action<long> sample)
    {
        var (yield, health) = QaReports.YieldWithHealth(files, new YieldQuery(), new StationHealthOptions(), sample);
        YieldReportText.Write(TextWriter.Null, yield, writer => StationHealthText.Write(writer, health));
    }

    private static void HtmlReport(IReadOnlyList<string> files, string htmlFile, Action<long> sample, TimeProvider time)
    {
        var (yield, details) = QaReports.YieldWithDetails(files, new YieldQuery(), new DetailScope(), sample);
        using (var writer = new StreamWriter(htmlFile, append: false, new System.Text.UTF8Encoding(false)))
        {
            YieldHtmlReport.Write(writer, new YieldHtmlInput(yield, details, Path.GetDirectoryName(htmlFile)!, time.GetUtcNow()));
        }

        YieldReportText.Write(TextWriter.Null, yield, writer => StationHealthText.Write(writer, details.Health));
    }

    private static YieldBenchmarkRun Timed(TimeProvider time, long rows, Action<Action<long>> body)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var peak = GC.GetTotalMemory(forceFullCollection: false);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen2Before = GC.CollectionCount(2);
        var cpuBefore = CpuTime();
        var start = time.GetTimestamp();
        body(_ => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false)));
        var elapsed = time.GetElapsedTime(start);
        var cpu = CpuTime() - cpuBefore;
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        return new YieldBenchmarkRun(elapsed, cpu, rows / elapsed.TotalSeconds, peak, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, GC.CollectionCount(2) - gen2Before);
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static string Describe() =>
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}, {RuntimeInformation.FrameworkDescription}, "
        + $"server GC {System.Runtime.GCSettings.IsServerGC.ToString().ToLowerInvariant()}";
}
