using Fixture.Controller.Station;
using Fixture.Simulator.Faults;

namespace Fixture.Controller.Simulation;

/// <summary>
/// What each simulated unit arrives with, from the simulated station's options: the setup function a
/// test gives, else the fault profile (--faults, or the configuration's) with the per-socket faults
/// (--fault SOCKET:FAULT) laid over it. Bad input is refused naming the option.
/// </summary>
internal static class SimulatedUnitSetups
{
    /// <exception cref="StationSetupException">A profile that does not exist or a --fault that does not parse (bad input).</exception>
    public static Func<int, int, SimulatedUnitSetup> From(SimulationOptions options, SimulationConfig simulation, int sockets)
    {
        if (options.UnitSetups is { } given)
        {
            return given;
        }

        var profileName = options.FaultProfile ?? simulation.FaultProfile;
        FaultProfile profile;
        try
        {
            profile = FaultProfile.Named(profileName);
        }
        catch (ArgumentException e)
        {
            throw new StationSetupException(ExitCodes.BadInput, $"--faults: {e.Message}", e);
        }

        return FromProfile(profile, options.Seed, sockets, PerSocket(options.SocketFaults, sockets));
    }

    /// <summary>The adapter maximum (both directions) the --fault items give socket <paramref name="socketIndex"/>, or null.</summary>
    /// <exception cref="StationSetupException">An item does not parse.</exception>
    public static int? AdapterMaximumBaud(IReadOnlyList<string> items, int sockets, int socketIndex) =>
        PerSocket(items, sockets).TryGetValue(socketIndex, out var setup) ? setup.Station.AdapterMaximumBaud : null;

    /// <summary>Setups drawn from a fault profile, deterministic for a seed; <paramref name="perSocket"/> wins where given.</summary>
    public static Func<int, int, SimulatedUnitSetup> FromProfile(FaultProfile profile, int seed, int sockets, IReadOnlyDictionary<int, SimulatedUnitSetup> perSocket) =>
        (socketIndex, unitIndex) =>
        {
            if (perSocket.TryGetValue(socketIndex, out var fixedSetup))
            {
                return fixedSetup;
            }

            var globalIndex = (unitIndex * sockets) + socketIndex;
            var drawn = profile.Draw(globalIndex, unchecked((seed * 7919) + globalIndex));
            return new SimulatedUnitSetup(drawn.Faults, drawn.Station);
        };

    private static int AdapterMaximum(string item, string value, string name = "adapter-max") =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var baud) && baud >= 300
            ? baud
            : throw new StationSetupException(ExitCodes.BadInput, $"--fault \"{item}\": {name} takes the adapter's highest rate in baud, at least 300, e.g. 1:{name}=1000000.");

    /// <summary>"SOCKET:FAULT" items by socket index: unit faults, or the station faults sagging-supply, crossed-port, adapter-max=BAUD and adapter-tx-max=BAUD.</summary>
    private static Dictionary<int, SimulatedUnitSetup> PerSocket(IReadOnlyList<string> items, int sockets)
    {
        var perSocket = new Dictionary<int, (List<string> Unit, StationFaults Station)>();
        foreach (var item in items)
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !int.TryParse(item.AsSpan(0, colon), out var socket) || socket < 1 || socket > sockets)
            {
                throw new StationSetupException(ExitCodes.BadInput, $"--fault \"{item}\": write SOCKET:FAULT with a socket from 1 to {sockets}, e.g. 1:weak-supply=2 or 2:crossed-port.");
            }

            var entry = perSocket.TryGetValue(socket - 1, out var existing) ? existing : ([], StationFaults.None);
            var fault = item[(colon + 1)..].Trim();
            entry = fault.ToLowerInvariant() switch
            {
                var adapter when adapter.StartsWith("adapter-max=", StringComparison.Ordinal) => (entry.Unit, entry.Station with { AdapterMaximumBaud = AdapterMaximum(item, adapter["adapter-max=".Length..]) }),
                var adapter when adapter.StartsWith("adapter-tx-max=", StringComparison.Ordinal) => (entry.Unit, entry.Station with { AdapterTransmitMaximumBaud = AdapterMaximum(item, adapter["adapter-tx-max=".Length..], "adapter-tx-max") }),
                "sagging-supply" => (entry.Unit, entry.Station with { SaggingSupply = true }),
                "crossed-port" => (entry.Unit, entry.Station with { CrossedPort = true }),
                _ => ([.. entry.Unit, fault], entry.Station),
            };
            perSocket[socket - 1] = entry;
        }

        var setups = new Dictionary<int, SimulatedUnitSetup>();
        foreach (var (socket, (unitItems, station)) in perSocket)
        {
            try
            {
                setups[socket] = new SimulatedUnitSetup(UnitFaultsText.Parse(unitItems), station);
            }
            catch (FormatException e)
            {
                throw new StationSetupException(ExitCodes.BadInput, $"--fault for socket {socket + 1}: {e.Message} (station faults: sagging-supply, crossed-port, adapter-max=BAUD, adapter-tx-max=BAUD)", e);
            }
        }

        return setups;
    }
}
