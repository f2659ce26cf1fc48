using System.CommandLine;
using System.Globalization;
using Fixture.Lab.Reports.Benchmark;

namespace Fixture.Lab.Cli;

/// <summary><c>fixture-lab bench yield</c>: the yield report timed over generated report rows (figures for docs/results.md).</summary>
internal static class BenchYieldCommand
{
    /// <summary><c>fixture-lab bench yield</c>; the shared <c>bench</c> command (<see cref="BenchCommands"/>) adopts it.</summary>
    public static Command Create()
    {
        var rows = new Option<long>("--rows") { Description = "Report rows to generate.", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "Generator seed (same seed, same files).", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Timed runs of the report over the same files.", DefaultValueFactory = _ => 3 };
        var dir = new Option<string?>("--dir") { Description = "Empty or new folder for the generated files (default: a temporary folder, removed afterwards).", HelpName = "DIR" };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated files." };
        var html = new Option<bool>("--html") { Description = "Also time the text report (with station health) against the HTML report (report yield --html) over the same files." };
        var command = new Command("yield", "Times the yield report over N generated report rows; prints rows/s and peak managed memory.");
        command.Options.Add(rows);
        command.Options.Add(seed);
        command.Options.Add(runs);
        command.Options.Add(dir);
        command.Options.Add(keep);
        command.Options.Add(html);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var rowCount = parse.GetValue(rows);
            var runCount = parse.GetValue(runs);
            if (rowCount < 1 || runCount < 1)
            {
                error.WriteLine("fixture-lab bench yield: --rows and --runs must be at least 1.");
                return ExitCodes.BadInput;
            }

            var given = parse.GetValue(dir);
            if (given is not null && Directory.Exists(given) && Directory.EnumerateFileSystemEntries(given).Any())
            {
                error.WriteLine($"fixture-lab bench yield: '{given}' is not empty; give a new or empty folder so no real report is mixed in.");
                return ExitCodes.BadInput;
            }

            var directory = given ?? Path.Combine(Path.GetTempPath(), "fixture-bench-yield-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            try
            {
                var result = YieldBenchmark.Run(directory, rowCount, parse.GetValue(seed), runCount, TimeProvider.System, message => error.WriteLine(message), parse.GetValue(html));
                WriteBenchmark(output, result, parse.GetValue(seed));
                return result.MatchesTruth ? ExitCodes.Ok : ExitCodes.Fail;
            }
            finally
            {
                if (given is null && !parse.GetValue(keep))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        });
        return command;
    }

    private static void WriteBenchmark(TextWriter output, YieldBenchmarkResult result, int seed)
    {
        static string Mb(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
        static string Percent(double? fraction) => fraction is { } f ? (f * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";
        static string S(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
        var truth = result.Truth;
        var total = result.Report.Total;
        output.WriteLine($"Yield report benchmark: {truth.Rows:N0} rows, seed {seed}");
        output.WriteLine($"machine: {result.Machine}");
        output.WriteLine($"generated: {truth.Files:N0} files, {Mb(truth.Bytes)}, in {S(result.GenerateTime)}");
        for (var i = 0; i < result.Runs.Count; i++)
        {
            var run = result.Runs[i];
            output.WriteLine(
                $"run {i + 1}: {S(run.Elapsed)} ({S(run.CpuTime)} CPU), {run.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} rows/s, "
                + $"peak managed memory {Mb(run.PeakManagedBytes)} (before the run {Mb(result.BaselineManagedBytes)}), "
                + $"allocated {Mb(run.AllocatedBytes)}, gen-2 collections {run.Gen2Collections}");
        }

        output.WriteLine($"peak live managed memory (full collection at every 65,536 rows, untimed): {Mb(result.PeakLiveManagedBytes)}, "
            + $"{(double)result.PeakLiveManagedBytes / Math.Max(1, total.Units):0} bytes per unit");
        output.WriteLine($"process peak working set (generation included): {Mb(result.PeakWorkingSetBytes)}");
        output.WriteLine(
            $"report: {total.Units:N0} units, FPY {Percent(total.FirstPassYield)}, final yield {Percent(total.FinalYield)}, rework {total.ReworkUnits:N0}, "
            + $"fixture faults {total.FixtureFaults:N0}, verification rows left out {result.Report.Input.VerificationRowsExcluded:N0}, "
            + $"flagged duplicates {result.Report.FlagCount:N0} ({truth.Clones:N0} cloned MACs generated)");
        for (var i = 0; i < result.HtmlRuns.Count; i++)
        {
            var run = result.HtmlRuns[i];
            output.WriteLine(
                $"html run {i + 1}: text report {S(run.Text.Elapsed)} ({S(run.Text.CpuTime)} CPU, peak managed {Mb(run.Text.PeakManagedBytes)}), "
                + $"--html {S(run.Html.Elapsed)} ({S(run.Html.CpuTime)} CPU, peak managed {Mb(run.Html.PeakManagedBytes)}, HTML {Mb(run.HtmlBytes)}): "
                + $"{run.Ratio.ToString("0.00", CultureInfo.InvariantCulture)} × the text report's time ({run.CpuRatio.ToString("0.00", CultureInfo.InvariantCulture)} × its CPU)");
        }

        if (result.HtmlRuns.Count > 0)
        {
            output.WriteLine($"peak live managed memory of the --html pass (full collection at every 65,536 rows, untimed): {Mb(result.PeakLiveManagedBytesHtml)}, "
                + $"{(double)result.PeakLiveManagedBytesHtml / Math.Max(1, total.Units):0} bytes per unit");
        }

        output.WriteLine(result.MatchesTruth
            ? "figures match the generator's truth: yes"
            : $"figures match the generator's truth: NO (generator: {truth})");
    }
}
