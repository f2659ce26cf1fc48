namespace Fixture.Controller.Selftest;

/// <summary>
/// Puts exactly one socket's unit into its bootrom and says on which sockets' ports a bootrom answered
/// (the probe of every port). On a station whose cables are right, only the socket's own port answers.
/// </summary>
public interface IPortProbe
{
    /// <summary>The socket numbers whose configured port answered while only <paramref name="socket"/>'s unit was in its bootrom.</summary>
    Task<IReadOnlyList<int>> AnsweringPortsAsync(int socket, CancellationToken ct);
}

/// <summary>
/// Each serial port belongs to its socket (issue 12 §1): for every socket in turn, only its unit in the
/// bootrom, every port probed. The socket's own port alone answering is OK. Two sockets answering on
/// each other's port is a swap naming both sockets and both ports; a unit answering on another socket's
/// port only, on several ports, or on none are problems naming the socket and what to check.
/// </summary>
public sealed class PortOwnershipCheck(IReadOnlyList<SelftestSocket> sockets, IPortProbe probe) : ISelftestCheck
{
    public string Name => "port-owner";

    public async Task<IReadOnlyList<SelftestFinding>> RunAsync(CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        ArgumentNullException.ThrowIfNull(probe);
        var answered = new Dictionary<int, IReadOnlyList<int>>();
        foreach (var socket in sockets)
        {
            answered[socket.Number] = await probe.AnsweringPortsAsync(socket.Number, ct);
        }

        var findings = new List<SelftestFinding>();
        var reported = new HashSet<int>();
        foreach (var socket in sockets)
        {
            var ports = answered[socket.Number];
            if (ports is [var only] && only == socket.Number)
            {
                findings.Add(new SelftestFinding(Name, socket.Number, SelftestLevel.Ok, $"only socket {socket.Number}'s unit answers on {socket.PortName}."));
                continue;
            }

            if (reported.Contains(socket.Number))
            {
                continue;
            }

            if (ports is [var other] && answered.TryGetValue(other, out var back) && back is [var mine] && mine == socket.Number)
            {
                var theirs = PortOf(other);
                reported.Add(other);
                var text = $"the ports of sockets {socket.Number} and {other} are swapped: socket {socket.Number}'s unit answers on {theirs} (socket {other}'s port) and socket {other}'s unit on {socket.PortName}. Swap the two USB-UART cables (or the two serial.port entries of the configuration), then run the selftest again.";
                findings.Add(new SelftestFinding(Name, socket.Number, SelftestLevel.Problem, text));
                findings.Add(new SelftestFinding(Name, other, SelftestLevel.Problem, text));
                continue;
            }

            findings.Add(new SelftestFinding(Name, socket.Number, SelftestLevel.Problem, ports.Count switch
            {
                0 => $"with socket {socket.Number}'s unit in its bootrom no port answered (expected {socket.PortName}): check that a unit is in socket {socket.Number}, its cable and its adapter, then run the selftest again.",
                1 => $"socket {socket.Number}'s unit answers on {PortOf(ports[0])} (socket {ports[0]}'s port), not on its own {socket.PortName}: the cables of sockets {socket.Number} and {ports[0]} are crossed; fix the cabling or the configuration's serial.port entries.",
                _ => $"socket {socket.Number}'s unit answers on the ports of sockets {string.Join(", ", ports)}: two sockets share one unit's UART (a short or a miswired harness); check socket {socket.Number}'s wiring.",
            }));
        }

        return findings;
    }

    private string PortOf(int socket) => sockets.FirstOrDefault(s => s.Number == socket)?.PortName ?? $"socket {socket}'s port";
}
