using System.Diagnostics;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Images;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;
using Fixture.Protocol.Wire;
using Fixture.Simulator.Timing;

namespace Fixture.Controller.Benchmarks;

/// <summary>Process CPU time of the one-off and per-unit work of flashing (fixture-design §8: small per unit).</summary>
/// <param name="Units">Units flashed per measurement.</param>
/// <param name="PlanBuild">CPU to load the recipe and build its plan, xz compression included (mean of three): once per recipe.</param>
/// <param name="HostPerUnit">CPU per unit of the fixture's sequence against a peer that answers at once (the host's own work).</param>
/// <param name="SimulatedPerUnit">CPU per unit of the fixture's sequence on the simulated unit (host + the unit's model: xz decode, SHA-256, flash).</param>
/// <param name="HostWallPerUnit">Wall time per unit of the host-only runs.</param>
/// <param name="Machine">Where it was measured: cores, OS, runtime, build configuration.</param>
public sealed record HostCpuFigures(int Units, TimeSpan PlanBuild, TimeSpan HostPerUnit, TimeSpan SimulatedPerUnit, TimeSpan HostWallPerUnit, string Machine);

/// <summary>
/// Measures <see cref="HostCpuFigures"/> with the process's CPU time around N units (and around the
/// plan build). The plan is built once and shared, as a station shares it between its sockets.
/// </summary>
public static class HostCpuMeasurement
{
    public static HostCpuFigures Measure(string recipePath, int units, TimeProvider wallClock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        ArgumentNullException.ThrowIfNull(wallClock);
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

        var helper = recipe.HelperImage;
        // One unit of each first, so what is paid once per process (JIT, host digests) is not counted per unit.
        FlashThroughInstantPeer(helper, plan);
        var benchmark = new FlashBenchmark(helper, plan);
        var scenario = FlashScenario.Standard[0];
        benchmark.RunFixture(scenario, FlashProfile.Fast);

        before = CpuTime();
        var wall = wallClock.GetTimestamp();
        for (var i = 0; i < units; i++)
        {
            FlashThroughInstantPeer(helper, plan);
        }

        var host = (CpuTime() - before) / units;
        var hostWall = wallClock.GetElapsedTime(wall) / units;

        before = CpuTime();
        for (var i = 0; i < units; i++)
        {
            var run = benchmark.RunFixture(scenario, FlashProfile.Fast);
            if (!run.Flash.Succeeded)
            {
                throw new InvalidOperationException($"CPU measurement: simulated unit {i + 1} did not flash: {run.Flash.Failure?.Reason}");
            }
        }

        var simulated = (CpuTime() - before) / units;
        return new HostCpuFigures(units, planBuild, host, simulated, hostWall, ProcessCpu.Machine());
    }

    private static void FlashThroughInstantPeer(HelperImage helper, FlashPlan plan)
    {
        var clock = new SimulationClock();
        var result = VirtualTime.Run(clock, async () =>
        {
            using var channel = new ByteChannel(new InstantUnitStream(plan), clock, "instant peer", ownsStream: true);
            return await new FlashSequence(channel, clock, FlashProfile.Fast, _ => { }).RunAsync(helper, plan, 2_000_000);
        });
        if (!result.Flash.Succeeded)
        {
            throw new InvalidOperationException($"CPU measurement: the instant peer's flash did not succeed: {result.Flash.Failure?.Reason}");
        }
    }


    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
