using System.CommandLine;
using Fixture.Lab.Benchmarks;
using Fixture.Lab.Benchmarks.Cycle;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;

namespace Fixture.Lab.Cli;

/// <summary>
/// `fixture-lab bench …`: benchmarks whose figures go into docs/results.md. `bench flash` runs the
/// vendor's sequence and the fixture's fast profile side by side on simulated units in modelled
/// time (exit codes: 0 every run verified, 1 a run did not — a defect to look at, 2 bad input);
/// `bench yield` is the yield report's (<see cref="ReportCommands.CreateBenchYield"/>).
/// </summary>
internal static class BenchCommands
{

    public static Command Create() =>
        new("bench", "Benchmarks, with figures for docs/results.md.")
        {
            CreateFlash(),
            BenchYieldCommand.Create(),
            BenchCycleCommand.Create(),
            BenchGangCommand.Create(),
            CreateCheckLog(),
            BackupReadBenchmark.Command(),
        };

    /// <summary>`fixture-lab bench check-log --mb N`: check-log's read over long logs without line breaks, to show it is linear.</summary>
    public static Command CreateCheckLog()
    {
        var megabytes = new Option<double>("--mb") { Description = "Largest log, in MiB (also timed at 1/2, 1/4 and 1/8 of it).", DefaultValueFactory = _ => 5 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per log (the best is shown).", DefaultValueFactory = _ => 5 };
        var write = new Option<string?>("--write")
        {
            Description = $"Also write the figures into the \"{CheckLogBenchmark.Section}\" section of this Markdown file (e.g. docs/results.md); other sections are kept.",
            HelpName = "FILE",
        };
        var command = new Command("check-log", "Times check-log over logs that end in megabytes without a line break (NULs, noise) and over plain log lines: the same ns/byte at every size is linear time.")
        {
            megabytes, runs, write,
        };
        command.SetAction(parse => ImageCommands.Guarded(parse, output =>
        {
            var mb = parse.GetValue(megabytes);
            var runCount = parse.GetValue(runs);
            if (!(mb > 0) || mb * 1024 * 1024 > CheckLogCommand.MaxLogBytes || runCount < 1)
            {
                throw new BadInputException($"fixture-lab bench check-log: --mb must be above 0 and at most {CheckLogCommand.MaxLogBytes / (1024 * 1024)} (check-log's limit), --runs at least 1.");
            }

            var directory = Path.Combine(Path.GetTempPath(), "fixture-bench-check-log-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            try
            {
                var results = CheckLogBenchmark.Run(directory, mb, runCount, TimeProvider.System);
                var invocation = "dotnet run --project src/Lab -c Release -- bench check-log"
                    + $" --mb {mb.ToString(System.Globalization.CultureInfo.InvariantCulture)} --runs {runCount}"
                    + (parse.GetValue(write) is { } target ? $" --write {target}" : string.Empty);
                var body = CheckLogBenchmark.Render(invocation, results, runCount);
                output.WriteLine(body);
                if (parse.GetValue(write) is { } path)
                {
                    ResultsDocument.WriteSection(path, CheckLogBenchmark.Section, body);
                    output.WriteLine($"Wrote the \"{CheckLogBenchmark.Section}\" section of {path}.");
                }

                return 0;
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }));
        return command;
    }

    public static Command CreateFlash()
    {
        var recipe = new Option<string>("--recipe")
        {
            Description = "Recipe to flash (default: the synthetic recipe config/recipes/openbl602-sim/recipe.json beside the program).",
            HelpName = "FILE",
        };
        var write = new Option<string?>("--write")
        {
            Description = "Also write the figures into the \"Flashing\" section of this Markdown file (e.g. docs/results.md); other sections are kept.",
            HelpName = "FILE",
        };
        var cpuUnits = new Option<int>("--cpu-units")
        {
            Description = "Units per host-CPU measurement (0 skips it).",
            DefaultValueFactory = _ => 20,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object of the headline figures (with the full cycle and the xz comparison) instead of the tables." };
        var command = new Command("flash", "Vendor sequence vs the station's own phases on fresh simulated units: 2 Mbaud, 16 ms turnaround, 1 and 3 Mbaud, hash-skip; modelled seconds, ratios to vendor and floor, round trips, bytes.")
        {
            recipe, write, cpuUnits, json,
        };
        command.SetAction(parse => ImageCommands.Guarded(parse, output =>
        {
            var units = parse.GetValue(cpuUnits);
            if (units < 0)
            {
                throw new BadInputException($"fixture-lab bench flash: --cpu-units {units} must be 0 (skip) or more.");
            }

            if (parse.GetValue(json) && parse.GetValue(write) is not null)
            {
                throw new BadInputException("fixture-lab bench flash: give --json or --write, not both (--write writes the tables into the file).");
            }

            var recipePath = parse.GetValue(recipe) ?? Path.Combine(AppContext.BaseDirectory, "config", "recipes", "openbl602-sim", "recipe.json");
            if (!File.Exists(recipePath))
            {
                throw new BadInputException($"{recipePath}: recipe not found; give one with --recipe FILE.");
            }

            var loaded = RecipeLoader.Load(recipePath);
            var plan = FlashPlanBuilder.Build(loaded);
            var results = new FlashBenchmark(recipePath, loaded.HelperImage, plan).Run(FlashScenario.Standard);
            HostCpuFigures? cpu = null;
            try
            {
                cpu = units > 0 ? HostCpuMeasurement.Measure(recipePath, units) : null;
            }
            catch (InvalidOperationException e)
            {
                // A unit that does not flash in the CPU runs is a defect, not a figure.
                parse.InvocationConfiguration.Error.WriteLine($"fixture-lab bench flash: {e.Message}");
                return ExitCodes.Fail;
            }

            if (parse.GetValue(json))
            {
                var cycle = new CycleBenchmark(null).RunAsync(CycleScenario.Standard[0], CancellationToken.None).GetAwaiter().GetResult();
                var figures = FlashFigures.From(results, cycle.Total, XzComparison.Measure(plan), cpu);
                output.WriteLine(figures.ToJson());

                return results.All(r => r.Succeeded) ? ExitCodes.Ok : ExitCodes.Fail;
            }

            var invocation = "dotnet run --project src/Lab -c Release -- bench flash"
                + (parse.GetValue(recipe) is { } given ? $" --recipe {given}" : string.Empty)
                + $" --cpu-units {units}"
                + (parse.GetValue(write) is { } target ? $" --write {target}" : string.Empty);
            var body = FlashBenchmarkReport.Render(invocation, $"recipe \"{loaded.Name}\" version {loaded.Version} ({Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(recipePath)))}/{Path.GetFileName(recipePath)})", plan, results, cpu);
            output.WriteLine(body);
            if (parse.GetValue(write) is { } path)
            {
                ResultsDocument.WriteSection(path, FlashBenchmarkReport.Section, body);
                output.WriteLine($"Wrote the \"{FlashBenchmarkReport.Section}\" section of {path}.");
            }

            return results.All(r => r.Succeeded) ? ExitCodes.Ok : ExitCodes.Fail;
        }));
        return command;
    }
}
