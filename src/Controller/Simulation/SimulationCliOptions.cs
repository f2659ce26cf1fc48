using System.CommandLine;
using System.Globalization;
using Fixture.Controller.Station;

namespace Fixture.Controller.Simulation;

/// <summary>
/// `--sim` and the options that belong to the simulated station (`--sockets`, `--faults`, `--fault`,
/// `--unit`, `--realtime`, `--speed`, `--seed`), and what they compose: the simulated station, or a line station.
/// </summary>
internal sealed class SimulationCliOptions
{
    private readonly Option<bool> _sim = new("--sim") { Description = "Run the simulated station: simulated units behind simulated relays, UARTs and supply monitors." };
    private readonly Option<int?> _sockets = new("--sockets") { Description = "Simulated station: number of sockets (1–8).", HelpName = "N" };
    private readonly Option<string?> _faults = new("--faults") { Description = "Simulated station: fault profile the units are drawn from (none, mixed, soak).", HelpName = "PROFILE" };
    private readonly Option<string[]> _fault = new("--fault") { Description = "Simulated station: a fault for every unit of one socket, SOCKET:FAULT (e.g. 1:weak-supply=2, 2:crossed-port, 1:sagging-supply, 1:adapter-max=1000000 for an adapter that cannot clock above 1 Mbaud either way, 1:adapter-tx-max=1000000 for one whose transmit path fails above 1 Mbaud while it still reads the 2 Mbaud console); repeatable.", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> _unit = new("--unit") { Description = "Simulated station: every unit from this unit file (config/units/*.json), each counted up so no two are alike (default: the three real units in turn).", HelpName = "FILE" };
    private readonly Option<bool> _realtime = new("--realtime") { Description = "Simulated station: real time instead of modelled time (demo, gang benchmark)." };
    private readonly Option<double?> _speed = new("--speed") { Description = "Simulated station in real time: speed-up factor (1 = wall clock).", HelpName = "X" };
    private readonly Option<int> _seed = new("--seed") { Description = "Simulated station: seed of the drawn fault population.", DefaultValueFactory = _ => 1 };

    /// <summary>The options in help order, `--sim` first.</summary>
    public IEnumerable<Option> All => [_sim, _sockets, _faults, _fault, _unit, _realtime, _speed, _seed];

    /// <summary>The composition the command line asks for; false (the reason written) on a simulated-only option without `--sim` or a bad speed.</summary>
    public bool TryRead(ParseResult parse, TextWriter error, out StationComposition composition)
    {
        composition = LineStation.Instance;
        var options = new SimulationOptions
        {
            Sockets = parse.GetValue(_sockets),
            FaultProfile = parse.GetValue(_faults),
            SocketFaults = parse.GetValue(_fault) ?? [],
            UnitFile = parse.GetValue(_unit),
            RealTime = parse.GetValue(_realtime),
            Speed = parse.GetValue(_speed),
            Seed = parse.GetValue(_seed),
        };
        var command = parse.CommandResult.Command.Name;
        if (!parse.GetValue(_sim))
        {
            if (options.Sockets is not null || options.FaultProfile is not null || options.SocketFaults.Count > 0 || options.UnitFile is not null || options.RealTime || options.Speed is not null)
            {
                error.WriteLine($"fixture {command}: --sockets, --faults, --fault, --unit, --realtime and --speed belong to the simulated station: add --sim.");
                return false;
            }

            return true;
        }

        if (options.Speed is { } speed && (!(speed > 0) || speed > SimulationComposition.MaxSpeed))
        {
            error.WriteLine($"fixture {command}: --speed {speed.ToString(CultureInfo.InvariantCulture)} is {(speed > 0 ? "too fast" : "not a positive factor")}: "
                + $"the real-time simulation honours 1 to {SimulationComposition.MaxSpeed.ToString(CultureInfo.InvariantCulture)} (faster, the host's own work would count as seconds of the unit's time and fail good units). "
                + "For results as fast as the machine allows, leave out --speed and --realtime (modelled time).");
            return false;
        }

        composition = new SimulationComposition(options.Speed is not null ? options with { RealTime = true } : options);
        return true;
    }
}
