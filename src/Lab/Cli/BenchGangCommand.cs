using System.CommandLine;
using System.Globalization;
using Fixture.Lab.Benchmarks;
using Fixture.Lab.Benchmarks.Gang;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;
using Fixture.Hal.Configuration;

namespace Fixture.Lab.Cli;

/// <summary>
/// `fixture-lab bench gang`: N sockets of the simulated station in parallel in real time; aggregate units per
/// hour against 0.9 × N × one socket, the operator-limited figure, CPU per unit and where it goes.
/// Exit codes: 0 every unit passed, 1 one did not (a defect to look at), 2 bad input.
/// </summary>
internal static class BenchGangCommand
{
    public static Command Create()
    {
        var sockets = new Option<string>("--sockets") { Description = "Socket counts to run, comma-separated, 1 to 8 (one socket is always run: it is the baseline).", HelpName = "N,N,...", DefaultValueFactory = _ => "1,2,4,8" };
        var units = new Option<int>("--units-per-socket") { Description = "Units each socket runs per socket count.", HelpName = "N", DefaultValueFactory = _ => 3 };
        var loadUnload = new Option<double>("--load-unload-seconds") { Description = "Operator time per unit (unload, load, start) for the operator-limited figure.", HelpName = "S", DefaultValueFactory = _ => 6 };
        var speed = new Option<double>("--speed") { Description = "Speed of the simulated station's clock (1 = real time, the target's; more only for quick checks).", HelpName = "X", DefaultValueFactory = _ => 1 };
        var config = new Option<string?>("--config") { Description = "Simulated station configuration (default config/station.sim.json).", HelpName = "FILE" };
        var write = new Option<string?>("--write")
        {
            Description = "Also write the figures into the \"Gang\" section of this Markdown file (e.g. docs/results.md); other sections are kept.",
            HelpName = "FILE",
        };
        var command = new Command("gang", "N sockets of the simulated station in parallel, in real time: aggregate units per hour vs 0.9 × N × one socket, operator-limited figure, CPU per unit.")
        {
            sockets, units, loadUnload, speed, config, write,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!TryReadCounts(parse.GetValue(sockets)!, out var counts, out var problem))
            {
                error.WriteLine($"fixture-lab bench gang: --sockets {parse.GetValue(sockets)}: {problem}");
                return ExitCodes.BadInput;
            }

            var perSocket = parse.GetValue(units);
            var seconds = parse.GetValue(loadUnload);
            var factor = parse.GetValue(speed);
            if (perSocket < 1 || !(seconds > 0) || double.IsInfinity(seconds) || !(factor > 0) || double.IsInfinity(factor))
            {
                error.WriteLine($"fixture-lab bench gang: --units-per-socket must be at least 1 (got {perSocket}), --load-unload-seconds and --speed positive (got {Text(seconds)} and {Text(factor)}).");
                return ExitCodes.BadInput;
            }

            return await SetupErrors.RunAsync(parse, async () =>
            {
                var configPath = parse.GetValue(config);
                var benchmark = new GangBenchmark(configPath, TimeProvider.System);
                await benchmark.WarmUpAsync(cancellationToken);
                var runs = new List<GangRun>();
                foreach (var n in counts)
                {
                    error.WriteLine($"bench gang: {n} socket(s) × {perSocket} unit(s)...");
                    runs.Add(await benchmark.RunAsync(n, perSocket, factor, cancellationToken));
                }

                var recipe = StationFactory.Check(new StationOptions { ConfigPath = configPath }, new SimulationComposition()).RecipePath;
                var figures = new GangBenchmarkReport.Figures(runs, perSocket, factor, new OperatorModel(TimeSpan.FromSeconds(seconds)), ProcessCpu.RecipeOneOff(recipe), ProcessCpu.Machine());
                var invocation = "dotnet run --project src/Lab -c Release -- bench gang"
                    + $" --sockets {string.Join(',', counts)} --units-per-socket {perSocket} --load-unload-seconds {Text(seconds)}"
                    + (factor != 1 ? $" --speed {Text(factor)}" : string.Empty)
                    + (configPath is { } c ? $" --config {c}" : string.Empty)
                    + (parse.GetValue(write) is { } target ? $" --write {target}" : string.Empty);
                var body = GangBenchmarkReport.Render(invocation, figures);
                output.WriteLine(body);
                if (parse.GetValue(write) is { } path)
                {
                    ResultsDocument.WriteSection(path, GangBenchmarkReport.Section, body);
                    output.WriteLine($"Wrote the \"{GangBenchmarkReport.Section}\" section of {path}.");
                }

                return runs.All(r => r.AllPassed) ? ExitCodes.Ok : ExitCodes.Fail;
            });
        });
        return command;
    }

    /// <summary>"1,2,4,8" → [1, 2, 4, 8]; 1 is added first when missing (the baseline); each 1 to 8, no repeats.</summary>
    internal static bool TryReadCounts(string text, out List<int> counts, out string problem)
    {
        counts = [];
        problem = "";
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > StationConfigValidator.MaxSockets)
            {
                problem = $"'{part}' is not a socket count from 1 to {StationConfigValidator.MaxSockets}; write e.g. 1,2,4,8.";
                return false;
            }

            if (counts.Contains(n))
            {
                problem = $"{n} is given twice.";
                return false;
            }

            counts.Add(n);
        }

        if (counts.Count == 0)
        {
            problem = "no socket count given; write e.g. 1,2,4,8.";
            return false;
        }

        if (!counts.Contains(1))
        {
            counts.Insert(0, 1);
        }

        return true;
    }

    private static string Text(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
