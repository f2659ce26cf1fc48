using Fixture.Controller.OperatorScreen;
using Spectre.Console.Testing;

namespace Fixture.Controller.Tests.Console;

public sealed class RenderLoopTests
{
    [Fact]
    public async Task Render_loop_draws_the_screen_reads_keys_each_poll_and_stops_when_cancelled()
    {
        using var harness = new ConsoleHarness();
        using var stop = new CancellationTokenSource();

        // The key waits in the terminal before the loop starts: the test terminal's input queue is not safe to fill
        // while the loop's first poll (on the pool thread) reads it.
        harness.Terminal.Input.PushKey(ConsoleKey.Enter);

        // Off the test's synchronisation context, so the fake clock's timer resumes the loop inline.
        var loop = Task.Run(() => harness.Console.RunAsync(stop.Token));
        Assert.True(SpinWait.SpinUntil(
            () =>
            {
                harness.Time.Advance(TimeSpan.FromMilliseconds(50));
                return harness.Starts.Count == 1;
            },
            TimeSpan.FromSeconds(30)));

        await stop.CancelAsync();
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));
        await loop.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("Socket 1", harness.Terminal.Output, StringComparison.Ordinal);
        Assert.Contains("Started socket 1.", harness.Terminal.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_is_used_only_on_an_interactive_ANSI_terminal_with_a_person_at_the_keyboard()
    {
        using var interactive = new TestConsole().Width(120).Interactive().SupportsAnsi(true);
        using var redirected = new TestConsole().Width(120).SupportsAnsi(true);
        using var dumb = new TestConsole().Width(120).Interactive().SupportsAnsi(false);
        using var tiny = new TestConsole().Width(20).Interactive().SupportsAnsi(true);

        Assert.True(OperatorConsole.IsSupported(interactive, inputIsTerminal: true));
        Assert.False(OperatorConsole.IsSupported(interactive, inputIsTerminal: false));
        Assert.False(OperatorConsole.IsSupported(redirected, inputIsTerminal: true));
        Assert.False(OperatorConsole.IsSupported(dumb, inputIsTerminal: true));
        Assert.False(OperatorConsole.IsSupported(tiny, inputIsTerminal: true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Options_outside_one_to_eight_sockets_are_refused_with_the_reason(int sockets)
    {
        using var terminal = new TestConsole();
        var options = new OperatorConsoleOptions { StationId = "line-3", Recipe = "r", Sockets = [.. Enumerable.Range(1, sockets)] };

        var error = Assert.Throws<ArgumentException>(() => new OperatorConsole(terminal, options, TimeProvider.System));

        Assert.Contains($"1 to 8 sockets; this station has {sockets}", error.Message, StringComparison.Ordinal);
    }
}
