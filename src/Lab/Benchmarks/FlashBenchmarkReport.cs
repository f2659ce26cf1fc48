using System.Globalization;
using System.Text;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Plans;

namespace Fixture.Lab.Benchmarks;

/// <summary>The flashing benchmark's figures as Markdown: for the console and the "Flashing" section of docs/results.md.</summary>
public static class FlashBenchmarkReport
{
    public const string Section = "Flashing";

    /// <summary>Ratio of the fixture to the vendor sequence the design asks for (fixture-design §8).</summary>
    public const double VendorRatioTarget = 0.80;

    /// <summary>How far above the floor the fixture may be at 2 Mbaud.</summary>
    public const double FloorMarginTarget = 0.05;

    /// <summary>Flashing time target for a unit that already holds the image.</summary>
    public static readonly TimeSpan HashSkipTarget = TimeSpan.FromSeconds(1.5);

    private static readonly string[] StageNames = ["entry", "bootrom handshake", "helper", "loader handshake", "identify"];

    /// <summary>The whole section body.</summary>
    public static string Render(string command, string recipeDescription, FlashPlan plan, IReadOnlyList<FlashScenarioResult> results, HostCpuFigures? cpu)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.AppendLine("Target (fixture-design §8): flashing the standard image set at 2 Mbaud in at most 0.80 × the vendor");
        text.AppendLine("sequence and within 5 % of the model's floor; the same 0.80 behind a 16 ms (FTDI) turnaround; lower");
        text.AppendLine("still at 3 Mbaud; under 1.5 s for a unit that already holds the image; small host CPU per unit.");
        text.AppendLine();
        ResultsDocument.AppendCommand(text, command);
        text.AppendLine($"Modelled time (`VirtualTime` + `SimulationClock`, `TimingModel` of docs/simulator.md): the same figures on every run and");
        text.AppendLine("machine. Each run is a fresh simulated unit (factory-fresh: stock TG7100C firmware, unless it already");
        text.AppendLine("holds the image) in a one-socket simulated station with the configured line timings; bootrom at 500 000");
        text.AppendLine("baud. **fixture** = the station's own phases (button to report row, the configured CHIP_EN hold and settle).");
        text.AppendLine("**vendor** = the same phases run as BLDevCube runs a unit (`src/Lab/Vendor/VendorHost.cs`): its reset dance");
        text.AppendLine("(1 070 ms on CHIP_EN and POWER, BOOT pulled up), read-until-silence handshakes, 300 ms after run_image,");
        text.AppendLine("2048-byte frames, xz only above 4 KiB, no hash-skip, JEDEC id only, 0x3A and XIP SHA per region. Every");
        text.AppendLine("time runs from POWER asserted to BOOT released after the plan's last SHA-256, as the simulated GPIO chip saw");
        text.AppendLine("them. Fixture and vendor flash the recipe's plan; **vendor (own set)** is the vendor imitation flashing only");
        text.AppendLine("the vendor tool's own files (boot2, the partition table twice, the firmware, the dtb/factory parameters: the");
        text.AppendLine("recipe without its two clean-slate erases).");
        text.AppendLine();
        text.AppendLine($"Plan: {recipeDescription}, {plan.Regions.Count} regions in this order: {string.Join(", ", plan.Regions.Select(Describe))}.");
        text.AppendLine();
        text.AppendLine("| Scenario | Sequence | Modelled | × vendor | × floor | Round trips | Bytes to unit | Bytes from unit | Result |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            foreach (var run in Runs(r))
            {
                text.AppendLine(Invariant($"| {(run == r.Vendor ? r.Scenario.Name : string.Empty)} | {run.Sequence} | {Seconds(run.Time)} | {run.Time / r.Vendor.Time:F3} | {run.Time / r.Floor.Total:F3} | {run.RoundTrips:N0} | {run.BytesToUnit:N0} | {run.BytesFromUnit:N0} | {Outcome(run.Flash)} |"));
            }

            text.AppendLine(Invariant($"| | floor | {Seconds(r.Floor.Total)} | {r.Floor.Total / r.Vendor.Time:F3} | 1.000 | | | | |"));
        }

        text.AppendLine();
        text.AppendLine("Against the targets:");
        text.AppendLine();
        foreach (var line in Targets(results))
        {
            text.AppendLine("- " + line);
        }

        text.AppendLine();
        foreach (var line in Reading(results))
        {
            text.AppendLine(line);
        }

