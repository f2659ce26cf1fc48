using Fixture.Controller.Reports;
using Fixture.Controller.Station;

namespace Fixture.Controller.Tests.Console;

public sealed class SocketTileTests
{
    [Fact]
    public void Flashing_tile_shows_state_step_region_bytes_progress_MAC_and_elapsed()
    {
        using var harness = new ConsoleHarness();

        harness.Console.OnSocketChanged(Outcomes.Flashing(1, 381_168, 762_336));
        var screen = harness.Screen();

        Assert.Contains("Socket 1", screen, StringComparison.Ordinal);
        Assert.Contains("Flashing", screen, StringComparison.Ordinal);
        Assert.Contains("writing firmware", screen, StringComparison.Ordinal);
        Assert.Contains("firmware  372 / 744 KiB", screen, StringComparison.Ordinal);
        Assert.Contains("50 %", screen, StringComparison.Ordinal);
        Assert.Contains("MAC 70:3E:97:1E:96:66", screen, StringComparison.Ordinal);
        Assert.Contains("1:05", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_bar_fills_with_the_fraction_done()
    {
        using var harness = new ConsoleHarness();

        harness.Console.OnSocketChanged(Outcomes.Flashing(1, 190_584, 762_336));
        var quarter = BarLine(harness.Screen());
        harness.Console.OnSocketChanged(Outcomes.Flashing(1, 762_336, 762_336));
        var full = BarLine(harness.Screen());

        Assert.Contains("25 %", quarter, StringComparison.Ordinal);
        Assert.Contains("100 %", full, StringComparison.Ordinal);
        var quarterFilled = quarter.Count(c => c == '\u2588');
        var quarterEmpty = quarter.Count(c => c == '\u2591');
        Assert.InRange(quarterFilled, (quarterFilled + quarterEmpty) / 4 - 1, (quarterFilled + quarterEmpty) / 4 + 1);
        Assert.DoesNotContain('\u2591', full);
    }

    [Fact]
    public void Elapsed_clock_keeps_running_between_snapshots_of_a_busy_socket()
    {
        using var harness = new ConsoleHarness();
        harness.Console.OnSocketChanged(Outcomes.Flashing(1, 1, 10) with { Elapsed = TimeSpan.FromSeconds(5) });

        harness.Time.Advance(TimeSpan.FromSeconds(7));

        Assert.Contains("0:12", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Handshake_retry_information_is_shown_while_it_happens()
    {
        using var harness = new ConsoleHarness();

        harness.Console.OnSocketChanged(new SocketSnapshot(1, "Handshaking", "bootrom handshake at 500 kbaud", null, null, null, null, null,
            TimeSpan.FromSeconds(2), "power-cycle 2 of 4, off 450 ms"));

        var screen = harness.Screen();
        Assert.Contains("bootrom handshake at 500 kbaud", screen, StringComparison.Ordinal);
        Assert.Contains("power-cycle 2 of 4, off 450 ms", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_information_the_step_already_says_is_not_repeated()
    {
        using var harness = new ConsoleHarness();

        harness.Console.OnSocketChanged(new SocketSnapshot(1, "Handshaking", "power-cycle 3 of 6: off 450 ms", null, null, null, null, null,
            TimeSpan.FromSeconds(2), "power-cycle 3 of 6, off 450 ms"));

        var screen = harness.Screen();
        Assert.Contains("power-cycle 3 of 6: off 450 ms", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("power-cycle 3 of 6, off 450 ms", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Pass_outcome_shows_big_PASS_the_reason_and_the_next_step()
    {
        using var harness = new ConsoleHarness();

        harness.Console.OnUnitFinished(Outcomes.Pass(1));
        var screen = harness.Screen();

        AssertBigWord("PASS", screen);
        Assert.Contains("Flashed, verified and booted as the recipe expects.", screen, StringComparison.Ordinal);
        Assert.Contains("Next: Take the unit out and load the next one.", screen, StringComparison.Ordinal);
        Assert.Contains("MAC 70:3E:97:1E:96:66", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_outcome_shows_big_FAIL_the_code_the_reason_in_words_and_what_to_do()
    {
        using var harness = new ConsoleHarness();

        harness.Console.OnUnitFinished(Outcomes.Fail(1, FailureCode.WeakSupply));
        var screen = Unwrapped(harness.Screen());

        AssertBigWord("FAIL", harness.Screen());
        Assert.Contains("FAIL: WEAK_SUPPLY", screen, StringComparison.Ordinal);
        Assert.Contains(FailureCode.WeakSupply.Describe().Explanation, screen, StringComparison.Ordinal);
        Assert.Contains("Next: " + FailureCode.WeakSupply.Describe().NextStep, screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Rework_outcome_shows_big_REWORK_and_set_aside()
    {
        using var harness = new ConsoleHarness();

        harness.Console.OnUnitFinished(Outcomes.Rework(1, FailureCode.ChipLocked));
        var screen = Unwrapped(harness.Screen());

        AssertBigWord("REWORK", harness.Screen());
        Assert.Contains("REWORK: CHIP_LOCKED", screen, StringComparison.Ordinal);
        Assert.Contains("Set aside for rework", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Verdict_stays_while_the_socket_is_idle_and_goes_when_its_next_unit_starts()
    {
        using var harness = new ConsoleHarness();
        harness.Console.OnUnitFinished(Outcomes.Fail(1, FailureCode.NoHandshake));

        harness.Console.OnSocketChanged(Outcomes.Idle(1));
        Assert.Contains("FAIL: NO_HANDSHAKE", harness.Screen(), StringComparison.Ordinal);

        harness.Console.OnSocketChanged(new SocketSnapshot(1, "PoweringUp", "switching the unit on", null, null, null, null, null, TimeSpan.Zero));
        var screen = harness.Screen();
        Assert.DoesNotContain("NO_HANDSHAKE", screen, StringComparison.Ordinal);
        Assert.Contains("switching the unit on", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Pass_with_weak_supply_warning_and_verification_unit_say_so()
    {
        using var harness = new ConsoleHarness();
        var pass = Outcomes.Pass(1);

        harness.Console.OnUnitFinished(pass with { Row = pass.Row with { WeakSupplyWarning = true, VerificationUnit = VerificationUnitKind.Golden } });
        var screen = harness.Screen();

        Assert.Contains("weak supply", screen, StringComparison.Ordinal);
        Assert.Contains("GOLDEN verification unit", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_unicode_the_big_word_and_the_bar_use_plain_characters()
    {
        using var harness = new ConsoleHarness(sockets: 2);
        harness.Terminal.Profile.Capabilities.Unicode = false;

        harness.Console.OnUnitFinished(Outcomes.Pass(1));
        harness.Console.OnSocketChanged(Outcomes.Flashing(2, 1, 2));
        var screen = harness.Screen();

        Assert.Contains("#### ", screen, StringComparison.Ordinal);
        Assert.Contains("#---", screen, StringComparison.Ordinal);
        Assert.DoesNotContain('\u2588', screen);
    }

    private static string BarLine(string screen) =>
        screen.Split('\n').Single(line => line.Contains('\u2588') || line.Contains('\u2591'));

    /// <summary>The word drawn in block letters: its rows appear one above the other.</summary>
    internal static void AssertBigWord(string word, string screen)
    {
        var lines = screen.Split('\n');
        var rows = Fixture.Controller.OperatorScreen.BlockLetters.Draw(word, unicode: true);
        var start = Array.FindIndex(lines, line => line.Contains(rows[0], StringComparison.Ordinal));
        Assert.True(start >= 0, $"The first row of the big {word} is not on the screen:\n{screen}");
        for (var row = 1; row < rows.Count; row++)
        {
            Assert.Contains(rows[row], lines[start + row], StringComparison.Ordinal);
        }
    }

    /// <summary>The screen's text with tile borders and line breaks removed, so wrapped sentences can be found.</summary>
    internal static string Unwrapped(string screen) =>
        string.Join(' ', screen.Split('\n')
            .Select(line => line.Trim().Trim('\u2502', '\u2551', '\u2503').Trim())
            .Where(line => line.Length > 0));
}
