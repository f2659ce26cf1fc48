using Fixture.Controller.Reports;

namespace Fixture.Lab.Benchmarks.Gang;

/// <summary>
/// N sockets run in parallel in real time on the simulated station, each with the same number of units.
/// Times are on the station's clock (the wall clock, or a sped-up one with --speed).
/// </summary>
/// <param name="Sockets">Sockets running in parallel.</param>
/// <param name="Rows">Every unit's report row, as the station wrote it.</param>
/// <param name="Elapsed">From the start of the run (every socket's start button) to the last row on disk, on the station's clock.</param>
/// <param name="WallElapsed">The same on the wall clock (differs from <paramref name="Elapsed"/> only with --speed).</param>
/// <param name="Cpu">Process CPU time over the run.</param>
/// <param name="Split">That CPU by thread group (Linux only).</param>
/// <param name="PeakThreads">Most threads the process had at once during the run (sampled each second).</param>
/// <param name="MostInFlight">Most units being tested at the same moment (from the rows' start and end times).</param>
/// <param name="SocketErrors">Sockets that stopped (a defect: none expected).</param>
public sealed record GangRun(int Sockets, IReadOnlyList<UnitReportRow> Rows, TimeSpan Elapsed, TimeSpan WallElapsed, TimeSpan Cpu, ThreadCpuSplit? Split, int PeakThreads, int MostInFlight, IReadOnlyList<string> SocketErrors)
{
    /// <summary>The machine's 1-minute load average when the run started and when it ended (Linux), to judge the wall-clock figures.</summary>
    public (double? Before, double? After) Load { get; init; }

    /// <summary>Each unit's report step on the wall clock (Reporting entered → row on disk), through the station's one writer.</summary>
    public IReadOnlyList<TimeSpan> ReportTimes { get; init; } = [];

    public int Units => Rows.Count;

    public bool AllPassed => SocketErrors.Count == 0 && Rows.All(r => r.Verdict == UnitVerdict.Pass);

    /// <summary>Aggregate units per hour of station time: every unit over the whole run, start-up stagger and tail included.</summary>
    public double UnitsPerHour => Units / Elapsed.TotalHours;

    /// <summary>Mean button-to-row time of a unit at this socket count.</summary>
    public TimeSpan MeanCycle => TimeSpan.FromTicks((long)Rows.Average(r => (r.TotalTime ?? TimeSpan.Zero).Ticks));

    public TimeSpan LongestCycle => Rows.Max(r => r.TotalTime ?? TimeSpan.Zero);

    public TimeSpan CpuPerUnit => Cpu / Units;

    /// <summary>Share of the machine's cores the run kept busy.</summary>
    public double CoreUse(int cores) => Cpu / (WallElapsed * cores);
}

/// <summary>
/// The operator-limited figure (fixture-design §8): one operator serves every socket, <see cref="LoadUnload"/>
/// per unit at a socket (take the tested unit out, put the next one in, close the lid, press start; walking
/// included). While the operator is at one socket the others keep testing; a socket whose unit is done
/// waits until the operator reaches it. In the steady state each socket cycles every T + S (T the
/// button-to-row time, S the load-and-unload time) and the operator is busy N × S of every T + S: the
/// station delivers N / (T + S) units per second while N × S ≤ T + S, and 1 / S once the operator is the limit.
/// </summary>
public sealed record OperatorModel(TimeSpan LoadUnload)
{
    public double UnitsPerHour(int sockets, TimeSpan cycle) =>
        Math.Min(sockets / (cycle + LoadUnload).TotalHours, 1 / LoadUnload.TotalHours);

    /// <summary>The operator is the limit once the sockets' demand N × S exceeds the cycle T + S.</summary>
    public bool OperatorBound(int sockets, TimeSpan cycle) => sockets * LoadUnload > cycle + LoadUnload;

    /// <summary>Sockets one operator can keep busy: (T + S) / S.</summary>
    public double SocketsOneOperatorKeepsBusy(TimeSpan cycle) => (cycle + LoadUnload) / LoadUnload;
}
