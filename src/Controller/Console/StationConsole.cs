using Fixture.Controller.Station;
using Spectre.Console;

namespace Fixture.Controller.OperatorScreen;

/// <summary>An opened station run interactively on the operator console (`fixture run` on a terminal).</summary>
public static class StationConsole
{
    /// <summary>The console for <paramref name="station"/>: its sockets, recipe and entry rules, and a label on a simulated station.</summary>
    public static OperatorConsole Create(FixtureStation station, IAnsiConsole terminal, TimeProvider time)
    {
        var options = OperatorConsoleOptions.For(station.Config, station.Settings.Config, $"{station.Recipe.Name}, version {station.Recipe.Version}") with
        {
            StationId = station.StationId,
            Banner = station.Banner,
        };
        var console = new OperatorConsole(terminal, options, time);
        console.OnCountsChanged(station.Counts);
        return console;
    }

    /// <summary>
    /// Hands the station's events over to <paramref name="console"/> and runs the station with the
    /// console's keys and the panel's buttons until <paramref name="stop"/> (Ctrl+C); the screen is
    /// drawn meanwhile and once more at the end.
    /// </summary>
    public static async Task RunAsync(FixtureStation station, OperatorConsole console, ObserverHandOver observer, CancellationToken stop)
    {
        observer.HandOver(console);
        console.ConfirmInstruction = station.Prompts.TryConfirm;
        using var screenStop = new CancellationTokenSource();

        // The station subscribes to the console's keys before the screen starts reading them: an early Enter is not lost.
        var running = station.RunInteractiveAsync([console, new PanelInput(station)], stop);
        var screen = console.RunAsync(screenStop.Token);
        try
        {
            await running;
        }
        finally
        {
            await screenStop.CancelAsync();
            await screen;
        }
    }
}
