using System.Text.Json.Nodes;
using Fixture.Lab.Benchmarks.Cycle;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;
using Fixture.Controller.Workflow;
using Fixture.Hal.Configuration;
using Fixture.Hal.Lines;
using Fixture.Lab.Vendor;
using Fixture.Protocol.Flashing;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Hardware;

namespace Fixture.Lab.Benchmarks;

/// <summary>Who runs the station's phases in a `bench flash` run, and on which file set.</summary>
internal enum FlashHost
{
    /// <summary>The station as a line runs it.</summary>
    Fixture,

    /// <summary>The vendor imitation (<see cref="VendorHost"/>) on the recipe's plan, clean-slate erases included.</summary>
    Vendor,

    /// <summary>The vendor imitation on the vendor tool's own file set: the recipe without its clean-slate erases.</summary>
    VendorOwnSet,
}

/// <summary>
/// A figure of `bench flash`: one unit on a one-socket simulated station in modelled time (button → report row, the
/// station's own phases and configured line timings; for the vendor, the same phases with <see cref="VendorHost"/>'s
/// profile), cut at the line transitions the socket's GPIO chip saw: flashing runs from POWER asserted to BOOT
/// released for the firmware start (which only happens after the plan's last SHA-256). Round trips and bytes are the
/// simulated port's counters between those two transitions.
/// </summary>
internal static class StationFlashRun
{
    /// <param name="configPath">Simulated station configuration (modelled time); null: config/station.sim.json.</param>
    /// <param name="recipePath">The recipe to flash (copied, with loader.baud set to the scenario's).</param>
    /// <param name="host">The station itself, or the vendor imitation on the recipe's plan or on its own file set.</param>
    /// <exception cref="InvalidOperationException">The station did not flash the unit (a defect, not a figure).</exception>
    public static FlashRun Run(FlashScenario scenario, string? configPath, string recipePath, FlashHost host = FlashHost.Fixture) =>
        RunAsync(scenario, configPath, recipePath, host, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<FlashRun> RunAsync(FlashScenario scenario, string? configPath, string recipePath, FlashHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var work = Directory.CreateTempSubdirectory("fixture-bench-flash-");
        try
        {
            // The loader runs at the lower of the socket's serial loaderBaud and the recipe's loader.baud: both are set.
            // The vendor's own file set is the recipe's images without the clean-slate erases only the fixture does.
            var recipe = RecipeCopy(recipePath, work.FullName, scenario.LoadBaud, cleanSlate: host != FlashHost.VendorOwnSet);
            var simulation = new SimulationComposition(new SimulationOptions
            {
                UnitSetups = (_, _) => new SimulatedUnitSetup(scenario.Unit, StationFaults.None),
                AdapterTurnaround = scenario.Timing.HostTurnaround,
                LoaderBaud = scenario.LoadBaud,
            });
            UnitContext? recorded = null;
            var timeline = new CycleTimeline();
            using var station = StationFactory.Open(
                new StationOptions
                {
                    ConfigPath = configPath,
                    RecipePath = recipe,
                    ReportDirectory = Path.Combine(work.FullName, "reports"),
                    Recorded = (_, unit) => recorded = unit,
                    Host = host == FlashHost.Fixture ? null : VendorHost.Profile,
                },
                timeline,
                simulation);
            if (!station.ModelledTime)
            {
                throw new StationSetupException(ExitCodes.BadInput, $"{station.ConfigPath}: simulation.time is not \"modelled\": bench flash measures modelled time.");
            }

            var socket = station.Sockets[0];
            var clock = socket.Environment.Time;
            timeline.Watch(clock);
            var lines = new SocketLineLog(simulation.Station, station.Config.Sockets[0].Lines!, clock);
            var summary = await station.RunUnitsAsync(1, cancellationToken);
            if (summary.SocketErrors.Count > 0 || recorded?.Flash is not { } flash || timeline.Outcome is null)
            {
                throw new InvalidOperationException($"bench flash, {scenario.Name}: the station did not flash the unit: {string.Join("; ", summary.SocketErrors.Concat(timeline.Messages).Append(timeline.Outcome?.Row.Detail ?? ""))}");
            }

            var powerOn = lines.First(SocketSignal.Power, asserted: true)
                ?? throw new InvalidOperationException($"bench flash, {scenario.Name}: POWER was never asserted.");
            var flashing = timeline.Entered(nameof(UnitState.Flashing));
            var bootReleased = lines.First(SocketSignal.Boot, asserted: false, after: timeline.StartedAt + Ticks(clock, flashing))
                ?? throw new InvalidOperationException($"bench flash, {scenario.Name}: BOOT was never released for the firmware start.");
            TimeSpan Since(long from, long to) => clock.GetElapsedTime(from, to);
            var start = powerOn.At;
            var handshaking = timeline.StartedAt + Ticks(clock, timeline.Entered(nameof(UnitState.Handshaking)));
            var helper = timeline.StartedAt + Ticks(clock, timeline.Entered(nameof(UnitState.LoadingHelper)));
            var identify = timeline.StartedAt + Ticks(clock, timeline.Entered(nameof(UnitState.Identifying)));
            var plan = timeline.StartedAt + Ticks(clock, flashing);
            var loaderAnswered = recorded.LoaderAnsweredAt ?? identify;
            return new FlashRun(
                host switch { FlashHost.Vendor => "vendor", FlashHost.VendorOwnSet => "vendor (own set)", _ => "fixture" },
                Since(start, bootReleased.At),
                (int)(bootReleased.Writes - powerOn.Writes),
                bootReleased.BytesWritten - powerOn.BytesWritten,
                bootReleased.BytesDelivered - powerOn.BytesDelivered,
                flash,
                [
                    new("entry", Since(start, handshaking)),
                    new("bootrom handshake", Since(handshaking, helper)),
                    new("helper", Since(helper, identify)),
                    new("loader handshake", Since(identify, loaderAnswered)),
                    new("identify", Since(loaderAnswered, plan)),
                ])
            {
                Row = timeline.Outcome.Row,
            };
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static long Ticks(TimeProvider clock, TimeSpan span) => (long)((Int128)span.Ticks * clock.TimestampFrequency / TimeSpan.TicksPerSecond);

    /// <summary>A copy of the recipe's folder whose recipe.json runs the loader at <paramref name="baud"/>, with or without its clean-slate erases.</summary>
    private static string RecipeCopy(string recipePath, string work, int baud, bool cleanSlate)
    {
        var source = Path.GetDirectoryName(Path.GetFullPath(recipePath))!;
        var copy = Directory.CreateDirectory(Path.Combine(work, "recipe")).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var target = Path.Combine(copy, Path.GetFileName(recipePath));
        var json = JsonNode.Parse(File.ReadAllText(target))!.AsObject();
        var loader = json["loader"] as JsonObject ?? [];
        loader["baud"] = baud;
        json["loader"] = loader;
        if (!cleanSlate)
        {
            json["cleanSlate"] = new JsonObject { ["enabled"] = false };
        }

        File.WriteAllText(target, json.ToJsonString());
        return target;
    }
}
