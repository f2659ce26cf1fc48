using Fixture.Controller.OperatorScreen;
using Fixture.Controller.Station;

namespace Fixture.Controller.Tests.Console;

public sealed class HeaderAndMessagesTests
{
    [Fact]
    public void Header_shows_station_recipe_lot_operator_counts_and_first_pass_yield()
    {
        using var harness = new ConsoleHarness(configure: options => options with { Lot = "L-2025-03-14", Operator = "Ana" });

        harness.Console.OnCountsChanged(new StationCounts(Attempts: 48, Pass: 45, Fail: 2, Rework: 1, FirstPassYield: 45.0 / 47));
        var screen = harness.Screen();

        Assert.Contains("Station Line 3 bench (line-3)", screen, StringComparison.Ordinal);
        Assert.Contains("Recipe openbl602-sim 1.0.0", screen, StringComparison.Ordinal);
        Assert.Contains("Lot L-2025-03-14", screen, StringComparison.Ordinal);
        Assert.Contains("Operator Ana", screen, StringComparison.Ordinal);
        Assert.Contains("Today 48 attempts   PASS 45   FAIL 2   REWORK 1   First-pass yield 95.7 %", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Lot_operator_and_messages_from_outside_are_shown_with_control_characters_escaped()
    {
        using var harness = new ConsoleHarness(configure: options => options with { Lot = "\u001b[2JL1", Operator = "Ana\u009b31m" });

        harness.Console.OnStationMessage(new StationMessage(StationMessageLevel.Error, "Unit file units/\u001b[31mevil.json: unreadable.", 1));
        var screen = harness.Screen();

        Assert.DoesNotContain('\u001b', screen);
        Assert.DoesNotContain('\u009b', screen);
        Assert.Contains("Lot \\x1B[2JL1", screen, StringComparison.Ordinal);
        Assert.Contains("Operator Ana\\x9B31m", screen, StringComparison.Ordinal);
        Assert.Contains("units/\\x1B[31mevil.json", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Before_the_first_unit_there_is_no_yield_to_show()
    {
        using var harness = new ConsoleHarness();

        Assert.Contains("Today: no units yet", harness.Screen(), StringComparison.Ordinal);

        harness.Console.OnCountsChanged(new StationCounts(0, 0, 0, 0, null));
        Assert.Contains("First-pass yield \u2014", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Required_lot_that_is_missing_is_shown_with_the_key_that_enters_it()
    {
        using var harness = new ConsoleHarness(configure: options => options with { LotEntry = EntryRule.Required, OperatorEntry = EntryRule.Off });

        var screen = harness.Screen();

        Assert.Contains("Lot missing: press L", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("Operator", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Station_fault_stands_out_above_the_tiles_with_its_socket_and_what_to_do()
    {
        using var harness = new ConsoleHarness(sockets: 4);

        harness.Console.OnStationMessage(new StationMessage(StationMessageLevel.Info, "Report file line-3_2025-03-14.csv opened."));
        harness.Console.OnStationMessage(new StationMessage(StationMessageLevel.Error,
            "Serial port /dev/serial/by-id/usb-FTDI_A9XK-if00 vanished: check its USB cable, then press Enter to retest.", 2));
        var screen = harness.Screen();

        Assert.Contains("ATTENTION", screen, StringComparison.Ordinal);
        var error = screen.IndexOf(" ERROR  Socket 2: Serial port /dev/serial/by-id/usb-FTDI_A9XK-if00 vanished", StringComparison.Ordinal);
        var info = screen.IndexOf("Report file line-3_2025-03-14.csv opened.", StringComparison.Ordinal);
        var tiles = screen.IndexOf("Socket 1 ", StringComparison.Ordinal);
        Assert.True(error >= 0, screen);
        Assert.True(error < info && info < tiles, "The error comes first, and the messages above the tiles:\n" + screen);
    }

    [Fact]
    public void Errors_stay_on_screen_when_newer_messages_push_older_ones_off()
    {
        using var harness = new ConsoleHarness(configure: options => options with { MessageLines = 3 });

        harness.Console.OnStationMessage(new StationMessage(StationMessageLevel.Error, "Station configuration refused: sockets[0].serial.port missing."));
        for (var i = 1; i <= 5; i++)
        {
            harness.Console.OnStationMessage(new StationMessage(StationMessageLevel.Info, $"note {i}"));
        }

        var screen = harness.Screen();
        Assert.Contains("Station configuration refused", screen, StringComparison.Ordinal);
        Assert.Contains("note 5", screen, StringComparison.Ordinal);
        Assert.Contains("note 4", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("note 3", screen, StringComparison.Ordinal);
        Assert.Contains("3 older message(s) not shown", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void C_clears_the_messages_the_operator_has_read()
    {
        using var harness = new ConsoleHarness();
        harness.Console.OnStationMessage(new StationMessage(StationMessageLevel.Warning, "1 torn report line moved aside to line-3_2025-03-14.csv.torn."));

        harness.Type("c");

        Assert.DoesNotContain("torn report line", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_banner_labels_the_screen()
    {
        using var harness = new ConsoleHarness(configure: options => options with { Banner = "DEMO: scripted replay, no station, nothing is flashed" });

        Assert.StartsWith("DEMO: scripted replay", harness.Screen().Split('\n')[1].Trim(' ', '\u2502'), StringComparison.Ordinal);
    }
}
