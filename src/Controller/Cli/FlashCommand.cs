using System.CommandLine;
using Fixture.Controller.Station;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture flash`: one unit on one socket, no loop. Exit code = verdict: 0 PASS, 1 FAIL or REWORK,
/// 2 bad input, 3 station fault (FIXTURE_FAULT, or the station could not open).
/// </summary>
internal static class FlashCommand
{
    public static Command Create()
    {
        var options = new StationCliOptions();
        var socket = new Option<int>("--socket") { Description = "The socket the unit sits in.", DefaultValueFactory = _ => 1, HelpName = "N" };
        var command = new Command("flash", "Flash, verify and report one unit on one socket; the exit code is its verdict (0 PASS, 1 FAIL/REWORK, 2 bad input, 3 station fault).");
        options.AddTo(command);
        command.Options.Add(socket);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!options.TryRead(parse, error, out var stationOptions, out var composition))
            {
                return ExitCodes.BadInput;
            }

            if (!SetupErrors.TrySetUp(parse, () => StationFactory.Open(stationOptions, new PlainLineObserver(output), composition), out FixtureStation station, out var setupExit))
            {
                return setupExit;
            }

            using (station)
            {
                var (exit, row) = await OneSocketRun.RunAsync(station, parse.GetValue(socket), "flash", error, cancellationToken);
                return exit ?? OneSocketRun.ExitCodeOf(row!);
            }
        });
        return command;
    }
}
