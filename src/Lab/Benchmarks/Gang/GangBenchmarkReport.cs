using System.Globalization;
using System.Text;

namespace Fixture.Lab.Benchmarks.Gang;

/// <summary>The gang benchmark's figures as Markdown: for the console and the "Gang" section of docs/results.md.</summary>
public static class GangBenchmarkReport
{
    public const string Section = "Gang";

    /// <summary>Aggregate units per hour of N sockets against N × one socket (fixture-design §8).</summary>
    public const double ScalingTarget = 0.9;

    /// <param name="RecipeOneOff">Load the recipe and build its plan, xz included (mean of three): once per recipe.</param>
    public sealed record Figures(IReadOnlyList<GangRun> Runs, int UnitsPerSocket, double Speed, OperatorModel Operator, TimeSpan RecipeOneOff, string Machine)
    {
        public GangRun OneSocket => Runs.First(r => r.Sockets == 1);

        public double Scaling(GangRun run) => run.UnitsPerHour / (run.Sockets * OneSocket.UnitsPerHour);
    }

    public static string Render(string command, Figures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var text = new StringBuilder();
        var one = figures.OneSocket;
        var s = figures.Operator.LoadUnload;
        text.AppendLine("Target (fixture-design §8): N sockets in parallel, aggregate units per hour at least 0.9 × N × one");
        text.AppendLine("socket, N up to 8, with the simulated units running in real time on a 2-core CI machine; also the");
        text.AppendLine("operator-limited figure for a configurable load-and-unload time per unit; host CPU per unit small.");
        text.AppendLine();
        ResultsDocument.AppendCommand(text, command);
        var loads = figures.Runs.SelectMany(r => new[] { r.Load.Before, r.Load.After }).OfType<double>().ToList();
        text.AppendLine(Invariant($"Machine: {figures.Machine}; shared with other engineers' builds and tests"));
        text.AppendLine(loads.Count > 0
            ? Invariant($"(1-minute load average {loads.Min():F1}–{loads.Max():F1} on its {Environment.ProcessorCount} cores during the runs). Each row below is one run of the committed simulated station widened")
            : "(load not known). Each row below is one run of the committed simulated station widened");
        text.AppendLine(Invariant($"to N sockets, {figures.UnitsPerSocket} healthy unit(s) per socket, every socket's start pressed at once; the simulated units run"));
        text.AppendLine(figures.Speed == 1.0
            ? "in real time on `TimeProvider.System` (their timers on the thread pool), the workflow on each socket's own"
            : Invariant($"on a clock {figures.Speed:0.##} × faster than real time (NOT the target's real time: station-time figures), the workflow on each socket's own"));
        text.AppendLine("thread and loop, all rows through the station's one report writer (fsync per row; the report step is the wall time from");
        text.AppendLine("entering Reporting to the row on disk, retest history and counts included). Units per hour =");
        text.AppendLine("units / (first start to last row on disk): the power-on stagger between sockets and the tail are in it.");
        text.AppendLine(Invariant($"The process first ran {GangBenchmark.WarmUpUnits} units in modelled time and one in real time at {GangBenchmark.WarmUpSpeed:0} × speed, so most"));
        text.AppendLine("JIT and the simulator's one-off images are not in these figures (tiered JIT still recompiles hot code during the first runs).");
        text.AppendLine();
        text.AppendLine("| Sockets | Units | Run | Units/hour | × N × one socket | Mean cycle | Longest cycle | In flight at once | Report step, mean / max | CPU/unit | of which socket loops | thread pool (sim. units) | other (JIT, GC, runtime) | Cores busy | Peak threads | Result |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var run in figures.Runs)
        {
            var split = run.Split;
            text.AppendLine(Invariant($"| {run.Sockets} | {run.Units} | {run.Elapsed.TotalSeconds:F1} s | {run.UnitsPerHour:F0} | {figures.Scaling(run):F3} | {run.MeanCycle.TotalSeconds:F2} s | {run.LongestCycle.TotalSeconds:F2} s | {run.MostInFlight} | {ReportStep(run)} | {Ms(run.CpuPerUnit)} | {Ms(split?.SocketLoops / run.Units)} | {Ms(split?.ThreadPool / run.Units)} | {Ms(split?.Other / run.Units)} | {run.CoreUse(Environment.ProcessorCount):P0} of {Environment.ProcessorCount} | {run.PeakThreads} | {(run.AllPassed ? "all PASS" : "NOT all PASS: " + string.Join("; ", run.SocketErrors.Concat(run.Rows.Where(r => r.Verdict != Fixture.Controller.Reports.UnitVerdict.Pass).Select(r => $"socket {r.Socket} {r.FailureCode}"))))} |"));
        }

        text.AppendLine();
        text.AppendLine("Against the target:");
        text.AppendLine();
        foreach (var run in figures.Runs.Where(r => r.Sockets > 1))
        {
            var ratio = figures.Scaling(run);
            text.AppendLine(Invariant($"- {run.Sockets} sockets: {run.UnitsPerHour:F0} units/hour = {ratio:F3} × {run.Sockets} × {one.UnitsPerHour:F0} (target ≥ {ScalingTarget:F1}: {(ratio >= ScalingTarget ? "met" : "NOT met")})."));
        }

        text.AppendLine();
        text.AppendLine("**Operator-limited: a model, not a measurement.** The table below is computed from the measured T above and an");
        text.AppendLine("assumed operator time; no operator was simulated.");
        text.AppendLine();
        text.AppendLine(Invariant($"Operator-limited (one operator, S = {s.TotalSeconds:0.#} s per unit to take the tested unit out, put the next in and press"));
        text.AppendLine("start, walking included). While the operator is at one socket the others keep testing; a socket whose unit");
        text.AppendLine("is done waits until the operator gets to it. Steady state: each socket cycles every T + S (T = the mean");
        text.AppendLine("button-to-row time measured at that N), the operator is busy N × S of every T + S, so the station makes");
        text.AppendLine("N / (T + S) units per second while N × S ≤ T + S and 1 / S once the operator is the limit. It ignores the");
        text.AppendLine("first round (every socket waiting to be loaded) and any variation in T and S, which only lower it.");
        text.AppendLine();
        text.AppendLine("| Sockets | T (measured) | Units/hour, operator-limited (model) | Limited by (model) |");
        text.AppendLine("|---:|---:|---:|---|");
        foreach (var run in figures.Runs)
        {
            var bound = figures.Operator.OperatorBound(run.Sockets, run.MeanCycle);
            text.AppendLine(Invariant($"| {run.Sockets} | {run.MeanCycle.TotalSeconds:F2} s | {figures.Operator.UnitsPerHour(run.Sockets, run.MeanCycle):F0} | {(bound ? "the operator" : "the sockets")} |"));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"One operator keeps (T + S) / S = {figures.Operator.SocketsOneOperatorKeepsBusy(one.MeanCycle):F1} sockets busy at S = {s.TotalSeconds:0.#} s; beyond that, more sockets need more operators, not more fixture."));
        text.AppendLine();
        text.AppendLine(Invariant($"Host CPU: once per recipe (load, pins, plan with its xz streams; mean of three) **{figures.RecipeOneOff.TotalMilliseconds:F0} ms**, paid at station start-up and shared by every socket; per unit, see CPU/unit above (process CPU over the run / units): the socket loops are the fixture's own work (workflow, protocol, boot-log check, report row and raw log), the thread pool is mostly the simulated units (UART deliveries, loader model with its xz decoder, flash, firmware log), \"other\" is GC, JIT and the runtime."));
        return text.ToString();
    }

    private static string ReportStep(GangRun run) => run.ReportTimes.Count == 0
        ? "-"
        : Invariant($"{run.ReportTimes.Average(t => t.TotalMilliseconds):F1} / {run.ReportTimes.Max(t => t.TotalMilliseconds):F1} ms");

    private static string Ms(TimeSpan? t) => t is { } v ? Invariant($"{v.TotalMilliseconds:F0} ms") : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
