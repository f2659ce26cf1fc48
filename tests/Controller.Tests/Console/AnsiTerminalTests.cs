using Fixture.Controller.OperatorScreen;
using Fixture.Controller.Station;
using Spectre.Console.Testing;

namespace Fixture.Controller.Tests.Console;

/// <summary>
/// The operator console on a real ANSI terminal: its own colour and cursor sequences reach the terminal
/// as sequences, while values from outside (messages, unit ids, lot) arrive escaped. Every other command's
/// text passes DisplayText.Writer at CommandCatalog; the console must not be drawn through it, or the
/// operator would see `\x1B[32m` where the green PASS tile should be.
/// </summary>
public sealed class AnsiTerminalTests
{
    private const string Injected = "\u001b[2J\u001b[31mEVIL";

    [Fact]
    public async Task Live_console_draws_its_own_colours_as_ANSI_and_shows_outside_values_escaped()
    {
        using var harness = new ConsoleHarness(configure: options => options with { Lot = "L\u001b[5m1" });
        harness.Terminal.EmitAnsiSequences();
        harness.Console.OnUnitFinished(Outcomes.Pass(1));
        harness.Console.OnStationMessage(new StationMessage(StationMessageLevel.Error, "Unit id " + Injected + " refused.", 1));
        using var stop = new CancellationTokenSource();

        var loop = Task.Run(() => harness.Console.RunAsync(stop.Token));
        Assert.True(SpinWait.SpinUntil(() => harness.Shows("refused."), TimeSpan.FromSeconds(30)));
        await stop.CancelAsync();
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));
        await loop.WaitAsync(TimeSpan.FromSeconds(30));
        var terminal = harness.Terminal.Output;

        // The console's own sequences: colours (SGR, ending in 'm') around the PASS tile, raw ESC bytes.
        Assert.Matches("\u001b\\[[0-9;]*m", terminal);
        Assert.DoesNotContain("\\x1B[0m", terminal, StringComparison.Ordinal);
        Assert.DoesNotContain("\\x1B[38", terminal, StringComparison.Ordinal);
        // The outside values: visible escapes, never the sequence itself.
        Assert.Contains("Unit id \\x1B[2J\\x1B[31mEVIL refused.", terminal, StringComparison.Ordinal);
        Assert.DoesNotContain(Injected, terminal, StringComparison.Ordinal);
        Assert.Contains("L\\x1B[5m1", terminal, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[5m1", terminal, StringComparison.Ordinal);
    }
}
