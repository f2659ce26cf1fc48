using Fixture.Controller.OperatorScreen;
using Fixture.Controller.Reports;
using Fixture.Controller.Station;

namespace Fixture.Controller.Tests.Console;

public sealed class OperatorKeysTests
{
    private static SocketSnapshot Busy(int socket) =>
        new(socket, "Flashing", "writing firmware", "firmware", 1, 2, null, null, TimeSpan.FromSeconds(3));

    [Fact]
    public void Enter_starts_every_idle_socket()
    {
        using var harness = new ConsoleHarness(sockets: 4);
        harness.Console.OnSocketChanged(Busy(2));

        harness.Press(ConsoleKey.Enter);

        var start = Assert.Single(harness.Starts);
        Assert.Null(start.Socket);
        Assert.Contains("Started socket 1, 3, 4.", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Digit_selects_a_socket_and_Enter_starts_only_that_one()
    {
        using var harness = new ConsoleHarness(sockets: 4);

        harness.Type("3");
        harness.Press(ConsoleKey.Enter);

        Assert.Equal(3, Assert.Single(harness.Starts).Socket);
        Assert.Contains("Socket 3 \u00b7 SELECTED", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Same_digit_again_and_zero_go_back_to_all_sockets()
    {
        using var harness = new ConsoleHarness(sockets: 4);

        harness.Type("3");
        harness.Type("3");
        harness.Press(ConsoleKey.Enter);
        harness.Type("2");
        harness.Type("0");
        harness.Press(ConsoleKey.Enter);

        Assert.Equal([null, null], harness.Starts.Select(start => start.Socket));
    }

    [Fact]
    public void A_socket_the_station_does_not_have_is_refused_and_nothing_is_selected()
    {
        using var harness = new ConsoleHarness(sockets: 4);

        harness.Type("7");
        harness.Press(ConsoleKey.Enter);

        Assert.Null(Assert.Single(harness.Starts).Socket);
    }

    [Fact]
    public void Enter_on_a_busy_selected_socket_does_not_start_it_and_says_why()
    {
        using var harness = new ConsoleHarness(sockets: 2);
        harness.Console.OnSocketChanged(Busy(2));

        harness.Type("2");
        harness.Press(ConsoleKey.Enter);

        Assert.Empty(harness.Starts);
        Assert.Contains("Socket 2 is still running a unit (Flashing)", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Abort_needs_confirmation_with_Y()
    {
        using var harness = new ConsoleHarness(sockets: 2);
        harness.Console.OnSocketChanged(Busy(1));
        harness.Console.OnSocketChanged(Busy(2));

        harness.Type("1");
        harness.Type("a");
        Assert.Empty(harness.Aborts);
        Assert.Contains("Abort the unit on socket 1? Press Y to abort", harness.Screen(), StringComparison.Ordinal);

        harness.Type("y");
        Assert.Equal([1], harness.Aborts);
        Assert.Contains("Abort sent to socket 1", harness.Screen(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConsoleKey.N)]
    [InlineData(ConsoleKey.Enter)]
    [InlineData(ConsoleKey.Escape)]
    public void Any_other_key_than_Y_cancels_the_abort(ConsoleKey key)
    {
        using var harness = new ConsoleHarness(sockets: 2);
        harness.Console.OnSocketChanged(Busy(1));

        harness.Press(ConsoleKey.Escape);
        harness.Press(key);

        Assert.Empty(harness.Aborts);
        Assert.Empty(harness.Starts);
        Assert.Contains("Abort cancelled: every running socket keeps running.", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Abort_with_nothing_running_asks_nothing()
    {
        using var harness = new ConsoleHarness();

        harness.Type("a");
        Assert.Contains("Nothing to abort", harness.Screen(), StringComparison.Ordinal);
        harness.Type("y");

        Assert.Empty(harness.Aborts);
    }

    [Fact]
    public void Scanned_code_is_bound_to_the_selected_socket_and_shown_on_its_tile()
    {
        using var harness = new ConsoleHarness(sockets: 4);

        harness.Type("3");
        harness.Scan("SN-0042317");

        Assert.Equal(new UnitIdEntry(3, "SN-0042317"), Assert.Single(harness.UnitIds));
        Assert.Empty(harness.Starts);
        var screen = harness.Screen();
        Assert.Contains("Unit id SN-0042317 bound to socket 3.", screen, StringComparison.Ordinal);
        Assert.Contains("Unit id SN-0042317", TileOf(screen, 3), StringComparison.Ordinal);
    }

    [Fact]
    public void A_numeric_barcode_is_a_code_not_socket_selections()
    {
        using var harness = new ConsoleHarness(sockets: 4);

        harness.Type("2");
        harness.Scan("4006381333931");

        Assert.Equal(new UnitIdEntry(2, "4006381333931"), Assert.Single(harness.UnitIds));
        Assert.Empty(harness.Starts);
    }

    [Fact]
    public void In_gang_mode_a_scan_without_a_selected_socket_is_bound_to_no_socket()
    {
        using var harness = new ConsoleHarness(sockets: 4);

        harness.Scan("SN-0042317");

        Assert.Empty(harness.UnitIds);
        Assert.Contains("Scanned SN-0042317 was not bound to any socket: press the socket's number (1, 2, 3, 4) first", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_one_socket_station_a_scan_goes_to_that_socket()
    {
        using var harness = new ConsoleHarness(sockets: 1);

        harness.Scan("SN-7");

        Assert.Equal(new UnitIdEntry(1, "SN-7"), Assert.Single(harness.UnitIds));
    }

    [Fact]
    public void A_scan_split_across_polls_is_collected_until_Enter()
    {
        using var harness = new ConsoleHarness(sockets: 2);

        harness.Type("1");
        harness.Type("SN-00");
        Assert.Contains("Scanned for socket 1: SN-00_", harness.Screen(), StringComparison.Ordinal);
        harness.Type("7");
        harness.Press(ConsoleKey.Enter);

        Assert.Equal(new UnitIdEntry(1, "SN-007"), Assert.Single(harness.UnitIds));
        Assert.Empty(harness.Starts);
    }

    [Fact]
    public void U_opens_typed_unit_id_entry_with_backspace_and_Esc_cancels_it()
    {
        using var harness = new ConsoleHarness(sockets: 1);

        harness.Type("u");
        harness.Type("A");
        harness.Type("X");
        harness.Press(ConsoleKey.Backspace);
        harness.Type("B");
        harness.Press(ConsoleKey.Enter);
        harness.Type("u");
        harness.Type("Z");
        harness.Press(ConsoleKey.Escape);

        Assert.Equal(new UnitIdEntry(1, "AB"), Assert.Single(harness.UnitIds));
        Assert.Empty(harness.Starts);
        Assert.Empty(harness.Aborts);
    }

    [Fact]
    public void Unit_id_entry_switched_off_ignores_scans_and_says_so()
    {
        using var harness = new ConsoleHarness(configure: options => options with { UnitIdEntry = EntryRule.Off });

        harness.Scan("SN-1");

        Assert.Empty(harness.UnitIds);
        Assert.Contains("unit-id entry is off", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Required_unit_id_refuses_a_start_until_every_started_socket_has_one()
    {
        using var harness = new ConsoleHarness(sockets: 2, configure: options => options with { UnitIdEntry = EntryRule.Required });
        harness.Type("1");
        harness.Scan("SN-1");
        harness.Type("1");

        harness.Press(ConsoleKey.Enter);
        Assert.Empty(harness.Starts);
        Assert.Contains("no unit id on socket 2", harness.Screen(), StringComparison.Ordinal);

        harness.Type("2");
        harness.Scan("SN-2");
        harness.Type("0");
        harness.Press(ConsoleKey.Enter);
        Assert.Single(harness.Starts);
    }

    [Fact]
    public void A_bound_unit_id_belongs_to_one_unit_only()
    {
        using var harness = new ConsoleHarness(configure: options => options with { UnitIdEntry = EntryRule.Required });
        harness.Scan("SN-1");
        harness.Press(ConsoleKey.Enter);

        harness.Console.OnUnitFinished(Outcomes.Pass(1));
        harness.Press(ConsoleKey.Enter);

        Assert.Single(harness.Starts);
        Assert.Contains("scan the unit's barcode first", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lot_and_operator_entries_are_raised_and_shown_in_the_header()
    {
        using var harness = new ConsoleHarness();

        harness.Type("l");
        harness.Scan("LOT-77");
        harness.Type("o");
        harness.Type("Bo");
        harness.Press(ConsoleKey.Enter);

        Assert.Equal([new ShiftEntry("LOT-77", null), new ShiftEntry(null, "Bo")], harness.Shifts);
        var screen = harness.Screen();
        Assert.Contains("Lot LOT-77", screen, StringComparison.Ordinal);
        Assert.Contains("Operator Bo", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_lot_and_operator_refuse_a_start_until_entered()
    {
        using var harness = new ConsoleHarness(configure: options => options with { LotEntry = EntryRule.Required, OperatorEntry = EntryRule.Required });

        harness.Press(ConsoleKey.Enter);
        Assert.Contains("enter the lot first", harness.Screen(), StringComparison.Ordinal);
        harness.Type("l");
        harness.Scan("LOT-1");
        harness.Press(ConsoleKey.Enter);
        Assert.Contains("enter your operator name first", harness.Screen(), StringComparison.Ordinal);
        Assert.Empty(harness.Starts);

        harness.Type("o");
        harness.Scan("Ana");
        harness.Press(ConsoleKey.Enter);
        Assert.Single(harness.Starts);
    }

    [Fact]
    public void An_empty_entry_changes_nothing()
    {
        using var harness = new ConsoleHarness(configure: options => options with { Lot = "LOT-1" });

        harness.Type("l");
        harness.Press(ConsoleKey.Enter);

        Assert.Empty(harness.Shifts);
        Assert.Contains("Lot LOT-1", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_longer_than_the_limit_is_cut_and_the_operator_told()
    {
        using var harness = new ConsoleHarness(configure: options => options with { MaxEntryLength = 8 });

        harness.Scan("0123456789ABC");

        Assert.Equal("01234567", Assert.Single(harness.UnitIds).UnitId);
    }

    [Fact]
    public void V_marks_the_next_start_as_a_verification_unit_once()
    {
        using var harness = new ConsoleHarness();

        harness.Type("v");
        Assert.Contains("Next start: GOLDEN verification unit", harness.Screen(), StringComparison.Ordinal);
        harness.Press(ConsoleKey.Enter);
        harness.Console.OnUnitFinished(Outcomes.Pass(1));
        harness.Type("v");
        harness.Type("v");
        harness.Press(ConsoleKey.Enter);
        harness.Console.OnUnitFinished(Outcomes.Pass(1));
        harness.Press(ConsoleKey.Enter);

        Assert.Equal(
            [VerificationUnitKind.Golden, VerificationUnitKind.KnownBad, VerificationUnitKind.None],
            harness.Starts.Select(start => start.VerificationUnit));
    }

    [Fact]
    public void A_station_that_refuses_a_request_gets_its_reason_on_screen()
    {
        using var harness = new ConsoleHarness();
        harness.Console.StartRequested += (_, _) => throw new InvalidOperationException("the guard is open: close the lid");

        harness.Press(ConsoleKey.Enter);

        Assert.Contains("The station refused the request: the guard is open: close the lid", harness.Screen(), StringComparison.Ordinal);
    }

    private static string TileOf(string screen, int socket)
    {
        // Tiles on one row share lines: take this tile's columns from its title down to its bottom border.
        var lines = screen.Split('\n');
        var title = Array.FindIndex(lines, line => line.Contains($"Socket {socket} ", StringComparison.Ordinal));
        var left = lines[title].LastIndexOfAny(['\u256d', '\u2554'], lines[title].IndexOf($"Socket {socket} ", StringComparison.Ordinal));
        var tile = lines.Skip(title + 1)
            .TakeWhile(line => left < line.Length && line[left] is not ('\u2570' or '\u255a'))
            .Select(line => line[left..Math.Min(line.Length, left + 30)]);
        return string.Join('\n', tile);
    }
}