        text.AppendLine();
        text.AppendLine("The floor, part by part (the unit's own time: every byte that must cross the wire at the link's baud,");
        text.AppendLine("the loader's erase units, decoding at 2 MB/s, page programming, SHA-256 reads at 10 MB/s; ranges the");
        text.AppendLine("unit already has erased need no erase, regions it already holds only their SHA-256; no adapter");
        text.AppendLine("turnaround and no host pause except the 20 ms the ISP document asks for after the bootrom's OK):");
        text.AppendLine();
        var floorParts = results[0].Floor.Parts.Select(p => p.Name).ToList();
        text.AppendLine($"| Scenario | {string.Join(" | ", floorParts)} | floor |");
        text.AppendLine($"|---|{string.Concat(floorParts.Select(_ => "---:|"))}---:|");
        foreach (var r in results)
        {
            text.AppendLine($"| {r.Scenario.Name} | {string.Join(" | ", floorParts.Select(p => Milliseconds(r.Floor[p])))} | {Seconds(r.Floor.Total)} |");
        }

        text.AppendLine();
        text.AppendLine("The floor models the same work the station does: it reads the unit's flash as the fixture's hash checks");
        text.AppendLine("do (a region the unit holds costs its SHA-256, an erased range no erase), and its write time follows the");
        text.AppendLine("simulated loader's acknowledgement mode. The default loader (as decompiled) answers a write frame on");
        text.AppendLine("receipt and decodes and programs it while the next frame crosses the wire, so the write floor is the");
        text.AppendLine("larger of the two pipelines, not their sum. An earlier floor added them frame by frame and came out");
        text.AppendLine("above the fixture (8.178 s against 6.380 s at 2 Mbaud): both sequences skipped the same regions and");
        text.AppendLine("wrote the same bytes, and the whole gap (about 2.0 s) was the overlap of programming with the next");
        text.AppendLine("frame. A sequence faster than the floor is now reported as a broken floor, never as a met target.");
        text.AppendLine();
        text.AppendLine("Where each sequence's time goes (ms; per-phase sums over the plan's regions):");
        text.AppendLine();
        var phases = new[] { FlashPhase.HashCheck, FlashPhase.Erase, FlashPhase.Write, FlashPhase.WriteCheck, FlashPhase.Verify, FlashPhase.Resync };
        text.AppendLine($"| Scenario | Sequence | {string.Join(" | ", StageNames)} | {string.Join(" | ", phases.Select(PhaseName))} |");
        text.AppendLine($"|---|---|{string.Concat(StageNames.Select(_ => "---:|"))}{string.Concat(phases.Select(_ => "---:|"))}");
        foreach (var r in results)
        {
            foreach (var run in Runs(r))
            {
                var stages = StageNames.Select(n => Milliseconds(run.Stages.FirstOrDefault(s => s.Name == n)?.Time ?? TimeSpan.Zero));
                text.AppendLine($"| {(run == r.Vendor ? r.Scenario.Name : string.Empty)} | {run.Sequence} | {string.Join(" | ", stages)} | {string.Join(" | ", phases.Select(p => Milliseconds(run.Flash.TotalFor(p))))} |");
            }
        }

        text.AppendLine();
        text.AppendLine("What the fixture did not have to do:");
        text.AppendLine();
        foreach (var r in results)
        {
            var regions = r.Fixture.Flash.Regions;
            var skipped = regions.Where(g => g.SkippedByHash).Select(g => g.Name).ToList();
            var noErase = regions.Where(g => g.EraseSkipped).Select(g => g.Name).ToList();
            var partly = regions.Where(g => !g.SkippedByHash && g.Kind == FlashRegionKind.EraseOnly && g.ErasedLength < plan.Regions.First(p => p.Name == g.Name).EraseLength)
                .Select(g => Invariant($"{g.Name} ({g.ErasedLength:N0} of {plan.Regions.First(p => p.Name == g.Name).EraseLength:N0} B: only the sectors in use)"))
                .ToList();
            text.AppendLine($"- {r.Scenario.Name}: hash-skipped {List(skipped)}; written without an erase (range already erased) {List(noErase)}; erased in part {List(partly)}.");
        }

        if (cpu is not null)
        {
            text.AppendLine();
            text.AppendLine(Invariant($"Host CPU (process CPU time around {cpu.Units} units after one warm-up unit; {cpu.Machine}; wall-clock figures vary with the machine's load, CPU time less so):"));
            text.AppendLine();
            text.AppendLine(Invariant($"- once per recipe: load the recipe and build its plan, xz compression included: **{cpu.PlanBuild.TotalMilliseconds:F0} ms** of CPU (mean of three builds); the plan is shared by every unit and socket, so no unit pays it;"));
            text.AppendLine(Invariant($"- per unit, a one-socket simulated station's run (button to report row), host and unit model together (the model decodes xz, hashes and programs its flash): **{cpu.SimulatedPerUnit.TotalMilliseconds:F1} ms** of CPU; the host's share alone is not measured (the station's phases need a unit with lines)."));
        }

