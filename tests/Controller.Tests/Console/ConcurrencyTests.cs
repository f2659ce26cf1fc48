using Fixture.Controller.Reports;
using Fixture.Controller.Station;

namespace Fixture.Controller.Tests.Console;

public sealed class ConcurrencyTests
{
    private const int Steps = 2000;

    [Fact]
    public void Eight_socket_loops_reporting_at_once_while_the_screen_is_drawn_leave_every_tile_on_its_own_last_state()
    {
        using var harness = new ConsoleHarness(sockets: 8, width: 200, height: 200);
        using var go = new Barrier(9);
        var loops = Enumerable.Range(1, 8).Select(socket => new Thread(() =>
        {
            go.SignalAndWait();
            for (var step = 0; step <= Steps; step++)
            {
                harness.Console.OnSocketChanged(new SocketSnapshot(socket, "Flashing", $"socket {socket} step {step}", "firmware", step, Steps,
                    $"70:3E:97:1E:96:{socket:X2}", null, TimeSpan.FromMilliseconds(step)));
                if (step % 200 == 0)
                {
                    harness.Console.OnStationMessage(new StationMessage(StationMessageLevel.Info, $"socket {socket} note {step}", socket));
                    harness.Console.OnCountsChanged(new StationCounts(step, step, 0, 0, 1.0));
                }
            }

            if (socket % 2 == 0)
            {
                harness.Console.OnUnitFinished(Outcomes.Fail(socket, FailureCode.Verify));
                harness.Console.OnSocketChanged(Outcomes.Idle(socket));
            }
        })).ToList();
        loops.ForEach(loop => loop.Start());

        go.SignalAndWait();
        var frames = 0;
        while (loops.Any(loop => loop.IsAlive) || frames == 0)
        {
            _ = harness.Screen();
            frames++;
        }

        loops.ForEach(loop => loop.Join());
        var screen = harness.Screen();

        for (var socket = 1; socket <= 8; socket++)
        {
            if (socket % 2 == 0)
            {
                Assert.DoesNotContain($"socket {socket} step", screen, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains($"socket {socket} step {Steps}", screen, StringComparison.Ordinal);
                Assert.Contains($"MAC 70:3E:97:1E:96:{socket:X2}", screen, StringComparison.Ordinal);
            }
        }

        Assert.Equal(4, screen.Split("FAIL: VERIFY").Length - 1);
        Assert.Equal(4, screen.Split("100 %").Length - 1);
        Assert.Contains("PASS 2000", screen, StringComparison.Ordinal);
        Assert.Contains("60 older message(s) not shown", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Observer_calls_only_record_and_never_draw_on_the_caller()
    {
        using var harness = new ConsoleHarness(sockets: 2);

        harness.Console.OnSocketChanged(Outcomes.Flashing(1, 1, 2));
        harness.Console.OnUnitFinished(Outcomes.Pass(2));
        harness.Console.OnStationMessage(new StationMessage(StationMessageLevel.Error, "station fault"));
        harness.Console.OnCountsChanged(new StationCounts(1, 1, 0, 0, 1.0));

        Assert.Empty(harness.Terminal.Output);
    }

    [Fact]
    public void A_socket_the_console_does_not_show_is_reported_once_and_changes_no_tile()
    {
        using var harness = new ConsoleHarness(sockets: 2);

        harness.Console.OnSocketChanged(Outcomes.Flashing(5, 1, 2));
        harness.Console.OnSocketChanged(Outcomes.Flashing(5, 2, 2));
        harness.Console.OnUnitFinished(Outcomes.Pass(5));

        var screen = harness.Screen();
        Assert.Equal(1, screen.Split("reported socket 5").Length - 1);
        Assert.DoesNotContain("Flashing", screen, StringComparison.Ordinal);
    }
}
