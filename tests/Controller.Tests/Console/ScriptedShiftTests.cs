using Fixture.Controller.Cli;
using Fixture.Lab.OperatorScreen.Demo;
using Fixture.Controller.Reports;
using Fixture.Controller.Station;
using Fixture.Simulator.Timing;

namespace Fixture.Controller.Tests.Console;

public sealed class ScriptedShiftTests
{
    [Fact]
    public void A_replayed_shift_drives_the_console_through_progress_to_verdicts_counts_and_yield()
    {
        using var harness = new ConsoleHarness(sockets: 4, width: 160, height: 80);
        var clock = new SimulationClock();
        var recorder = new RecordingObserver(harness.Console);
        var shift = new ScriptedShift(recorder, [1, 2, 3, 4], "line-3", clock);
        string? halfway = null;
        recorder.Snapshot += snapshot =>
        {
            if (halfway is null && snapshot is { Socket: 1, Region: "firmware", Fraction: >= 0.5 })
            {
                halfway = harness.Screen();
            }
        };

        VirtualTime.Run(clock, async () =>
        {
            shift.Open();
            shift.Start(null);
            await shift.WhenIdleAsync();
        });

        Assert.NotNull(halfway);
        Assert.Contains("writing firmware", halfway, StringComparison.Ordinal);
        Assert.Contains("firmware  372 / 744 KiB", halfway, StringComparison.Ordinal);

        // Units 1-4 of the script: PASS, PASS, FAIL NO_HANDSHAKE, PASS with a weak-supply warning.
        var screen = harness.Screen();
        Assert.Equal([UnitVerdict.Pass, UnitVerdict.Pass, UnitVerdict.Fail, UnitVerdict.Pass], recorder.Outcomes.OrderBy(o => o.Row.Socket).Select(o => o.Row.Verdict));
        Assert.Contains("FAIL: NO_HANDSHAKE", screen, StringComparison.Ordinal);
        Assert.Contains("weak supply", screen, StringComparison.Ordinal);
        Assert.Contains("Today 4 attempts   PASS 3   FAIL 1   REWORK 0   First-pass yield 75.0 %", screen, StringComparison.Ordinal);
        Assert.All(recorder.Outcomes, outcome => Assert.Contains("demo", outcome.Row.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public void The_retest_of_a_locked_chip_is_REWORK_and_does_not_count_as_a_new_unit_for_yield()
    {
        var clock = new SimulationClock();
        var recorder = new RecordingObserver(null);
        var shift = new ScriptedShift(recorder, [1], "line-3", clock);

        VirtualTime.Run(clock, async () =>
        {
            for (var unit = 0; unit < ShiftScript.Units.Count; unit++)
            {
                shift.Start(1);
                await shift.WhenIdleAsync();
            }
        });

        var locked = recorder.Outcomes.Single(o => o.Row is { Verdict: UnitVerdict.Fail, FailureCode: FailureCode.ChipLocked });
        var retest = recorder.Outcomes.Single(o => o.Row.Verdict == UnitVerdict.Rework);
        Assert.Equal(locked.Row.Mac, retest.Row.Mac);
        Assert.Equal("REWORK: CHIP_LOCKED", retest.Headline);
        var counts = recorder.Counts[^1];
        Assert.Equal((12, 6, 5, 1), (counts.Attempts, counts.Pass, counts.Fail, counts.Rework));

        // 11 distinct units, the station fault left out: 6 of 10 passed first time.
        Assert.Equal(0.6, counts.FirstPassYield!.Value, 6);
        Assert.Contains(recorder.Messages, message => message is { Level: StationMessageLevel.Error, Socket: 1 } && message.Text.Contains("Call the technician", StringComparison.Ordinal));
    }

    [Fact]
    public void Operator_abort_and_unit_id_at_the_console_reach_the_replayed_unit()
    {
        using var harness = new ConsoleHarness(sockets: 2);
        var clock = new SimulationClock();
        var recorder = new RecordingObserver(harness.Console);
        var shift = new ScriptedShift(recorder, [1, 2], "line-3", clock);
        shift.Attach(harness.Console);
        recorder.Snapshot += snapshot =>
        {
            if (snapshot is { Socket: 2, State: "Identifying" })
            {
                harness.Type("2");
                harness.Type("a");
                harness.Type("y");
            }
        };

        VirtualTime.Run(clock, async () =>
        {
            harness.Type("2");
            harness.Scan("SN-9");
            harness.Type("2");
            harness.Press(ConsoleKey.Enter);
            await shift.WhenIdleAsync();
        });

        var aborted = recorder.Outcomes.Single(o => o.Row.Socket == 2);
        Assert.Equal(FailureCode.Aborted, aborted.Row.FailureCode);
        Assert.Equal("Identifying", aborted.Row.FailedStep);
        var passed = recorder.Outcomes.Single(o => o.Row.Socket == 1);
        Assert.Equal(UnitVerdict.Pass, passed.Row.Verdict);
        Assert.Equal("SN-9", recorder.Outcomes.Single(o => o.Row.Socket == 2).Row.UnitId);
        Assert.Contains("FAIL: ABORTED", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Console_demo_refuses_a_terminal_it_cannot_draw_on_and_says_what_to_use()
    {
        // The test host's output is redirected, as on CI or in a pipe.
        var (exit, _, error) = LabCli.Run("console", "demo");

        Assert.Equal(2, exit);
        Assert.Contains("needs an interactive terminal", error, StringComparison.Ordinal);
        Assert.Contains("plain lines", error, StringComparison.Ordinal);
    }

    /// <summary>Forwards to the console (when given) and keeps what the station said.</summary>
    private sealed class RecordingObserver(IStationObserver? inner) : IStationObserver
    {
        public event Action<SocketSnapshot>? Snapshot;

        public List<UnitOutcome> Outcomes { get; } = [];

        public List<StationCounts> Counts { get; } = [];

        public List<StationMessage> Messages { get; } = [];

        public void OnSocketChanged(SocketSnapshot snapshot)
        {
            inner?.OnSocketChanged(snapshot);
            Snapshot?.Invoke(snapshot);
        }

        public void OnUnitFinished(UnitOutcome outcome)
        {
            inner?.OnUnitFinished(outcome);
            Outcomes.Add(outcome);
        }

        public void OnStationMessage(StationMessage message)
        {
            inner?.OnStationMessage(message);
            Messages.Add(message);
        }

        public void OnCountsChanged(StationCounts counts)
        {
            inner?.OnCountsChanged(counts);
            Counts.Add(counts);
        }
    }
}
