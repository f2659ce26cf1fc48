using System.CommandLine;
using System.Globalization;
using Fixture.Controller.OperatorScreen;
using Fixture.Controller.Reports;
using Fixture.Controller.Station;
using Spectre.Console;
using Fixture.Protocol.Text;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture run`: the station. With `--sim --units N` it presses the start button N times per socket,
/// prints a summary and exits 0 once the run completed, whatever the units' verdicts; without
/// `--units` it is interactive (GPIO start button or Enter) until Ctrl+C: on the operator console when
/// the terminal is interactive (unless `--plain`), else with plain lines.
/// </summary>
internal static class RunCommand
{
    /// <summary>How long `run --units` waits, at most, for the typed commands a script gives before its first start.</summary>
    private static readonly TimeSpan LeadingCommandsWait = TimeSpan.FromSeconds(2);

    public static Command Create()
    {
        var options = new StationCliOptions();
        var units = new Option<int?>("--units") { Description = "Press the start button this many times per socket, then print a summary and exit.", HelpName = "N" };
        var plain = new Option<bool>("--plain") { Description = "Print plain lines even on an interactive terminal (no operator console)." };
        var command = new Command("run", "Run the station: flash, verify and report every unit (interactive; --units N for a scripted run).");
        options.AddTo(command);
        command.Options.Add(units);
        command.Options.Add(plain);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!options.TryRead(parse, error, out var stationOptions, out var composition))
            {
                return ExitCodes.BadInput;
            }

            var count = parse.GetValue(units);
            if (count is < 1)
            {
                error.WriteLine($"fixture run: --units {count} must be at least 1.");
                return ExitCodes.BadInput;
            }

            // The operator console needs the opened station; until then (and for good in plain mode) lines are printed.
            var useConsole = count is null && !parse.GetValue(plain) && !CommandCatalog.InputRedirected && OperatorConsole.IsSupported();
            var observer = new ObserverHandOver(new PlainLineObserver(output));
            if (!SetupErrors.TrySetUp(parse, () => StationFactory.Open(stationOptions, observer, composition), out FixtureStation station, out var setupExit))
            {
                return setupExit;
            }

            using (station)
            {
                station.SafeState.InstallProcessHooks();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Station {station.StationId}: {station.SocketCount} socket(s), recipe '{station.Recipe.Name}' (firmware {station.Recipe.FirmwareVersion}), {station.Kind}; reports in {station.ReportDirectory}"));
                foreach (var note in station.StartupNotes)
                {
                    output.WriteLine(note);
                }

                if (count is { } n)
                {
                    // Typed commands (lot, op, id, a) apply to the units that start after they are read; those a
                    // script gives before its first empty line (or the end of its input) apply from the first unit.
                    using var typed = new PlainConsoleInput(CommandCatalog.StandardInput);
                    using var listening = station.Listen(typed);
                    typed.Start(cancellationToken);
                    if (CommandCatalog.InputRedirected)
                    {
                        // Bounded: an input that stays open and silent (some CI runners) must not hold the run.
                        await Task.WhenAny(typed.LeadingCommands, Task.Delay(LeadingCommandsWait, TimeProvider.System, cancellationToken));
                    }

                    var summary = await station.RunUnitsAsync(n, cancellationToken);
                    PrintSummary(output, station, summary);
                    return summary.SocketErrors.Count > 0 ? ExitCodes.StationFault : ExitCodes.Ok;
                }

                if (useConsole)
                {
                    var operatorConsole = StationConsole.Create(station, AnsiConsole.Console, TimeProvider.System);
                    await StationConsole.RunAsync(station, operatorConsole, observer, cancellationToken);
                    return ExitCodes.Ok;
                }

                output.WriteLine("Interactive: press the start button or Enter to start every idle socket, 'N' + Enter for socket N, 'a' + Enter to abort, Ctrl+C to stop.");
                using var console = new PlainConsoleInput(CommandCatalog.StandardInput);
                using var endOfStarts = new CancellationTokenSource();
                console.InputClosed += (_, _) =>
                {
                    if (station.HasStartButtons)
                    {
                        observer.OnStationMessage(new StationMessage(StationMessageLevel.Warning, "standard input closed: typed commands are off; the start buttons still work (Ctrl+C stops the station)."));
                        return;
                    }

                    // Nothing can start a unit any more: end cleanly (units already started finish first) instead of waiting forever.
                    observer.OnStationMessage(new StationMessage(StationMessageLevel.Info, "standard input closed and this station has no start button: no unit can be started any more, so the station stops (units already started finish first). For a scripted run use --units N."));
                    endOfStarts.Cancel();
                };
                var inputs = new List<IOperatorInput> { console, new PanelInput(station) };
                var running = station.RunInteractiveAsync(inputs, cancellationToken, endOfStarts.Token);
                console.Start(cancellationToken); // only once the station listens: an early Enter must not be lost
                await running;
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    private static void PrintSummary(TextWriter output, FixtureStation station, StationRunSummary summary)
    {
        // A fixture fault is the station's, not a unit attempt (as the yield report and the header count).
        var outcomes = summary.Outcomes.Where(o => o.Row.FailureCode != FailureCode.FixtureFault).ToList();
        var fixtureFaults = summary.Outcomes.Count - outcomes.Count;
        output.WriteLine();
        var faults = fixtureFaults > 0 ? $"; {Plural.Of(fixtureFaults, "fixture fault")} (the station's, not counted as units: call the technician)." : ".";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Summary: {Plural.Of(outcomes.Count, "unit")}: {outcomes.Count(o => o.Row.Verdict == UnitVerdict.Pass)} PASS, {outcomes.Count(o => o.Row.Verdict == UnitVerdict.Fail)} FAIL, {outcomes.Count(o => o.Row.Verdict == UnitVerdict.Rework)} REWORK{faults}"));
        foreach (var group in outcomes.Where(o => o.Row.FailureCode is not null).GroupBy(o => o.Row.FailureCode!.Value).OrderByDescending(g => g.Count()))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key.ToText(),-16} {group.Count()}"));
        }

        foreach (var error in summary.SocketErrors)
        {
            output.WriteLine("  station fault: " + error);
        }

        var days = summary.Outcomes.Select(o => DateOnly.FromDateTime(o.Row.TimestampUtc.UtcDateTime)).Distinct().OrderBy(d => d);
        foreach (var day in days)
        {
            output.WriteLine($"Report: {station.ReportFile(day)}");
        }
    }
}
