using Fixture.Controller.OperatorScreen;
using Fixture.Controller.Reports;
using Fixture.Controller.Workflow.Configuration;
using Fixture.Hal.Configuration;

namespace Fixture.Controller.Tests.Console;

public sealed class LayoutTests
{
    [Theory]
    [InlineData(1, 120, 40, 1, 1)]
    [InlineData(4, 160, 60, 4, 1)]
    [InlineData(4, 120, 60, 2, 2)]
    [InlineData(8, 160, 60, 4, 2)]
    [InlineData(8, 120, 60, 3, 3)]
    [InlineData(5, 120, 60, 3, 2)]
    [InlineData(8, 40, 60, 1, 8)]
    public void Tiles_fill_the_width_in_balanced_rows(int sockets, int width, int height, int columns, int rows)
    {
        var layout = TileLayout.Choose(width, height, sockets);

        Assert.Equal((columns, rows), (layout.Columns, layout.Rows));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void Every_socket_gets_its_tile_and_its_verdict(int sockets)
    {
        using var harness = new ConsoleHarness(sockets, width: 160, height: 80);
        for (var socket = 1; socket <= sockets; socket++)
        {
            harness.Console.OnUnitFinished(socket % 2 == 0 ? Outcomes.Fail(socket, FailureCode.BootLoop) : Outcomes.Pass(socket));
        }

        var screen = harness.Screen();

        for (var socket = 1; socket <= sockets; socket++)
        {
            Assert.Contains($"Socket {socket} ", screen, StringComparison.Ordinal);
        }

        Assert.Equal(sockets / 2, Count(screen, "FAIL: BOOT_LOOP"));
        Assert.Equal(sockets - (sockets / 2), Count(screen, "Next: Take the unit out"));
        Assert.All(screen.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 160, line));
    }

    [Fact]
    public void Eight_sockets_on_a_small_terminal_use_compact_tiles_that_still_say_the_verdict_reason_and_next_step()
    {
        using var harness = new ConsoleHarness(sockets: 8, width: 120, height: 40);
        for (var socket = 1; socket <= 8; socket++)
        {
            harness.Console.OnUnitFinished(Outcomes.Fail(socket, FailureCode.NoHandshake));
        }

        var screen = harness.Screen();
        var lines = screen.Split('\n');

        Assert.Equal(TileDensity.Compact, TileLayout.Choose(120, 40, 8).Density);
        Assert.Equal(8, Count(screen, "FAIL: NO_HANDSHAKE"));
        Assert.Equal(8, Count(screen, "Next: Re-seat the unit"));
        Assert.Equal(8, Count(screen, "The unit never answered"));
        Assert.True(lines.Length <= 40, $"{lines.Length} lines:\n{screen}");
    }

    [Fact]
    public void Eight_sockets_on_a_short_terminal_use_minimal_tiles_that_still_say_the_verdict_code_and_next_step()
    {
        using var harness = new ConsoleHarness(sockets: 8, width: 100, height: 30);
        for (var socket = 1; socket <= 8; socket++)
        {
            harness.Console.OnUnitFinished(Outcomes.Fail(socket, FailureCode.NoHandshake));
        }

        harness.Console.OnStationMessage(new Fixture.Controller.Station.StationMessage(Fixture.Controller.Station.StationMessageLevel.Error, "first fault"));
        harness.Console.OnStationMessage(new Fixture.Controller.Station.StationMessage(Fixture.Controller.Station.StationMessageLevel.Error, "second fault"));
        harness.Console.OnStationMessage(new Fixture.Controller.Station.StationMessage(Fixture.Controller.Station.StationMessageLevel.Error, "third fault"));
        var screen = harness.Screen();

        Assert.Equal(TileDensity.Minimal, TileLayout.Choose(100, 30, 8).Density);
        Assert.Equal(8, Count(screen, "FAIL: NO_HANDSHAKE"));
        Assert.Equal(8, Count(screen, "Next: Re-seat the unit"));
        Assert.Equal(0, Count(screen, "The unit never answered"));
        Assert.Contains("third fault", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("first fault", screen, StringComparison.Ordinal);
        Assert.True(screen.TrimEnd('\n').Split('\n').Length <= 30, screen);
    }

    [Fact]
    public void A_narrow_terminal_stacks_the_tiles_and_keeps_every_line_within_its_width()
    {
        using var harness = new ConsoleHarness(sockets: 2, width: 32, height: 60);
        harness.Console.OnUnitFinished(Outcomes.Pass(1));
        harness.Console.OnSocketChanged(Outcomes.Flashing(2, 100, 200));

        var screen = harness.Screen();

        Assert.True(screen.IndexOf("Socket 1 ", StringComparison.Ordinal) < screen.IndexOf("Socket 2 ", StringComparison.Ordinal));
        SocketTileTests.AssertBigWord("PASS", screen);
        Assert.Contains("50 %", screen, StringComparison.Ordinal);
        Assert.All(screen.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 32, line));
    }

    [Fact]
    public void A_word_too_wide_for_its_tile_becomes_a_band()
    {
        using var harness = new ConsoleHarness(sockets: 1, width: 30, height: 60);

        harness.Console.OnUnitFinished(Outcomes.Rework(1, FailureCode.FlashId));
        var screen = harness.Screen();

        Assert.Contains("REWORK: FLASH_ID", screen, StringComparison.Ordinal);
        Assert.DoesNotContain(BlockLetters.Draw("REWORK", unicode: true)[0], screen, StringComparison.Ordinal);
        Assert.Contains(screen.Split('\n'), line => line.Trim(' ', '\u2502') == "REWORK");
    }

    [Fact]
    public void Options_for_a_station_configuration_use_its_id_name_and_socket_numbers()
    {
        var station = new StationConfig
        {
            Station = new StationSection { Id = "line-3", Name = "Line 3 bench" },
            Sockets = [new SocketConfig { Id = 5 }, new SocketConfig(), new SocketConfig { Id = 7 }],
        };

        var options = OperatorConsoleOptions.For(station, new WorkflowConfig(), "openbl602-sim 1.0.0");

        Assert.Equal(("line-3", "Line 3 bench", "openbl602-sim 1.0.0"), (options.StationId, options.StationName, options.Recipe));
        Assert.Equal([5, 2, 7], options.Sockets);
        Assert.Equal((EntryRule.Optional, EntryRule.Optional, EntryRule.Optional), (options.UnitIdEntry, options.LotEntry, options.OperatorEntry));
    }

    [Fact]
    public void Workflow_ask_flags_make_the_entries_required()
    {
        var station = new StationConfig
        {
            Station = new StationSection { Id = "line-3" },
            Sockets = [new SocketConfig()],
        };

        var options = OperatorConsoleOptions.For(station, new WorkflowConfig { AskUnitId = true, AskShift = true }, "r");

        Assert.Equal((EntryRule.Required, EntryRule.Required, EntryRule.Required), (options.UnitIdEntry, options.LotEntry, options.OperatorEntry));
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
