using System.CommandLine;
using System.Globalization;
using Fixture.Controller.Station;

namespace Fixture.Controller.Cli;

/// <summary>The station options `run` and `flash` share, and their checks (bad input → exit 2, nothing touched).</summary>
internal sealed class StationCliOptions
{
    private readonly Option<string?> _config = new("--config") { Description = "Station configuration (default with --sim: config/station.sim.json).", HelpName = "FILE" };
    private readonly Option<bool> _sim = new("--sim") { Description = "Run the simulated station: simulated units behind simulated relays, UARTs and supply monitors." };
    private readonly Option<int?> _sockets = new("--sockets") { Description = "Simulated station: number of sockets (1–8).", HelpName = "N" };
    private readonly Option<string?> _faults = new("--faults") { Description = "Simulated station: fault profile the units are drawn from (none, mixed, soak).", HelpName = "PROFILE" };
    private readonly Option<string[]> _fault = new("--fault") { Description = "Simulated station: a fault for every unit of one socket, SOCKET:FAULT (e.g. 1:weak-supply=2, 2:crossed-port, 1:sagging-supply); repeatable.", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> _unit = new("--unit") { Description = "Simulated station: every unit from this unit file (config/units/*.json), each counted up so no two are alike (default: the three real units in turn).", HelpName = "FILE" };
    private readonly Option<string?> _recipe = new("--recipe") { Description = "Recipe file instead of the configuration's.", HelpName = "FILE" };
    private readonly Option<string?> _reports = new("--reports") { Description = "Report folder instead of the configuration's.", HelpName = "DIR" };
    private readonly Option<bool> _realtime = new("--realtime") { Description = "Simulated station: real time instead of modelled time (demo, gang benchmark)." };
    private readonly Option<double?> _speed = new("--speed") { Description = "Simulated station in real time: speed-up factor (1 = wall clock).", HelpName = "X" };
    private readonly Option<int> _seed = new("--seed") { Description = "Simulated station: seed of the drawn fault population.", DefaultValueFactory = _ => 1 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _config, _sim, _sockets, _faults, _fault, _unit, _recipe, _reports, _realtime, _speed, _seed })
        {
            command.Options.Add(option);
        }
    }

    public bool TryRead(ParseResult parse, TextWriter error, out StationOptions options)
    {
        var sim = parse.GetValue(_sim);
        options = new StationOptions
        {
            ConfigPath = parse.GetValue(_config),
            Simulated = sim,
            Sockets = parse.GetValue(_sockets),
            FaultProfile = parse.GetValue(_faults),
            SocketFaults = parse.GetValue(_fault) ?? [],
            UnitFile = parse.GetValue(_unit),
            RecipePath = parse.GetValue(_recipe),
            ReportDirectory = parse.GetValue(_reports),
            RealTime = parse.GetValue(_realtime),
            Speed = parse.GetValue(_speed),
            Seed = parse.GetValue(_seed),
        };
        var command = parse.CommandResult.Command.Name;
        if (!sim && (options.Sockets is not null || options.FaultProfile is not null || options.SocketFaults.Count > 0 || options.UnitFile is not null || options.RealTime || options.Speed is not null))
        {
            error.WriteLine($"fixture {command}: --sockets, --faults, --fault, --unit, --realtime and --speed belong to the simulated station: add --sim.");
            return false;
        }

        if (options.Speed is { } speed && (!(speed > 0) || double.IsInfinity(speed)))
        {
            error.WriteLine($"fixture {command}: --speed {speed.ToString(CultureInfo.InvariantCulture)} must be a positive factor, e.g. 1 or 4.");
            return false;
        }

        if (options.Speed is not null && !options.RealTime)
        {
            options = options with { RealTime = true };
        }

        return true;
    }
}
