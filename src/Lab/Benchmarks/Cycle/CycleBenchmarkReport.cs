using System.Globalization;
using System.Text;
using Fixture.Controller.Reports;

namespace Fixture.Lab.Benchmarks.Cycle;

/// <summary>The full-cycle benchmark's figures as Markdown: for the console and the "Full cycle" section of docs/results.md.</summary>
public static class CycleBenchmarkReport
{
    public const string Section = "Full cycle";

    /// <summary>The process CPU figures of a modelled-time run.</summary>
    /// <param name="Units">Units per measurement (after one warm-up unit).</param>
    /// <param name="PerUnit">Process CPU per unit, host and simulated unit together.</param>
    /// <param name="RecipeOneOff">Load the recipe and build its plan, xz included: once per recipe (mean of three).</param>
    public sealed record CpuFigures(int Units, TimeSpan PerUnit, TimeSpan RecipeOneOff, string Machine);

    public static string Render(string command, IReadOnlyList<CycleRun> runs, CpuFigures? cpu)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var text = new StringBuilder();
        text.AppendLine("Target (fixture-design §8): full cycle, button to report row = flashing + time until the firmware");
        text.AppendLine("reports boot complete + at most 1 s.");
        text.AppendLine();
        ResultsDocument.AppendCommand(text, command);
        text.AppendLine("One unit per scenario through the whole station: `StationFactory` with the committed simulated station");
        text.AppendLine("(config/station.sim.json: its timings, supply monitor, port probe and workflow settings), the real");
        text.AppendLine("`UnitWorkflow`, CSV row and raw log, in modelled time (the same figures on every run and machine).");
        text.AppendLine("Phases are consecutive and add up to the total: they are cut at the socket's line transitions as the");
        text.AppendLine("simulated GPIO chip saw the station drive them (POWER asserted, CHIP_EN released, BOOT released, CHIP_EN");
        text.AppendLine("released for the firmware), at the workflow's state changes (as the observer hears them), and at the moment");
        text.AppendLine("the fixture read \"Boot complete\". **flashing (benchmark)** is `fixture-lab bench flash`'s figure for the same unit");
        text.AppendLine("and adapter (the same station path: POWER asserted to BOOT released for the firmware); **flashing (in cycle)** is the same stretch");
        text.AppendLine("inside this cycle (marked ✓), which starts with the station's configured CHIP_EN hold and settle.");
        text.AppendLine();
        foreach (var run in runs)
        {
            text.AppendLine(Invariant($"### {run.Scenario.Name}"));
            text.AppendLine();
            text.AppendLine("| Phase | Part | Flashing | Modelled | Note |");
            text.AppendLine("|---|---|:---:|---:|---|");
            foreach (var phase in run.Phases)
            {
                text.AppendLine(Invariant($"| {phase.Name} | {Words(phase.Group)} | {(phase.InFlashing ? "✓" : string.Empty)} | {Milliseconds(phase.Duration)} | {phase.Note} |"));
            }

            text.AppendLine(Invariant($"| **button to report row** | | | **{Milliseconds(run.Total)}** | {run.Row.Verdict.ToText()}{(run.Row.FailureCode is { } code ? " " + code.ToText() : string.Empty)}, row total_ms {run.Row.TotalTime?.TotalMilliseconds:0} |"));
            text.AppendLine();
            text.AppendLine("| By part | power-up and handshake | helper | identify | erase/write/verify | boot to boot complete | power-down and report |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            text.AppendLine(Invariant($"| ms | {string.Join(" | ", Enum.GetValues<CycleGroup>().Select(g => Milliseconds(run.In(g))))} |"));
            text.AppendLine();
            text.AppendLine(Invariant($"- flashing (benchmark) {Seconds(run.FlashingBenchmark)} + time to boot complete {Seconds(run.BootComplete)} + 1 s = **{Seconds(run.Target)}**; button to report row **{Seconds(run.Total)}**: {(run.MeetsTarget ? "met" : "NOT met")} ({Seconds(run.Target - run.Total)} to spare)."));
            text.AppendLine(Invariant($"- flashing in this cycle {Seconds(run.FlashingInCycle)} ({Milliseconds(run.FlashingInCycle - run.FlashingBenchmark)} ms more than the benchmark's: both run the station's phases with its configured line timings, so they agree); everything that is neither flashing nor the firmware's boot: **{Milliseconds(run.Overhead)} ms** of the 1 s allowed."));
            text.AppendLine();
        }

        if (cpu is not null)
        {
            text.AppendLine(Invariant($"Host CPU in modelled time (process CPU time around {cpu.Units} healthy units on one socket after {CycleBenchmark.WarmUpUnits} warm-up units, as `fixture run --sim --units N` runs them without console output; {cpu.Machine}):"));
            text.AppendLine();
            text.AppendLine(Invariant($"- per unit, host and simulated unit together (workflow, protocol, report row and raw log; the unit's model decodes xz, hashes and programs its flash): **{cpu.PerUnit.TotalMilliseconds:F1} ms**;"));
            text.AppendLine(Invariant($"- once per recipe (load, check pins, build the plan with its xz streams; mean of three): **{cpu.RecipeOneOff.TotalMilliseconds:F0} ms**; the station builds it once at start-up and every socket and unit shares it."));
            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Words(CycleGroup group) => group switch
    {
        CycleGroup.PowerUpAndHandshake => "power-up and handshake",
        CycleGroup.Helper => "helper",
        CycleGroup.Identify => "identify",
        CycleGroup.EraseWriteVerify => "erase/write/verify",
        CycleGroup.BootToBootComplete => "boot to boot complete",
        _ => "power-down and report",
    };

    private static string Seconds(TimeSpan t) => Invariant($"{t.TotalSeconds:F3} s");

    private static string Milliseconds(TimeSpan t) => Invariant($"{t.TotalMilliseconds:F1}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
