using System.Diagnostics;
using System.Runtime.InteropServices;
using Fixture.Controller.Reports.Yield;

namespace Fixture.Controller.Reports.Benchmark;

/// <summary>One timed run of the yield report.</summary>
/// <param name="CpuTime">Processor time the process used during the run (all threads): steadier than wall time on a shared machine.</param>
/// <param name="PeakManagedBytes">Highest managed heap size seen (live data plus garbage not yet collected), sampled every 65 536 rows and at the end.</param>
/// <param name="AllocatedBytes">Bytes allocated during the run (garbage included).</param>
public sealed record YieldBenchmarkRun(TimeSpan Elapsed, TimeSpan CpuTime, double RowsPerSecond, long PeakManagedBytes, long AllocatedBytes, int Gen2Collections);

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
    public static YieldBenchmarkResult Run(string directory, long rows, int seed, int runs, TimeProvider time, Action<string>? progress = null)
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
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var peak = GC.GetTotalMemory(forceFullCollection: false);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var gen2Before = GC.CollectionCount(2);
            var cpuBefore = CpuTime();
            var start = time.GetTimestamp();
            report = YieldReport.Run(files, new YieldQuery(), _ => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false)));
            var elapsed = time.GetElapsedTime(start);
            var cpu = CpuTime() - cpuBefore;
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            results.Add(new YieldBenchmarkRun(
                elapsed,
                cpu,
                truth.Rows / elapsed.TotalSeconds,
                peak,
                GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
                GC.CollectionCount(2) - gen2Before));
        }

        // One more, untimed run that forces a full collection at every sample: what the report
        // really holds (its per-unit state), without the garbage a collector has not reached yet.
        progress?.Invoke("untimed run measuring live memory …");
        var peakLive = 0L;
        YieldReport.Run(files, new YieldQuery(), _ => peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true)));

        using var process = Process.GetCurrentProcess();
        return new YieldBenchmarkResult(truth, generateTime, baseline, results, peakLive, process.PeakWorkingSet64, report!, Describe());
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
