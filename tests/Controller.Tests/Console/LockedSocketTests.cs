using Fixture.Controller.Station;

namespace Fixture.Controller.Tests.Console;

/// <summary>A locked socket on the console: its tile says why, and T asks a technician id and unlocks it.</summary>
public sealed class LockedSocketTests
{
    private static SocketSnapshot Locked(int socket, string why) =>
        new(socket, StationSocketStates.Locked, why, null, null, null, null, null, TimeSpan.Zero);

    [Fact]
    public void Locked_tile_shows_the_reason_and_is_not_counted_as_running()
    {
        using var harness = new ConsoleHarness(sockets: 4);
        harness.Console.OnSocketChanged(Locked(3, "3 failures in a row on socket 3"));

        harness.Press(ConsoleKey.Enter);

        Assert.Contains("LOCKED", harness.Screen(), StringComparison.Ordinal);
        Assert.Contains("3 failures in a row on socket 3", harness.Screen(), StringComparison.Ordinal);
        // Not "running": Enter still reaches the station, which ignores the locked socket's start.
        Assert.Contains("Started socket 1, 2, 3, 4.", harness.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_waiting_for_its_verification_says_verify_first_and_what_is_missing_and_V_still_starts_it()
    {
        using var harness = new ConsoleHarness(sockets: 2);
        harness.Console.OnSocketChanged(new SocketSnapshot(2, StationSocketStates.VerificationRequired, "Socket 2 needs its verification before production (the station started): the GOLDEN unit (AC:D8:29:6B:B7:ED) must PASS", null, null, null, null, null, TimeSpan.Zero));

        harness.Type("2");
        harness.Type("V");
        harness.Press(ConsoleKey.Enter);

        var screen = SocketTileTests.Unwrapped(harness.Screen());
        Assert.Contains("VERIFY FIRST", screen, StringComparison.Ordinal);
        Assert.Contains("GOLDEN unit (AC:D8:29:6B:B7:ED) must PASS", screen, StringComparison.Ordinal);
        Assert.Equal(new StartRequest(2, Fixture.Controller.Reports.VerificationUnitKind.Golden), Assert.Single(harness.Starts));
    }

    [Fact]
    public void A_worn_out_socket_says_which_part_to_replace_not_how_to_unlock()
    {
        using var harness = new ConsoleHarness(sockets: 1);
        harness.Console.OnSocketChanged(new SocketSnapshot(1, StationSocketStates.WornOut, "socket 1: 100,000 insertions, at its stop limit of 100,000: replace the pogo block of socket 1 now", null, null, null, null, null, TimeSpan.Zero));

        var screen = SocketTileTests.Unwrapped(harness.Screen());

        Assert.Contains("STOPPED: WORN OUT", screen, StringComparison.Ordinal);
        Assert.Contains("replace the pogo block of socket 1 now", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("press T", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_console_golden_and_known_bad_lines_start_the_socket_with_a_verification_unit()
    {
        var input = new PlainConsoleInput(TextReader.Null);
        var starts = new List<StartRequest>();
        input.StartRequested += (_, request) => starts.Add(request);

        input.Handle("golden 2");
        input.Handle("known-bad 1");

        Assert.Equal([new StartRequest(2, Fixture.Controller.Reports.VerificationUnitKind.Golden), new StartRequest(1, Fixture.Controller.Reports.VerificationUnitKind.KnownBad)], starts);
    }

    [Fact]
    public void T_on_the_selected_socket_asks_the_technician_id_and_requests_the_unlock()
    {
        using var harness = new ConsoleHarness(sockets: 4);
        harness.Console.OnSocketChanged(Locked(3, "locked"));

        harness.Type("3");
        harness.Type("T");
        Assert.Contains("Technician id for socket 3", harness.Screen(), StringComparison.Ordinal);
        harness.Type("T042");
        harness.Press(ConsoleKey.Enter);

        var unlock = Assert.Single(harness.Unlocks);
        Assert.Equal(new UnlockEntry(3, "T042"), unlock);
    }

    [Fact]
    public void T_without_a_selected_socket_on_a_gang_station_asks_for_the_socket_first()
    {
        using var harness = new ConsoleHarness(sockets: 4);

        harness.Type("T");

        Assert.Contains("then T", harness.Screen(), StringComparison.Ordinal);
        Assert.Empty(harness.Unlocks);
    }

    [Fact]
    public void Plain_console_unlock_line_names_socket_and_technician()
    {
        var input = new PlainConsoleInput(TextReader.Null);
        UnlockEntry? seen = null;
        input.UnlockRequested += (_, entry) => seen = entry;

        input.Handle("unlock 3 T042");

        Assert.Equal(new UnlockEntry(3, "T042"), seen);
    }
}
