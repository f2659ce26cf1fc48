using Fixture.Controller.Selftest;

namespace Fixture.Controller.Simulation;

/// <summary>
/// The simulated station's wiring as the port-ownership probe sees it, without powering anything: socket
/// N's unit is on the wire <c>sim:N</c>, so a configuration whose <c>serial.port</c> entries are crossed
/// makes another socket's port answer; a socket with the <c>crossed-port</c> station fault has its cable
/// swapped with its neighbour's (socket 2 with socket 1, socket 1 with socket 2, socket 3 with socket 4 …).
/// </summary>
internal sealed class SimulatedPortProbe(IReadOnlyList<SelftestSocket> sockets, Func<int, bool> crossedPort) : IPortProbe
{
    public Task<IReadOnlyList<int>> AnsweringPortsAsync(int socket, CancellationToken ct)
    {
        var wire = Wire(socket);
        IReadOnlyList<int> answering = [.. sockets.Where(s => string.Equals(PortWire(s), wire, StringComparison.Ordinal)).Select(s => s.Number)];
        return Task.FromResult(answering);
    }

    /// <summary>The wire socket <paramref name="socket"/>'s unit is on (its cable, after a crossed-port fault).</summary>
    private static string Wire(int socket) => $"sim:{socket}";

    /// <summary>Which wire a socket's configured port reaches: its name, or its crossed neighbour's.</summary>
    private string PortWire(SelftestSocket socket)
    {
        var number = socket.PortName.StartsWith("sim:", StringComparison.Ordinal) && int.TryParse(socket.PortName.AsSpan(4), out var n) ? n : socket.Number;
        return Neighbour(number) is { } other && (crossedPort(number) || crossedPort(other)) ? $"sim:{other}" : $"sim:{number}";
    }

    private int? Neighbour(int socket)
    {
        var partner = socket % 2 == 1 ? socket + 1 : socket - 1;
        return sockets.Any(s => s.Number == partner) ? partner : null;
    }
}
