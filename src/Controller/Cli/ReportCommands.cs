using System.CommandLine;
using System.Globalization;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Details;
using Fixture.Controller.Reports.Health;
using Fixture.Controller.Reports.Html;
using Fixture.Controller.Reports.Signoff;
using Fixture.Controller.Reports.Yield;

namespace Fixture.Controller.Cli;

/// <summary>
/// <c>fixture report yield</c>: QA's yield report over the stations' CSV files (text, JSON, and with
/// <c>--html</c>/<c>--csv</c> a self-contained HTML report and a CSV summary); <c>fixture report
/// signoff</c>: a lot judged against a criteria file (the report timed over generated rows is the
/// lab's <c>fixture-lab bench yield</c>). Exit codes: 0 report printed / lot met (unreadable rows are listed,
/// not fatal to the yield report), 1 lot not met, 2 bad input (options, missing folder, a file that
/// is not a fixture report, a bad criteria file).
/// </summary>
internal static class ReportCommands
{
    public static IEnumerable<Command> Create()
    {
        var report = new Command("report", "Reports over the stations' CSV files.");
        report.Subcommands.Add(CreateYield());
        report.Subcommands.Add(CreateSignoff());
        yield return report;
    }

    private static Command CreateYield()
    {
        var dir = DirOption();
        var from = new Option<string?>("--from") { Description = "First UTC day to include, yyyy-MM-dd.", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "Last UTC day to include, yyyy-MM-dd.", HelpName = "DATE" };
        var by = new Option<string[]>("--by")
        {
            Description = "Group by station, socket, lot, firmware or day (repeat or comma-separate to combine). Default: station.",
            HelpName = "station|socket|lot|firmware|day",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var html = new Option<string?>("--html") { Description = "Also write the report as one self-contained HTML file with charts (no scripts, nothing fetched).", HelpName = "FILE" };
        var csv = new Option<string?>("--csv") { Description = "Also write the figures as a CSV summary (section,key,metric,value) for scripts.", HelpName = "FILE" };
        var health = new HealthCliOptions();
        // Unknown arguments are parse errors (CommandCatalog: one line, exit 2); leaving them to the
        // action showed a stray "Additional Arguments" section in --help.
        var command = new Command("yield", "First-pass yield, final yield, rework, failure Pareto and station health per station, socket, lot, firmware or day.");
        command.Options.Add(dir);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(by);
        command.Options.Add(json);
        command.Options.Add(html);
        command.Options.Add(csv);
        health.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var directory = parse.GetValue(dir);
            if (!TryFindFiles(directory, error, out var files)
                || !TryParseDay(parse.GetValue(from), "--from", error, out var fromDay)
                || !TryParseDay(parse.GetValue(to), "--to", error, out var toDay))
            {
                return ExitCodes.BadInput;
            }

            if (fromDay > toDay)
            {
                return Refuse(error, $"--from {fromDay:yyyy-MM-dd} is after --to {toDay:yyyy-MM-dd}.");
            }

            if (!TryParseDimensions(parse.GetValue(by) ?? [], error, out var dimensions)
                || !health.TryRead(parse, error, "fixture report yield", out var healthOptions)
                || !TryCheckOutput(parse.GetValue(html), "--html", error, "fixture report yield")
                || !TryCheckOutput(parse.GetValue(csv), "--csv", error, "fixture report yield"))
            {
                return ExitCodes.BadInput;
            }

            var query = new YieldQuery { From = fromDay, To = toDay, GroupBy = dimensions };
            var withDetails = parse.GetValue(html) is not null || parse.GetValue(csv) is not null;
            if (!TryRead(
                    () => withDetails
                        ? QaReports.YieldWithDetails(files, query, new DetailScope { Health = healthOptions }) is var (y, d) ? (y, d.Health, d) : default
                        : QaReports.YieldWithHealth(files, query, healthOptions) is var (yield, h) ? (yield, h, (ReportDetailsResult?)null) : default,
                    directory!,
                    error,
                    "fixture report yield",
                    out var read))
            {
                return ExitCodes.BadInput;
            }

            var (result, stationHealth, details) = read;

            foreach (var skipped in result.Input.SkippedRows)
            {
                error.WriteLine($"skipped {skipped}");
            }

            if (details is not null)
            {
                var input = new YieldHtmlInput(result, details, directory!, TimeProvider.System.GetUtcNow());
                if (!TryWriteFile(parse.GetValue(html), writer => YieldHtmlReport.Write(writer, input), error, "fixture report yield")
                    || !TryWriteFile(parse.GetValue(csv), writer => YieldSummaryCsv.Write(writer, result, details), error, "fixture report yield"))
                {
                    return ExitCodes.BadInput;
                }
            }

            if (parse.GetValue(json))
            {
                output.WriteLine(YieldReportText.ToJson(result));
            }
            else
            {
                YieldReportText.Write(output, result, writer => StationHealthText.Write(writer, stationHealth));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string?> DirOption() =>
        new("--dir") { Description = "Folder with the report CSV files (searched with its subfolders).", HelpName = "DIR" };

    private static Command CreateSignoff()
    {
        const string name = "fixture report signoff";
        var dir = DirOption();
        var lot = new Option<string?>("--lot") { Description = "The lot to sign off (as entered at the stations). Default: every row of the folder.", HelpName = "L" };
        var criteria = new Option<string?>("--criteria") { Description = "Acceptance criteria, a JSON file (docs/qa-guide.md §10.2).", HelpName = "FILE" };
        var html = new Option<string?>("--html") { Description = "Also write the certificate as one HTML page to print and sign.", HelpName = "FILE" };
        var command = new Command("signoff", "Signs a lot off against written criteria: prints a certificate; exit 0 met, 1 not met, 2 bad input.");
        foreach (var option in new Option[] { dir, lot, criteria, html })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var directory = parse.GetValue(dir);
            var criteriaFile = parse.GetValue(criteria);
            if (!TryFindFiles(directory, error, out var files, name) || !TryCheckOutput(parse.GetValue(html), "--html", error, name))
            {
                return ExitCodes.BadInput;
            }

            if (string.IsNullOrWhiteSpace(criteriaFile))
            {
                return Refuse(error, "--criteria is required: the JSON file with the lot's acceptance criteria (docs/qa-guide.md §10.2).", name);
            }

            SignoffCriteria loaded;
            string criteriaSha256;
            try
            {
                (loaded, criteriaSha256) = SignoffCriteriaLoader.Load(criteriaFile);
            }
            catch (CriteriaException ex)
            {
                return Refuse(error, ex.Message + ". Nothing was checked; fix the file and run again.", name);
            }

            var lotName = parse.GetValue(lot);
            var query = new YieldQuery { GroupBy = [YieldDimension.Lot] };
            if (!TryRead(() => QaReports.YieldWithDetails(files, query, new DetailScope(lotName)), directory!, error, name, out var read))
            {
                return ExitCodes.BadInput;
            }

            var (yield, details) = read;

            if (details.RowsInScope == 0)
            {
                var lots = yield.Groups.Select(g => $"'{g.Key}'").Take(20);
                return Refuse(
                    error,
                    lotName is null
                        ? $"no production rows in '{directory}': nothing to sign off."
                        : $"lot '{lotName}' has no production rows in '{directory}'. Lots found: {string.Join(", ", lots)}. Check --lot (it is case-sensitive).",
                    name);
            }

            var result = LotSignoff.Evaluate(lotName, directory!, criteriaFile, criteriaSha256, loaded, yield, details, TimeProvider.System.GetUtcNow());
            if (!TryWriteFile(parse.GetValue(html), writer => SignoffReport.WriteHtml(writer, result), error, name))
            {
                return ExitCodes.BadInput;
            }

            SignoffReport.WriteText(output, result);
            return result.ExitCode;
        });
        return command;
    }

    /// <summary>Runs a report over the files; a foreign file or a read error is bad input, said once.</summary>
    private static bool TryRead<T>(Func<T> report, string directory, TextWriter error, string command, out T result)
    {
        result = default!;
        try
        {
            result = report();
            return true;
        }
        catch (ReportFileException ex)
        {
            Refuse(error, ex.Message, command);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Refuse(error, $"could not read the report files in '{directory}': {ex.Message}", command);
        }

        return false;
    }

    private static bool TryFindFiles(string? directory, TextWriter error, out IReadOnlyList<string> files, string command = "fixture report yield")
    {
        files = [];
        if (string.IsNullOrWhiteSpace(directory))
        {
            Refuse(error, "--dir is required: the folder the stations write their reports to.", command);
            return false;
        }

        if (!Directory.Exists(directory))
        {
            Refuse(error, $"report folder '{directory}' does not exist. Check --dir.", command);
            return false;
        }

        files = YieldReport.FindReportFiles(directory);
        if (files.Count == 0)
        {
            Refuse(error, $"no report files (*.csv) in '{directory}' or its subfolders. Check --dir.", command);
            return false;
        }

        return true;
    }

    /// <summary>An output file's folder must exist, and the file must not be a report file the yield report reads.</summary>
    private static bool TryCheckOutput(string? path, string option, TextWriter error, string command)
    {
        if (path is null)
        {
            return true;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (string.IsNullOrWhiteSpace(path) || folder is null || !Directory.Exists(folder))
        {
            Refuse(error, $"{option} '{path}': its folder does not exist. Give a file in an existing folder.", command);
            return false;
        }

        if (Directory.Exists(path))
        {
            Refuse(error, $"{option} '{path}' is a folder; give a file name, e.g. {Path.Combine(path, "report" + (option == "--csv" ? ".csv" : ".html"))}.", command);
            return false;
        }

        return true;
    }

    /// <summary>Writes next to the target and then moves it in place, so a failed run never leaves half a file.</summary>
    private static bool TryWriteFile(string? path, Action<TextWriter> write, TextWriter error, string command)
    {
        if (path is null)
        {
            return true;
        }

        var temporary = path + ".part";
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                write(writer);
            }

            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            Refuse(error, $"could not write '{path}': {ex.Message}", command);
            return false;
        }
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

    private static int Refuse(TextWriter error, string message, string command = "fixture report yield")
    {
        error.WriteLine($"{command}: {message}");
        return ExitCodes.BadInput;
    }
}
