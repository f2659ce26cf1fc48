using System.CommandLine;
using Fixture.Lab.Benchmarks;
using Fixture.Lab.Soak;
using Fixture.Controller.Station;

namespace Fixture.Lab.Cli;

/// <summary>
/// `fixture-lab soak`: thousands of simulated units with random faults on a gang station in modelled time,
/// each checked against the expectation table (fixture-design §8 Reliability). Exit 0 only when every
/// unit ended as expected, no line was left energised, the report reads back whole and survives a torn
/// last line; 1 otherwise; 2 for bad input.
/// </summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var units = new Option<int>("--units") { Description = "Simulated units in all (rounded up to a whole number per socket).", HelpName = "N", DefaultValueFactory = _ => 2000 };
        var sockets = new Option<int>("--sockets") { Description = "Sockets running in parallel (1–8).", HelpName = "N", DefaultValueFactory = _ => 4 };
        var profile = new Option<string>("--profile") { Description = "Fault profile the units are drawn from: soak (every kind of fixture-design §7) or mixed (a line's weights).", HelpName = "PROFILE", DefaultValueFactory = _ => "soak" };
        var seed = new Option<int>("--seed") { Description = "Seed of the drawn population (the same seed draws the same units).", DefaultValueFactory = _ => 1 };
        var reports = new Option<string?>("--reports") { Description = "Report folder for the soak's station (default: a new temporary folder, kept).", HelpName = "DIR" };
        var config = new Option<string?>("--config") { Description = "Simulated station configuration (default: config/station.sim.json).", HelpName = "FILE" };
        var noise = new Option<int>("--noise-units") { Description = "After the soak, measure the line noise the station survives with this many units per noise level (0: skip).", HelpName = "N", DefaultValueFactory = _ => 0 };
        var write = new Option<string?>("--write") { Description = "Also write the figures into the \"Soak\" section of this Markdown file (e.g. docs/results.md); other sections are kept.", HelpName = "FILE" };
        var command = new Command("soak", "Run thousands of simulated units with random faults and check every verdict, code, line and report row.")
        {
            units, sockets, profile, seed, reports, config, noise, write,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var options = new SoakOptions
            {
                Units = parse.GetValue(units),
                Sockets = parse.GetValue(sockets),
                Profile = parse.GetValue(profile)!,
                Seed = parse.GetValue(seed),
                ReportDirectory = parse.GetValue(reports),
                ConfigPath = parse.GetValue(config),
                NoiseUnitsPerLevel = parse.GetValue(noise),
            };
            if (options.Problem() is { } problem)
            {
                error.WriteLine($"fixture-lab soak: {problem}.");
                return ExitCodes.BadInput;
            }

            if (options.Profile is not ("soak" or "mixed"))
            {
                error.WriteLine($"fixture-lab soak: --profile {options.Profile}: choose soak or mixed.");
                return ExitCodes.BadInput;
            }

            if (options.ReportDirectory is { } folder && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                // Earlier rows would make units REWORK (retest history) and the counts would not be this run's.
                error.WriteLine($"fixture-lab soak: --reports {folder} is not empty: give an empty or new folder, so no earlier row is mistaken for this run's.");
                return ExitCodes.BadInput;
            }

            output.WriteLine($"fixture-lab soak: {options.UnitsPerSocket * options.Sockets} units on {options.Sockets} sockets, profile {options.Profile}, seed {options.Seed} (modelled time)...");
            if (!SetupErrors.TrySetUp(parse, () => SoakRun.Run(options, TimeProvider.System, line => output.WriteLine(line)), out SoakResult result, out var setupExit))
            {
                return setupExit;
            }

            output.WriteLine();
            output.Write(SoakReport.RenderText(result));
            if (parse.GetValue(write) is { } path)
            {
                var invocation = "dotnet run --project src/Lab -c Release -- soak"
                    + $" --units {options.Units} --sockets {options.Sockets} --profile {options.Profile} --seed {options.Seed}"
                    + (options.NoiseUnitsPerLevel > 0 ? $" --noise-units {options.NoiseUnitsPerLevel}" : "")
                    + $" --write {path}";
                ResultsDocument.WriteSection(path, SoakReport.Section, SoakReport.RenderMarkdown(result, invocation));
                output.WriteLine($"Wrote the \"{SoakReport.Section}\" section of {path}.");
            }

            return result.Passed ? ExitCodes.Ok : ExitCodes.Fail;
        });
        return command;
    }
}
