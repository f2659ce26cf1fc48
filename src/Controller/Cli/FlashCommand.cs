using System.CommandLine;
using Fixture.Controller.Configuration;
using Fixture.Controller.Station;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture flash`: one unit on one socket, no loop. Exit code = verdict: 0 PASS, 1 FAIL or REWORK,
/// 2 bad input, 3 station fault (FIXTURE_FAULT, or the station could not open). With `--port P` it needs no
/// configuration file: a one-socket bench is built in memory (<see cref="OneSocketStation"/>, issue 14 §1).
/// </summary>
internal static class FlashCommand
{
    /// <summary>The recipe a bench flashes when no --recipe is given (found here or beside the program).</summary>
    public const string DefaultRecipe = "config/recipes/openbl602-sim/recipe.json";

    public static Command Create()
    {
        var options = new StationCliOptions();
        var socket = new Option<int>("--socket") { Description = "The socket the unit sits in.", DefaultValueFactory = _ => 1, HelpName = "N" };
        var port = new Option<string?>("--port") { Description = "Quick start without a configuration file: the USB-UART's port; a one-socket station is built in memory.", HelpName = "PORT" };
        var wiring = new Option<string?>("--wiring") { Description = "With --port: how POWER, BOOT and CHIP_EN are worked: dtr-rts (BOOT on RTS, CHIP_EN on DTR; the default), manual (the operator, one instruction at a time, Enter to go on), none (the unit is already in download mode; booted with flash_boot 0x33).", HelpName = "dtr-rts|manual|none" };
        var saveConfig = new Option<string?>("--save-config") { Description = "With --port: also write the one-socket station's configuration to FILE (for config validate / config pin).", HelpName = "FILE" };
        var command = new Command("flash", "Flash, verify and report one unit on one socket; the exit code is its verdict (0 PASS, 1 FAIL/REWORK, 2 bad input, 3 station fault).");
        options.AddTo(command);
        command.Options.Add(socket);
        command.Options.Add(port);
        command.Options.Add(wiring);
        command.Options.Add(saveConfig);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!options.TryRead(parse, error, out var stationOptions, out var composition))
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(port) is { } portName)
            {
                if (!TryBench(portName, parse.GetValue(wiring), parse.GetValue(saveConfig), stationOptions, composition, output, error, out stationOptions))
                {
                    return ExitCodes.BadInput;
                }
            }
            else if (parse.GetValue(wiring) is not null || parse.GetValue(saveConfig) is not null)
            {
                error.WriteLine("fixture flash: --wiring and --save-config describe a one-socket bench: give --port PORT with them (a configuration file says its own wiring).");
                return ExitCodes.BadInput;
            }

            if (!SetupErrors.TrySetUp(parse, () => StationFactory.Open(stationOptions, new PlainLineObserver(output), composition), out FixtureStation station, out var setupExit))
            {
                return setupExit;
            }

            using (station)
            {
                var (exit, row) = await OneSocketRun.RunAsync(station, parse.GetValue(socket), "flash", output, error, cancellationToken);
                return exit ?? OneSocketRun.ExitCodeOf(row!);
            }
        });
        return command;
    }

    /// <summary>`--port`: the in-memory one-socket bench instead of a configuration file; false (one line said) on bad input. `fixture restore --port` uses it too.</summary>
    internal static bool TryBench(string portName, string? wiringText, string? saveTo, StationOptions given, StationComposition composition, TextWriter output, TextWriter error, out StationOptions options, string command = "flash")
    {
        options = given;
        if (given.ConfigPath is not null || composition is not LineStation)
        {
            error.WriteLine($"fixture {command}: --port builds a one-socket station of its own: give --port or --config/--sim, not both.");
            return false;
        }

        var wiring = BenchWiring.DtrRts;
        if (wiringText is not null && !OneSocketStation.TryParseWiring(wiringText, out wiring))
        {
            error.WriteLine($"fixture {command}: --wiring {wiringText}: use one of {string.Join(", ", OneSocketStation.WiringNames)}.");
            return false;
        }

        if (OneSocketStation.PortProblem(portName) is { } problem)
        {
            error.WriteLine($"fixture {command}: {problem}");
            return false;
        }

        var recipe = given.RecipePath ?? FindDefaultRecipe();
        if (recipe is null)
        {
            error.WriteLine($"fixture {command}: --port: no recipe given and the default {DefaultRecipe} was not found here or beside the program: give --recipe FILE.");
            return false;
        }

        var bench = new OneSocketStation(portName, wiring, recipe, given.ReportDirectory);
        if (saveTo is not null)
        {
            try
            {
                bench.Save(saveTo);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"fixture {command}: --save-config {saveTo}: {e.Message}");
                return false;
            }

            output.WriteLine($"configuration of this one-socket station written to {Path.GetFullPath(saveTo)} (check it with `fixture config validate --config {saveTo}`, approve it with `fixture config pin`)");
        }

        options = given with { Bench = bench, RecipePath = Path.GetFullPath(recipe) };
        return true;
    }

    private static string? FindDefaultRecipe() =>
        new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }.Select(folder => Path.Combine(folder, DefaultRecipe)).FirstOrDefault(File.Exists);
}
