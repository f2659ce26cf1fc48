using System.CommandLine;
using System.Globalization;
using Fixture.Controller.Reports.Benchmark;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Yield;

namespace Fixture.Controller.Cli;

/// <summary>
/// <c>fixture report yield</c>: QA's yield report over the stations' CSV files; and
/// <c>fixture bench yield</c>: the same report timed over generated rows. Exit codes: 0 report
/// printed (unreadable rows are listed, not fatal), 2 bad input (options, missing folder, a file
/// that is not a fixture report).
/// </summary>
internal static class ReportCommands
{
    private const int BadInput = 2;

    public static IEnumerable<Command> Create()
    {
        var report = new Command("report", "Reports over the stations' CSV files.");
        report.Subcommands.Add(CreateYield());
        yield return report;
    }

    /// <summary><c>fixture bench yield</c>; the shared <c>bench</c> command (<see cref="BenchCommands"/>) adopts it.</summary>
    public static Command CreateBenchYield()
    {
        var rows = new Option<long>("--rows") { Description = "Report rows to generate.", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "Generator seed (same seed, same files).", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Timed runs of the report over the same files.", DefaultValueFactory = _ => 3 };
        var dir = new Option<string?>("--dir") { Description = "Empty or new folder for the generated files (default: a temporary folder, removed afterwards).", HelpName = "DIR" };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated files." };
        var command = new Command("yield", "Times the yield report over N generated report rows; prints rows/s and peak managed memory.");
        command.Options.Add(rows);
        command.Options.Add(seed);
        command.Options.Add(runs);
        command.Options.Add(dir);
        command.Options.Add(keep);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var rowCount = parse.GetValue(rows);
            var runCount = parse.GetValue(runs);
            if (rowCount < 1 || runCount < 1)
            {
                error.WriteLine("fixture bench yield: --rows and --runs must be at least 1.");
                return BadInput;
            }

            var given = parse.GetValue(dir);
            if (given is not null && Directory.Exists(given) && Directory.EnumerateFileSystemEntries(given).Any())
            {
                error.WriteLine($"fixture bench yield: '{given}' is not empty; give a new or empty folder so no real report is mixed in.");
                return BadInput;
            }

            var directory = given ?? Path.Combine(Path.GetTempPath(), "fixture-bench-yield-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            try
            {
                var result = YieldBenchmark.Run(directory, rowCount, parse.GetValue(seed), runCount, TimeProvider.System, message => error.WriteLine(message));
                WriteBenchmark(output, result, parse.GetValue(seed));
                return result.MatchesTruth ? 0 : 1;
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
        output.WriteLine(result.MatchesTruth
            ? "figures match the generator's truth: yes"
            : $"figures match the generator's truth: NO (generator: {truth})");
    }

    private static Command CreateYield()
    {
        var dir = new Option<string?>("--dir") { Description = "Folder with the report CSV files (searched with its subfolders).", HelpName = "DIR" };
        var from = new Option<string?>("--from") { Description = "First UTC day to include, yyyy-MM-dd.", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "Last UTC day to include, yyyy-MM-dd.", HelpName = "DATE" };
        var by = new Option<string[]>("--by")
        {
            Description = "Group by station, socket, lot, firmware or day (repeat or comma-separate to combine). Default: station.",
            HelpName = "station|socket|lot|firmware|day",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("yield", "First-pass yield, final yield, rework and failure Pareto per station, socket, lot, firmware or day.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(dir);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(by);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.UnmatchedTokens.Count > 0)
            {
                return Refuse(error, $"unknown argument(s): {string.Join(" ", parse.UnmatchedTokens)}. See 'fixture report yield --help'.");
            }

            var directory = parse.GetValue(dir);
            if (string.IsNullOrWhiteSpace(directory))
            {
                return Refuse(error, "--dir is required: the folder the stations write their reports to.");
            }

            if (!Directory.Exists(directory))
            {
                return Refuse(error, $"report folder '{directory}' does not exist. Check --dir.");
            }

            if (!TryParseDay(parse.GetValue(from), "--from", error, out var fromDay) || !TryParseDay(parse.GetValue(to), "--to", error, out var toDay))
            {
                return BadInput;
            }

            if (fromDay > toDay)
            {
                return Refuse(error, $"--from {fromDay:yyyy-MM-dd} is after --to {toDay:yyyy-MM-dd}.");
            }

            if (!TryParseDimensions(parse.GetValue(by) ?? [], error, out var dimensions))
            {
                return BadInput;
            }

            var files = YieldReport.FindReportFiles(directory);
            if (files.Count == 0)
            {
                return Refuse(error, $"no report files (*.csv) in '{directory}' or its subfolders. Check --dir.");
            }

            YieldReportResult result;
            try
            {
                result = YieldReport.Run(files, new YieldQuery { From = fromDay, To = toDay, GroupBy = dimensions });
            }
            catch (ReportFileException ex)
            {
                return Refuse(error, ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Refuse(error, $"could not read the report files in '{directory}': {ex.Message}");
            }

            foreach (var skipped in result.Input.SkippedRows)
            {
                error.WriteLine($"skipped {skipped}");
            }

            if (parse.GetValue(json))
            {
                output.WriteLine(YieldReportText.ToJson(result));
            }
            else
            {
                YieldReportText.Write(output, result);
            }

            return 0;
        });
        return command;
    }

    private static bool TryParseDay(string? text, string option, TextWriter error, out DateOnly? day)
    {
        day = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        Refuse(error, $"{option} '{text}' is not a date; write it as yyyy-MM-dd (a UTC day), e.g. 2025-03-14.");
        return false;
    }

    private static bool TryParseDimensions(string[] values, TextWriter error, out IReadOnlyList<YieldDimension> dimensions)
    {
        var list = new List<YieldDimension>();
        foreach (var name in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<YieldDimension>(name, ignoreCase: true, out var dimension) || !Enum.IsDefined(dimension) || char.IsDigit(name[0]))
            {
                dimensions = [];
                Refuse(error, $"--by '{name}' is not one of station, socket, lot, firmware, day.");
                return false;
            }

            if (!list.Contains(dimension))
            {
                list.Add(dimension);
            }
        }

        dimensions = list.Count == 0 ? [YieldDimension.Station] : list;
        return true;
    }

    private static int Refuse(TextWriter error, string message)
    {
        error.WriteLine($"fixture report yield: {message}");
        return BadInput;
    }
}
