using System.CommandLine;
using Fixture.Lab.Benchmarks;
using Fixture.Lab.Benchmarks.Cycle;
using Fixture.Controller.Reports;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;

namespace Fixture.Lab.Cli;

/// <summary>
/// `fixture-lab bench cycle`: the full unit cycle on the simulated station in modelled time, button to report
/// row, cut into phases, against "flashing + time to boot complete + 1 s"; plus the process CPU per unit
/// of a modelled-time run. Exit codes: 0 every unit passed, 1 one did not (a defect to look at), 2 bad input.
/// </summary>
internal static class BenchCycleCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Simulated station configuration (default config/station.sim.json).", HelpName = "FILE" };
        var cpuUnits = new Option<int>("--cpu-units") { Description = "Units per CPU measurement (0 skips it).", DefaultValueFactory = _ => 20 };
        var write = new Option<string?>("--write")
        {
            Description = "Also write the figures into the \"Full cycle\" section of this Markdown file (e.g. docs/results.md); other sections are kept.",
            HelpName = "FILE",
        };
        var command = new Command("cycle", "Full unit cycle on the simulated station in modelled time: button to report row by phase, against flashing + boot complete + 1 s; fresh unit, FTDI turnaround, re-test.")
        {
            config, cpuUnits, write,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var units = parse.GetValue(cpuUnits);
            if (units < 0)
            {
                error.WriteLine($"fixture-lab bench cycle: --cpu-units {units} must be 0 (skip) or more.");
                return ExitCodes.BadInput;
            }

            return await SetupErrors.RunAsync(parse, async () =>
            {
                try
                {
                    var configPath = parse.GetValue(config);
                    var benchmark = new CycleBenchmark(configPath);
                    var runs = await benchmark.RunAsync(CycleScenario.Standard, cancellationToken);
                    CycleBenchmarkReport.CpuFigures? cpu = null;
                    if (units > 0)
                    {
                        var perUnit = await benchmark.CpuPerUnitAsync(units, cancellationToken);
                        var recipe = StationFactory.Check(new StationOptions { ConfigPath = configPath }, new SimulationComposition()).RecipePath;
                        cpu = new CycleBenchmarkReport.CpuFigures(units, perUnit, ProcessCpu.RecipeOneOff(recipe), ProcessCpu.Machine());
                    }

                    var invocation = "dotnet run --project src/Lab -c Release -- bench cycle"
                        + (configPath is { } c ? $" --config {c}" : string.Empty)
                        + $" --cpu-units {units}"
                        + (parse.GetValue(write) is { } target ? $" --write {target}" : string.Empty);
                    var body = CycleBenchmarkReport.Render(invocation, runs, cpu);
                    output.WriteLine(body);
                    if (parse.GetValue(write) is { } path)
                    {
                        ResultsDocument.WriteSection(path, CycleBenchmarkReport.Section, body);
                        output.WriteLine($"Wrote the \"{CycleBenchmarkReport.Section}\" section of {path}.");
                    }

                    return runs.All(r => r.Row.Verdict == UnitVerdict.Pass) ? ExitCodes.Ok : ExitCodes.Fail;
                }
                catch (InvalidOperationException e)
                {
                    // A unit that does not run to its row is a defect, not a figure.
                    error.WriteLine($"fixture-lab bench cycle: {e.Message}");
                    return ExitCodes.Fail;
                }
            });
        });
        return command;
    }
}
