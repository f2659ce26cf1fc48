using System.CommandLine;
using System.Globalization;
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
            catch (IOException ex)
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
