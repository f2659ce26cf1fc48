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
