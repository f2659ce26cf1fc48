using Fixture.Controller.Reports;
using Fixture.Controller.Station;

namespace Fixture.Controller.Cli;

/// <summary>One unit on one socket of an opened station, for the commands that do exactly that (`flash`, `restore`).</summary>
internal static class OneSocketRun
{
    /// <summary>
    /// Runs socket <paramref name="number"/> once. Exit is set when there is no row to judge: a socket the station
    /// does not have (2, said on <paramref name="error"/>) or a socket that could not run (3).
    /// </summary>
    /// <remarks>A socket worked by hand (wiring manual) takes the operator's Enter from stdin for its instructions; "a" + Enter aborts.</remarks>
    public static async Task<(int? Exit, UnitReportRow? Row)> RunAsync(FixtureStation station, int number, string command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (number < 1 || number > station.SocketCount)
        {
            error.WriteLine($"fixture {command}: --socket {number}: this station has sockets 1 to {station.SocketCount}.");
            return (ExitCodes.BadInput, null);
        }

        station.SafeState.InstallProcessHooks();
        if (station.Sockets.Any(s => s.Number == number && s.Environment.Wiring == Hal.Lines.SocketWiring.Manual))
        {
            // The operator's Enter answers the socket's instructions; "a" + Enter aborts.
            output.WriteLine($"socket {number} is worked by hand: follow each OPERATOR line, press Enter when done; 'a' + Enter aborts.");
            var keys = new PlainConsoleInput(System.Console.In);
            keys.StartRequested += (_, request) => station.Prompts.TryConfirm(request.Socket ?? number);
            keys.AbortRequested += (_, which) => station.Abort(which, "the operator pressed abort");
            keys.Start(cancellationToken);
        }

        var summary = await station.RunOneAsync(number, cancellationToken);
        return summary.SocketErrors.Count > 0 || summary.Outcomes.Count == 0 ? (ExitCodes.StationFault, null) : (null, summary.Outcomes[0].Row);
    }

    /// <summary>The exit code of a unit's verdict: 0 PASS, 3 FIXTURE_FAULT, 1 any other FAIL or REWORK.</summary>
    public static int ExitCodeOf(UnitReportRow row) => row.Verdict switch
    {
        UnitVerdict.Pass => ExitCodes.Ok,
        _ when row.FailureCode == FailureCode.FixtureFault => ExitCodes.StationFault,
        _ => ExitCodes.Fail,
    };
}