        return text.ToString();
    }

    /// <summary>
    /// The lines of a rendered section that modelled time fixes (the plan, every table row, every target
    /// line): the same on every machine, so docs/results.md holding other ones is stale. The command and
    /// the host-CPU figures are left out.
    /// </summary>
    public static IReadOnlyList<string> ModelledLines(string section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return [.. section.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith('|') || l.StartsWith("Plan: ", StringComparison.Ordinal)
                || (l.StartsWith("- ", StringComparison.Ordinal) && (l.Contains("(target", StringComparison.Ordinal) || l.Contains("below the floor", StringComparison.Ordinal))))];
    }

    private static FlashRun[] Runs(FlashScenarioResult r) => r.VendorOwnSet is { } own ? [r.Vendor, own, r.Fixture] : [r.Vendor, r.Fixture];

    /// <summary>One line per target of fixture-design §8 that this benchmark measures, saying met or NOT met.</summary>
    public static IReadOnlyList<string> Targets(IReadOnlyList<FlashScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var lines = new List<string>();
        var fresh2M = results.FirstOrDefault(r => r.Scenario.LoadBaud == 2_000_000 && r.Scenario.Timing.HostTurnaround < TimeSpan.FromMilliseconds(5) && !r.Scenario.HoldsImage);
        if (fresh2M is not null)
        {
            var ratio = fresh2M.Fixture.Time / fresh2M.Vendor.Time;
            var above = fresh2M.Fixture.Time / fresh2M.Floor.Total - 1;
            var floorVerdict = above < 0
                ? "**NOT met: the fixture is below the floor, so the floor does not model the work the fixture did; the ratio means nothing until it does**"
                : Met(above <= FloorMarginTarget);
            lines.Add(Invariant($"{fresh2M.Scenario.Name}: fixture {Seconds(fresh2M.Fixture.Time)} = {ratio:F3} × vendor (target ≤ {VendorRatioTarget:F2}: {Met(ratio <= VendorRatioTarget)}), {above * 100:F1} % above the floor (target ≤ {FloorMarginTarget * 100:F0} %: {floorVerdict})"));
            if (fresh2M.VendorOwnSet is { } own)
            {
                var ownRatio = fresh2M.Fixture.Time / own.Time;
                lines.Add(Invariant($"{fresh2M.Scenario.Name}: fixture {Seconds(fresh2M.Fixture.Time)} (the recipe's plan, clean-slate erases included) = {ownRatio:F3} × the vendor flashing its own file set, {Seconds(own.Time)} (target ≤ {VendorRatioTarget:F2}: {Met(ownRatio <= VendorRatioTarget)}{(ownRatio > VendorRatioTarget ? ": the fixture also erases the second slot's header and PSM, which the vendor tool leaves alone" : "")})"));
            }
        }

        foreach (var r in results.Where(r => r.Scenario.Timing.HostTurnaround >= TimeSpan.FromMilliseconds(5)))
        {
            var ratio = r.Fixture.Time / r.Vendor.Time;
            lines.Add(Invariant($"{r.Scenario.Name}: fixture {Seconds(r.Fixture.Time)} = {ratio:F3} × vendor (target ≤ {VendorRatioTarget:F2}: {Met(ratio <= VendorRatioTarget)})"));
            if (r.VendorOwnSet is { } own)
            {
                var ownRatio = r.Fixture.Time / own.Time;
                lines.Add(Invariant($"{r.Scenario.Name}: fixture {Seconds(r.Fixture.Time)} = {ownRatio:F3} × the vendor's own file set, {Seconds(own.Time)} (target ≤ {VendorRatioTarget:F2}: {Met(ownRatio <= VendorRatioTarget)})"));
            }
        }

        foreach (var r in results.Where(r => r.Scenario.LoadBaud > 2_000_000 && !r.Scenario.HoldsImage))
        {
            var met = fresh2M is not null && r.Fixture.Time < fresh2M.Fixture.Time;
            lines.Add(Invariant($"{r.Scenario.Name}: fixture {Seconds(r.Fixture.Time)}, {r.Fixture.Time / r.Vendor.Time:F3} × vendor (target: lower than at 2 Mbaud, {(fresh2M is null ? "not measured" : Seconds(fresh2M.Fixture.Time))}: {Met(met)})"));
        }

        foreach (var r in results.Where(r => r.Scenario.HoldsImage))
        {
            lines.Add(Invariant($"{r.Scenario.Name}: fixture {Seconds(r.Fixture.Time)} of flashing, boot-mode entry and helper load included (target < {HashSkipTarget.TotalSeconds:F1} s: {Met(r.Fixture.Time < HashSkipTarget)})"));
        }

        foreach (var r in results.Where(r => r.Fixture.Time < r.Floor.Total || r.Vendor.Time < r.Floor.Total))
        {
            lines.Add(Invariant($"{r.Scenario.Name}: **a sequence ran below the floor** (fixture {Seconds(r.Fixture.Time)}, vendor {Seconds(r.Vendor.Time)}, floor {Seconds(r.Floor.Total)}): the floor does not model the work done, so no ratio to it is a figure"));
        }

        return lines;
    }

    /// <summary>Where the fixture's saving against the vendor comes from, and what is left above the floor, at 2 Mbaud.</summary>
    private static IEnumerable<string> Reading(IReadOnlyList<FlashScenarioResult> results)
    {
        var r = results.FirstOrDefault(x => x.Scenario.LoadBaud == 2_000_000 && x.Scenario.Timing.HostTurnaround < TimeSpan.FromMilliseconds(5) && !x.Scenario.HoldsImage);
        if (r is null)
        {
            yield break;
        }

        TimeSpan Stage(FlashRun run, string name) => run.Stages.FirstOrDefault(s => s.Name == name)?.Time ?? TimeSpan.Zero;
        var parts = StageNames.Select(n => (n, Stage(r.Vendor, n) - Stage(r.Fixture, n)))
            .Concat(new[] { FlashPhase.HashCheck, FlashPhase.Erase, FlashPhase.Write, FlashPhase.WriteCheck, FlashPhase.Verify }
                .Select(p => (PhaseName(p), r.Vendor.Flash.TotalFor(p) - r.Fixture.Flash.TotalFor(p))))
            .Where(p => p.Item2.Duration() >= TimeSpan.FromMilliseconds(0.5))
            .Select(p => Invariant($"{p.Item1} {p.Item2.TotalMilliseconds:F0} ms"));
        yield return Invariant($"Reading the figures at {r.Scenario.Name}: the fixture saves {Seconds(r.Vendor.Time - r.Fixture.Time)} on the vendor ({string.Join(", ", parts)}; negative: spent) and uses {r.Fixture.RoundTrips} round trips to the vendor's {r.Vendor.RoundTrips}.");
        yield return Invariant($"It stays {(r.Fixture.Time - r.Floor.Total).TotalMilliseconds:F0} ms above the floor (an adapter turnaround on every reply, the prefix probes, the short pauses after each OK). The floor itself is {r.Floor.Total / r.Vendor.Time:F3} × the vendor:");
        yield return Invariant($"erase ({r.Floor["erase"].TotalSeconds:F2} s) and write ({r.Floor["write"].TotalSeconds:F2} s: xz bytes on the wire, decoding, page programming; the loader answers a frame on receipt and decodes and programs it while the next one crosses the wire, so the larger of the two pipelines counts) are the unit's own work, so no host strategy that erases exactly the regions' ranges can go much below it.");
    }

    private static string Describe(FlashRegion r) =>
        r.IsEraseOnly
            ? Invariant($"{r.Name} ({r.EraseLength:N0} B at 0x{r.Address:X})")
            : Invariant($"{r.Name} ({r.Data.Length:N0} B{(r.Compressed is { } c ? $", xz {c.Length:N0}" : string.Empty)})");

    private static string Outcome(FlashResult result) =>
        result.Succeeded ? "verified" : $"FAILED: {result.Failure?.Region} {result.Failure?.Phase}";

    private static string List(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    private static string Met(bool met) => met ? "met" : "**NOT met**";

    private static string PhaseName(FlashPhase phase) => phase switch
    {
        FlashPhase.HashCheck => "hash check",
        FlashPhase.WriteCheck => "write check",
        _ => phase.ToString().ToLowerInvariant(),
    };

    private static string Seconds(TimeSpan t) => Invariant($"{t.TotalSeconds:F3} s");

    private static string Milliseconds(TimeSpan t) => Invariant($"{t.TotalMilliseconds:F1}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
