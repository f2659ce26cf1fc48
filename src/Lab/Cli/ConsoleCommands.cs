using System.CommandLine;
using System.Globalization;
using Fixture.Controller.OperatorScreen;
using Fixture.Lab.OperatorScreen.Demo;
using Fixture.Simulator.Timing;
using Spectre.Console;

namespace Fixture.Lab.Cli;

/// <summary>
/// `fixture-lab console demo`: the operator console replaying a scripted shift, so operators and
/// integrators can see the screen without a station. It is labelled a demo on screen; nothing is
/// flashed and no report is written.
/// </summary>
internal static class ConsoleCommands
{

    public static Command Create() =>
        new("console", "The operator console (the screen `fixture run` shows on an interactive terminal).")
        {
            CreateDemo(),
        };

    private static Command CreateDemo()
    {
        var sockets = new Option<int>("--sockets") { Description = "Sockets to show, 1 to 8.", DefaultValueFactory = _ => 4 };
        var speed = new Option<double>("--speed") { Description = "Replay speed (1 = real time; 4 = four times faster).", DefaultValueFactory = _ => 1.0 };
        var manual = new Option<bool>("--manual") { Description = "Wait for Enter to start each unit instead of replaying by itself." };
        var command = new Command("demo", "Replay a scripted shift on the operator console (a demo: no station, nothing is flashed). Ctrl+C ends it.")
        {
            sockets, speed, manual,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var count = parse.GetValue(sockets);
            if (count is < 1 or > 8)
            {
                error.WriteLine($"fixture-lab console demo: --sockets {count.ToString(CultureInfo.InvariantCulture)} is outside 1 to 8.");
                return ExitCodes.BadInput;
            }

            var factor = parse.GetValue(speed);
            if (!(factor > 0) || double.IsInfinity(factor))
            {
                error.WriteLine($"fixture-lab console demo: --speed {factor.ToString(CultureInfo.InvariantCulture)} must be a positive factor, e.g. 1 or 4.");
                return ExitCodes.BadInput;
            }

            if (!OperatorConsole.IsSupported())
            {
                error.WriteLine(
                    "fixture-lab console demo: the operator console needs an interactive terminal (input and output not redirected, "
                    + $"ANSI, at least {OperatorConsole.MinimumWidth} columns). `fixture run` prints plain lines in that case.");
                return ExitCodes.BadInput;
            }

            await RunDemoAsync(count, factor, parse.GetValue(manual), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task RunDemoAsync(int sockets, double speed, bool manual, CancellationToken cancellationToken)
    {
        TimeProvider time = speed == 1.0 ? TimeProvider.System : new ScaledTimeProvider(TimeProvider.System, speed);
        var options = new OperatorConsoleOptions
        {
            StationId = "demo",
            StationName = "Demo station",
            Recipe = "openbl602 (demo)",
            Sockets = [.. Enumerable.Range(1, sockets)],
            Banner = "DEMO: a scripted shift replayed. No station is connected, nothing is flashed, no report is written. Ctrl+C ends it.",
        };
        var console = new OperatorConsole(AnsiConsole.Console, options, time);
        var shift = new ScriptedShift(console, options.Sockets, options.StationId, time)
        {
            AutoRestartAfter = manual ? null : TimeSpan.FromSeconds(4),
        };
        shift.Attach(console);
        shift.Open();
        if (!manual)
        {
            shift.Start(null);
        }

        await console.RunAsync(cancellationToken);
        shift.Close();
    }
}
