using Fixture.Hal.Lines;
using Fixture.Hal.Serial;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Wire;

namespace Fixture.Controller.Selftest;

/// <summary>One socket as the bootrom port probe drives it: its wiring and its configured serial port.</summary>
/// <param name="BootromBaud">The rate this port greets a bootrom at (the socket's configured bootrom baud; the bootrom detects any).</param>
public sealed record ProbedSocket(int Number, ISocketSequences Sequences, ISerialLink Link, int BootromBaud);

/// <summary>
/// The port-ownership probe on the station's own wiring (issue 12 §1): only socket N's unit is put into its
/// bootrom with the socket's download-mode sequence (BOOT strap, reset, POWER), then every socket's port
/// sends the bootrom's auto-baud burst and waits for its <c>OK</c>; socket N's unit is powered off again
/// before the next socket is tried. It needs a unit in every socket (any unit with a working bootrom:
/// every BL602/TG7100C has one); a socket without one answers on no port and the check says so.
/// </summary>
/// <remarks>
/// Ports other than the one being probed hold TX low (a break) so an idle-high TX cannot back-power an
/// unpowered unit (docs/wiring.md). The bootrom's 0x55 burst and its <c>OK</c> change nothing on a unit:
/// the flash is not touched.
/// </remarks>
public sealed class BootromPortProbe : IPortProbe, IDisposable
{
    private readonly IReadOnlyList<ProbedSocket> _sockets;
    private readonly TimeProvider _time;
    private readonly TimeSpan _offTime;
    private readonly BootromOptions _options;
    private readonly Dictionary<int, ByteChannel> _channels = [];

    /// <param name="sockets">Every socket of the station, in order.</param>
    /// <param name="time">The station's clock.</param>
    /// <param name="offTime">How long a unit stays off after its turn, so it is discharged before the next socket's.</param>
    public BootromPortProbe(IReadOnlyList<ProbedSocket> sockets, TimeProvider time, TimeSpan offTime)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        ArgumentNullException.ThrowIfNull(time);
        _sockets = sockets;
        _time = time;
        _offTime = offTime;
        // Two bursts per port: a bootrom answers the first; a silent port costs about a quarter of a second.
        _options = new BootromOptions { Handshake = new HandshakeOptions { Attempts = 2 } };
    }

    public async Task<IReadOnlyList<int>> AnsweringPortsAsync(int socket, CancellationToken ct)
    {
        var tried = _sockets.FirstOrDefault(s => s.Number == socket)
            ?? throw new ArgumentOutOfRangeException(nameof(socket), socket, "not a socket of this station");
        foreach (var s in _sockets)
        {
            Open(s);
        }

        var answering = new List<int>();
        try
        {
            await tried.Sequences.EnterDownloadModeAsync(ct);
            foreach (var port in _sockets)
            {
                if (await AnswersAsync(port, ct))
                {
                    answering.Add(port.Number);
                }
            }
        }
        finally
        {
            await tried.Sequences.PowerOffAsync(_offTime, CancellationToken.None);
        }

        return answering;
    }

    /// <summary>Closes every port the probe opened.</summary>
    public void Dispose()
    {
        foreach (var (number, channel) in _channels)
        {
            channel.Dispose();
            var link = _sockets.First(s => s.Number == number).Link;
            try
            {
                link.Close();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or Hal.HardwareFaultException)
            {
                // The port is gone already; nothing is left to release.
            }
        }

        _channels.Clear();
    }

    private void Open(ProbedSocket socket)
    {
        if (_channels.ContainsKey(socket.Number))
        {
            return;
        }

        if (socket.Link.IsOpen)
        {
            socket.Link.SetBaudRate(socket.BootromBaud);
        }
        else
        {
            socket.Link.Open(socket.BootromBaud);
        }

        socket.Link.SetBreak(true);
        _channels[socket.Number] = new ByteChannel(socket.Link.Stream, _time, $"socket {socket.Number} ({socket.Link.PortName})");
    }

    private async Task<bool> AnswersAsync(ProbedSocket port, CancellationToken ct)
    {
        var channel = _channels[port.Number];
        port.Link.SetBreak(false);
        try
        {
            channel.DiscardInput();
            await new BootromClient(channel, _time, _options).HandshakeAsync(port.BootromBaud, ct);
            return true;
        }
        catch (IspException)
        {
            // No OK within the bursts (HandshakeFailedException) or nothing at all: not this unit's port.
            return false;
        }
        finally
        {
            port.Link.SetBreak(true);
        }
    }
}
