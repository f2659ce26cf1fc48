using System.Diagnostics;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;

namespace Fixture.Lab.Benchmarks;

/// <summary>Process CPU time of the one-off and per-unit work of flashing (fixture-design §8: small per unit).</summary>
/// <param name="Units">Units flashed per measurement.</param>
/// <param name="PlanBuild">CPU to load the recipe and build its plan, xz compression included (mean of three): once per recipe.</param>
/// <param name="SimulatedPerUnit">CPU per unit of a one-socket simulated station run (button to report row: host workflow and the unit's model: xz decode, SHA-256, flash).</param>
/// <param name="Machine">Where it was measured: cores, OS, runtime, build configuration.</param>
public sealed record HostCpuFigures(int Units, TimeSpan PlanBuild, TimeSpan SimulatedPerUnit, string Machine);

/// <summary>
/// Measures <see cref="HostCpuFigures"/> with the process's CPU time around N station runs of a unit
/// (and around the plan build). There is no host-only figure: the station's phases need a unit with lines.
/// </summary>
public static class HostCpuMeasurement
{
    public static HostCpuFigures Measure(string recipePath, int units, string? configPath = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        // Three builds, averaged: one alone is at the mercy of the runtime's background JIT and GC threads.
        const int builds = 3;
        var before = CpuTime();
        Recipe recipe = null!;
        FlashPlan plan = null!;
        for (var i = 0; i < builds; i++)
        {
            recipe = RecipeLoader.Load(recipePath);
            plan = FlashPlanBuilder.Build(recipe);
        }

        var planBuild = (CpuTime() - before) / builds;

        // One unit first, so what is paid once per process (JIT, the simulator's images) is not counted per unit.
        var benchmark = new FlashBenchmark(recipePath, recipe.HelperImage, plan, configPath);
        var scenario = FlashScenario.Standard[0];
        benchmark.RunFixture(scenario);

        before = CpuTime();
        for (var i = 0; i < units; i++)
        {
            var run = benchmark.RunFixture(scenario);
            if (!run.Flash.Succeeded)
            {
                throw new InvalidOperationException($"CPU measurement: simulated unit {i + 1} did not flash: {run.Flash.Failure?.Reason}");
            }
        }

        var simulated = (CpuTime() - before) / units;
        return new HostCpuFigures(units, planBuild, simulated, ProcessCpu.Machine());
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
